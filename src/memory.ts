/**
 * Ownership of values that live across notebook cells. A top-level
 * `const x = tf.tensor(...)` leaks the old tensor each time its cell reruns;
 * `keep("x", tf.tensor(...))` disposes the value that was kept under the
 * same name before, so rerunning a cell leaves `tf.memory().numTensors`
 * where it was.
 */
import { tf } from "./backend";

const kept = new Map<string, unknown>();

/** Disposes tensors, models and optimizers found in `value`, including inside arrays and plain objects. */
export function disposeDeep(value: unknown, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== "object" || seen.has(value)) return;
  seen.add(value);

  if (value instanceof tf.Tensor) {
    value.dispose();
  } else if (value instanceof tf.LayersModel) {
    const optimizer = (value as { optimizer?: tf.Optimizer }).optimizer;
    value.dispose();
    optimizer?.dispose();
  } else if (value instanceof tf.Optimizer) {
    value.dispose();
  } else if (Array.isArray(value)) {
    value.forEach((item) => disposeDeep(item, seen));
  } else if (Object.getPrototypeOf(value) === Object.prototype) {
    Object.values(value).forEach((item) => disposeDeep(item, seen));
  }
}

/**
 * Keeps `value` under `name` and disposes whatever was kept under that name
 * before (unless it is the same object). Returns `value`.
 */
export function keep<T>(name: string, value: T): T {
  const previous = kept.get(name);
  if (previous !== undefined && previous !== value) {
    disposeDeep(previous);
  }
  kept.set(name, value);
  return value;
}

/** Disposes every kept value; used by tests and at the end of a notebook. */
export function releaseAll(): void {
  kept.forEach((value) => disposeDeep(value));
  kept.clear();
}
