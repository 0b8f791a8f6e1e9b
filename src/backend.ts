/**
 * TensorFlow.js with the native tfjs-node backend. Notebooks and the library
 * import `tf` from here rather than from "@tensorflow/tfjs-node", so the
 * Node.js compatibility shim in compat.ts runs before tfjs-node loads.
 */
import "./compat";
import * as tf from "@tensorflow/tfjs-node";

export { tf };

/** Returns a one-line description of the active backend, e.g. "tensorflow (tfjs 4.22.0, Node.js v20.20.2)". */
export function describeBackend(): string {
  return `${tf.getBackend()} (tfjs ${tf.version.tfjs}, Node.js ${process.version})`;
}
