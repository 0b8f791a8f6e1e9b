/**
 * Jupyter's "interrupt kernel" sends SIGINT. tslab then stops waiting for
 * the cell, but an async `fit` would go on training in the background.
 * `watchInterrupt` lets a training loop stop at the next batch instead.
 */
import { isInKernel } from "../display/bridge";

/** Error raised when the user interrupts the kernel during training. */
export class InterruptedError extends Error {
  constructor(readonly where: string) {
    super(`训练已中断（interrupted）：${where}。内核仍可继续使用。`);
    this.name = "InterruptedError";
  }
}

/** A running watch; `interrupted` turns true once SIGINT arrives. */
export interface InterruptWatch {
  readonly interrupted: boolean;
  /** Removes the SIGINT listener. */
  stop(): void;
}

/**
 * Calls `onInterrupt` when SIGINT arrives, until `stop()`. Only inside a
 * Jupyter kernel: in a plain Node.js process a SIGINT listener would keep
 * Ctrl+C from ending the program, so there the watch does nothing.
 */
export function watchInterrupt(onInterrupt: () => void = () => undefined): InterruptWatch {
  let interrupted = false;
  let listening = false;
  let stopped = false;
  const listener = () => {
    interrupted = true;
    onInterrupt();
  };

  // tslab runs a cell's synchronous part with vm's breakOnSigint, which
  // takes all SIGINT listeners off and restores the signal's previous
  // disposition when done. A listener added during that time leaves SIGINT
  // at its default action, and the next interrupt kills the kernel (exit by
  // signal 2, seen with Node.js 20). So the listener is added on the next
  // turn of the event loop, after the synchronous part has ended.
  const pending = isInKernel()
    ? setImmediate(() => {
        if (stopped) return;
        process.on("SIGINT", listener);
        listening = true;
      })
    : undefined;

  return {
    get interrupted() {
      return interrupted;
    },
    stop() {
      stopped = true;
      if (pending) clearImmediate(pending);
      if (listening) process.off("SIGINT", listener);
    },
  };
}
