/**
 * The bridge from the library to Jupyter's display protocol. tslab's public
 * `display` API sends one MIME type per call. The plots need a bundle of
 * several: plotly JSON for JupyterLab, HTML for the exported page and plain
 * text for everything else. So this module calls tslab's internal writer
 * (`lastWriteDisplayData` in tslab 1.0.22), which sends a whole bundle. Outside a kernel (unit tests, scripts) bundles go to
 * a replaceable sink that prints the text/plain part.
 */
import { randomBytes } from "crypto";

/** A display bundle: MIME type → content. */
export type MimeBundle = Record<string, unknown>;

/** Receives bundles; `displayId` is set for outputs that update in place. */
export type DisplaySink = (bundle: MimeBundle, displayId: string | undefined, update: boolean) => void;

type TslabWriter = (data: { data: MimeBundle; metadata: object; transient: { display_id?: string } }, update?: boolean) => void;

function tslabWriter(): TslabWriter | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const jupyter = require("tslab/dist/jupyter") as { lastWriteDisplayData?: TslabWriter | null };
    return jupyter.lastWriteDisplayData ?? undefined;
  } catch {
    return undefined;
  }
}

/** Returns true when running inside the tslab kernel (Jupyter), false in plain Node.js. */
export function isInKernel(): boolean {
  return tslabWriter() !== undefined;
}

const printPlainText: DisplaySink = (bundle) => {
  const text = bundle["text/plain"];
  if (typeof text === "string") console.log(text);
};

let sink: DisplaySink | undefined;

/**
 * Replaces the sink that receives bundles, and returns the previous one.
 * Tests use this to capture output; pass undefined to restore the default.
 */
export function setDisplaySink(next: DisplaySink | undefined): DisplaySink | undefined {
  const previous = sink;
  sink = next;
  return previous;
}

function send(bundle: MimeBundle, displayId: string | undefined, update: boolean): void {
  if (sink) {
    sink(bundle, displayId, update);
    return;
  }
  const writer = tslabWriter();
  if (writer) {
    writer({ data: bundle, metadata: {}, transient: displayId ? { display_id: displayId } : {} }, update);
  } else {
    printPlainText(bundle, displayId, update);
  }
}

/** Shows a bundle as a new output of the running cell. */
export function showBundle(bundle: MimeBundle): void {
  send(bundle, undefined, false);
}

/** An output that can be replaced in place, such as a progress line. */
export interface LiveDisplay {
  /** Replaces the output's content (the first call creates it). */
  update(bundle: MimeBundle): void;
}

/** Creates an output that later calls to `update` overwrite in place. */
export function createLiveDisplay(): LiveDisplay {
  const displayId = randomBytes(8).toString("hex");
  let shown = false;
  return {
    update(bundle: MimeBundle) {
      send(bundle, displayId, shown);
      shown = true;
    },
  };
}
