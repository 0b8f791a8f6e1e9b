/**
 * Process set-up that must run before @tensorflow/tfjs-node loads;
 * backend.ts imports this module first.
 */
import * as util from "util";

// tfjs-node 4.22 calls util.isNullOrUndefined, which Node.js 23 removed.
const legacyUtil = util as unknown as { isNullOrUndefined?: (value: unknown) => boolean };
if (typeof legacyUtil.isNullOrUndefined !== "function") {
  legacyUtil.isNullOrUndefined = (value: unknown) => value === null || value === undefined;
}

// TensorFlow's C library logs notes to stderr at load. With oneDNN's custom
// ops off (TF_ENABLE_ONEDNN_OPTS=0) TensorFlow 2.21 logs nothing, results
// repeat bit for bit, and MLP training measured no slower here.
process.env.TF_CPP_MIN_LOG_LEVEL ??= "3";
process.env.TF_ENABLE_ONEDNN_OPTS ??= "0";
