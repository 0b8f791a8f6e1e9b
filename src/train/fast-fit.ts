/**
 * A faster `model.fit` for the notebooks' models. Same contract for the
 * cases the notebooks use (one input, one output, tensors x and y, epochs,
 * batch size, Math.random shuffle, validation data, per-epoch logs to
 * callbacks, `model.stopTraining`), with less work per batch:
 *
 * - no per-batch callbacks, log objects or tensor bookkeeping: batch losses
 *   stay on the device and are read once per epoch;
 * - fused layers (fast/layers.ts): one tape node per layer instead of one
 *   per small op, with TensorFlow's LSTM and GRU kernels;
 * - fused optimizer updates (fast/optimizer.ts): one TensorFlow op per
 *   weight instead of about fourteen.
 *
 * With `fusedOptimizer: false` the epoch logs equal plain `fit`'s bit for
 * bit for Dense/Conv2D/pooling models. The fused Adam and the recurrent
 * ops change float32 rounding only: tests/unit/fast-fit.test.ts checks a
 * relative difference below 1e-4. Arguments this loop does not handle go
 * to `model.fit` unchanged.
 */
import { tf } from "../backend";
import { ForwardPlan, planForward } from "./fast/layers";
import { FusedLoss, fusedCategoricalCrossentropy } from "./fast/losses";
import { boolAttr, ConstantCache, dtypeAttr, hasNativeBackend, intAttr, runOp1 } from "./fast/native";
import { createWeightUpdater, WeightUpdater } from "./fast/optimizer";

/** Epoch-level callbacks, as in tfjs's `CustomCallbackArgs`. */
export interface FastFitCallbacks {
  onTrainBegin?: (logs?: tf.Logs) => void | Promise<void>;
  onTrainEnd?: (logs?: tf.Logs) => void | Promise<void>;
  onEpochBegin?: (epoch: number, logs?: tf.Logs) => void | Promise<void>;
  onEpochEnd?: (epoch: number, logs?: tf.Logs) => void | Promise<void>;
}

/** Arguments of `fastFit`; any other field of tfjs's ModelFitArgs sends the call to `model.fit`. */
export interface FastFitArgs {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Reshuffle the samples with Math.random before each epoch (default true). */
  shuffle?: boolean;
  /** Held-out data evaluated after each epoch. */
  validationData?: [tf.Tensor, tf.Tensor];
  /** Only 0 (silent) is handled here. */
  verbose?: 0;
  /**
   * Use TensorFlow's fused optimizer ops (default true). false keeps
   * tfjs's own update, whose float32 rounding plain `fit` shares exactly.
   */
  fusedOptimizer?: boolean;
  /** Use the fused layers and loss (default true); false runs the layers' own code. */
  fusedLayers?: boolean;
  /** Epoch-level callbacks. */
  callbacks?: FastFitCallbacks;
  [other: string]: unknown;
}

/** Result of `fastFit`: the per-epoch logs, like tfjs's History. */
export interface FastFitHistory {
  epoch: number[];
  history: Record<string, number[]>;
}

/** The tfjs-layers internals the loop uses (the inner model of a Sequential). */
interface TrainingInternals {
  optimizer_: tf.Optimizer;
  lossFunctions: ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)[];
  metricsTensors: [(yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor, number][];
  metricsNames: string[];
  collectedTrainableWeights: { read(): tf.Variable }[];
  outputs: unknown[];
  inputs: unknown[];
  loss: unknown;
  isTraining: boolean;
  stopTraining_: boolean;
  calculateLosses(): tf.Scalar[];
}

const HANDLED_ARGS = new Set(["epochs", "batchSize", "shuffle", "validationData", "verbose", "callbacks", "fusedOptimizer", "fusedLayers"]);
const CALLBACK_NAMES = new Set(["onTrainBegin", "onTrainEnd", "onEpochBegin", "onEpochEnd"]);
const YIELD_EVERY_MS = 125;

function internalsOf(model: tf.LayersModel): TrainingInternals {
  const inner = model instanceof tf.Sequential ? (model as unknown as { model?: tf.LayersModel }).model : model;
  if (!inner || !(inner as unknown as Partial<TrainingInternals>).optimizer_) {
    throw new Error(`fastFit：模型 ${model.name} 还没有 compile，请先调用 model.compile({ optimizer, loss })`);
  }
  return inner as unknown as TrainingInternals;
}

/** Returns why the call must go to `model.fit`, or undefined when the fast loop handles it. */
function reasonForPlainFit(model: tf.LayersModel, x: unknown, y: unknown, args: FastFitArgs): string | undefined {
  const internals = internalsOf(model);
  if (!(x instanceof tf.Tensor) || !(y instanceof tf.Tensor)) return "x and y are not single tensors";
  if (internals.inputs.length !== 1 || internals.outputs.length !== 1) return "model has several inputs or outputs";
  const extra = Object.keys(args).filter((key) => args[key] !== undefined && !HANDLED_ARGS.has(key));
  if (extra.length > 0) return `arguments ${extra.join(", ")}`;
  if (args.verbose !== undefined && args.verbose !== 0) return "verbose output";
  const callbacks = args.callbacks;
  if (callbacks !== undefined && (Array.isArray(callbacks) || typeof callbacks !== "object" || Object.keys(callbacks).some((key) => !CALLBACK_NAMES.has(key)))) {
    return "callbacks other than epoch-level functions";
  }
  return undefined;
}

function checkArgs(x: tf.Tensor, y: tf.Tensor, epochs: number, batchSize: number): void {
  if (!Number.isInteger(epochs) || epochs < 1) {
    throw new RangeError(`fastFit：epochs 必须是正整数，收到 ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`fastFit：batchSize 必须是正整数，收到 ${batchSize}`);
  }
  if (x.shape[0] !== y.shape[0] || x.shape[0] === 0) {
    throw new RangeError(`fastFit：x 有 ${x.shape[0]} 个样本，y 有 ${y.shape[0]} 个；两者必须相等且大于 0`);
  }
}

/** Splits `count` samples into [start, end) batches of `batchSize`. */
export function batchRanges(count: number, batchSize: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = 0; start < count; start += batchSize) ranges.push([start, Math.min(count, start + batchSize)]);
  return ranges;
}

/**
 * Averages per-batch values weighted by batch size in float32, in the
 * order tfjs adds them (`total += value × size`), then scales as tfjs
 * does: `(1 / count) × total` for training logs, `total / count` for
 * validation logs.
 */
export function averageLikeTfjs(values: ArrayLike<number>, sizes: number[], mode: "train" | "validation"): number {
  let total = 0;
  for (let i = 0; i < sizes.length; i++) total = Math.fround(total + Math.fround(values[i] * sizes[i]));
  const count = sizes.reduce((sum, size) => sum + size, 0);
  return mode === "train" ? Math.fround(Math.fround(1 / count) * total) : Math.fround(total / count);
}

/** Loss and metric functions of the compiled model, as tfjs's train function computes them. */
class CompiledObjective {
  readonly names: string[];
  private readonly fused?: FusedLoss;
  private readonly constants = new ConstantCache();
  private readonly native: boolean;

  constructor(private readonly internals: TrainingInternals, useFused: boolean) {
    this.names = internals.metricsNames.slice();
    this.native = useFused && hasNativeBackend();
    if (this.native && internals.loss === "categoricalCrossentropy") {
      this.fused = fusedCategoricalCrossentropy();
    }
  }

  /** Mean loss plus regularisation penalties (a scalar on the tape). */
  loss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
    let total = this.fused && yPred.rank === 2 ? this.fused(yTrue, yPred) : (tf.mean(this.internals.lossFunctions[0](yTrue, yPred)) as tf.Scalar);
    this.internals.calculateLosses().forEach((penalty) => {
      total = tf.add(total, penalty);
    });
    return total;
  }

  /** Mean loss without penalties, as tfjs's test function reports it. */
  meanLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    return tf.mean(this.internals.lossFunctions[0](yTrue, yPred));
  }

  /** Mean of each compiled metric. */
  metrics(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor[] {
    return this.internals.metricsTensors.map(([metric]) =>
      this.native && yPred.rank === 2 && isCategoricalAccuracy(metric) ? this.categoricalAccuracy(yTrue, yPred) : tf.mean(metric(yTrue, yPred)),
    );
  }

  /** tfjs's categoricalAccuracy and its mean, as five TensorFlow ops without tfjs bookkeeping. */
  private categoricalAccuracy(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Tensor {
    const lastAxis = this.constants.get("last-axis", () => tf.scalar(yPred.rank - 1, "int32"));
    const argMax = (values: tf.Tensor) => runOp1("ArgMax", [dtypeAttr("T", "float32"), dtypeAttr("Tidx", "int32"), dtypeAttr("output_type", "int32")], [values, lastAxis]);
    const hits = runOp1("Equal", [dtypeAttr("T", "int32"), boolAttr("incompatible_shape_error", true)], [argMax(yTrue), argMax(yPred)]);
    const asFloat = runOp1("Cast", [dtypeAttr("SrcT", "bool"), dtypeAttr("DstT", "float32"), boolAttr("Truncate", false)], [hits]);
    return runOp1("Mean", [dtypeAttr("T", "float32"), dtypeAttr("Tidx", "int32"), boolAttr("keep_dims", false)], [asFloat, this.constants.axes([0])]);
  }

  /** Frees the fused loss's and the metrics' constants. */
  dispose(): void {
    this.fused?.dispose();
    this.constants.dispose();
  }
}

/** Returns true for tfjs-layers' categoricalAccuracy (what "accuracy" means with categorical cross-entropy). */
function isCategoricalAccuracy(metric: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor): boolean {
  // The tfjs bundle may suffix function names, e.g. "categoricalAccuracy$1".
  return /^categoricalAccuracy(\$\d+)?$/.test(metric.name);
}

/** Per-batch scalars kept on the device until the epoch ends. */
class BatchValues {
  private readonly values: tf.Tensor[][] = [];
  private readonly sizes: number[] = [];

  push(values: tf.Tensor[], size: number): void {
    values.forEach((value) => tf.keep(value));
    this.values.push(values);
    this.sizes.push(size);
  }

  /** Reads every value with one transfer and returns the averages, in the order of `names`. */
  average(names: string[], mode: "train" | "validation"): Record<string, number> {
    const logs: Record<string, number> = {};
    if (this.values.length === 0) return logs;

    const flat = tf.tidy(() => tf.stack(this.values.map((row) => tf.stack(row))).dataSync());
    names.forEach((name, column) => {
      const columnValues = this.sizes.map((_, row) => flat[row * names.length + column]);
      logs[name] = averageLikeTfjs(columnValues, this.sizes, mode);
    });
    return logs;
  }

  dispose(): void {
    this.values.forEach((row) => tf.dispose(row));
    this.values.length = 0;
    this.sizes.length = 0;
  }
}

/** Yields to the event loop at most every YIELD_EVERY_MS, so a kernel stays responsive. */
function createYielder(): () => Promise<void> {
  let last = Date.now();
  return async () => {
    if (Date.now() - last < YIELD_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    last = Date.now();
  };
}

/** Returns the rows `ids` of `values`: one GatherV2 op, as tf.gather runs it but without its bookkeeping. */
function gatherRows(values: tf.Tensor, ids: tf.Tensor, constants: ConstantCache): tf.Tensor {
  if (!hasNativeBackend() || (values.dtype !== "float32" && values.dtype !== "int32")) return tf.gather(values, ids);
  const axis = constants.get("axis-0", () => tf.scalar(0, "int32"));
  const attrs = [dtypeAttr("Tparams", values.dtype), dtypeAttr("Tindices", "int32"), dtypeAttr("Taxis", "int32"), intAttr("batch_dims", 0)];
  return runOp1("GatherV2", attrs, [values, ids, axis]);
}

/** One training step on the rows `ids`; returns [loss, ...metrics] scalars. */
function trainBatch(context: EpochContext, x: tf.Tensor, y: tf.Tensor, ids: tf.Tensor): tf.Tensor[] {
  const { plan, objective, updater, variables, constants } = context;
  return tf.tidy(() => {
    const xBatch = gatherRows(x, ids, constants);
    const yBatch = gatherRows(y, ids, constants);
    let output: tf.Tensor | undefined;
    const { value, grads } = tf.variableGrads(() => {
      output = tf.keep(plan.run(xBatch, true));
      return objective.loss(yBatch, output);
    }, variables);
    const metrics = objective.metrics(yBatch, output as tf.Tensor);
    (output as tf.Tensor).dispose();
    updater.apply(grads);
    return [value, ...metrics];
  });
}

/** Evaluates the validation data in batches, as tfjs's test loop does. */
function evaluate(plan: ForwardPlan, objective: CompiledObjective, x: tf.Tensor, y: tf.Tensor, batchSize: number): Record<string, number> {
  const values = new BatchValues();
  try {
    for (const [start, end] of batchRanges(x.shape[0], batchSize)) {
      const row = tf.tidy(() => {
        const xBatch = tf.slice(x, start, end - start);
        const yBatch = tf.slice(y, start, end - start);
        const output = plan.run(xBatch, false);
        return [objective.meanLoss(yBatch, output), ...objective.metrics(yBatch, output)];
      });
      values.push(row, end - start);
    }
    const logs = values.average(objective.names, "validation");
    return Object.fromEntries(Object.entries(logs).map(([name, value]) => [`val_${name}`, value]));
  } finally {
    values.dispose();
  }
}

interface EpochContext {
  constants: ConstantCache;
  plan: ForwardPlan;
  objective: CompiledObjective;
  updater: WeightUpdater;
  variables: tf.Variable[];
  internals: TrainingInternals;
  pause: () => Promise<void>;
}

/** Trains one epoch over `order`; returns the logs (validation included when it ran). */
async function trainEpoch(context: EpochContext, x: tf.Tensor, y: tf.Tensor, order: number[], batchSize: number, validationData?: [tf.Tensor, tf.Tensor]): Promise<tf.Logs> {
  const ranges = batchRanges(order.length, batchSize);
  // The batches' row ids, split once per epoch rather than sliced per batch.
  const batchIds = tf.tidy(() => tf.split(tf.tensor1d(order, "int32"), ranges.map(([start, end]) => end - start)));
  const values = new BatchValues();
  try {
    let finished = true;
    for (let batch = 0; batch < ranges.length; batch++) {
      const row = trainBatch(context, x, y, batchIds[batch]);
      values.push(row, ranges[batch][1] - ranges[batch][0]);
      if (context.internals.stopTraining_) {
        finished = false;
        break;
      }
      await context.pause();
    }

    const logs: tf.Logs = values.average(context.objective.names, "train");
    if (finished && validationData) {
      Object.assign(logs, evaluate(context.plan, context.objective, validationData[0], validationData[1], batchSize));
    }
    return logs;
  } finally {
    tf.dispose(batchIds);
    values.dispose();
  }
}

/**
 * Trains `model` (compiled, one input and one output) on `x` and `y` like
 * `model.fit(x, y, args)` and returns the per-epoch logs. Calls that use
 * arguments this loop does not handle go to `model.fit` unchanged.
 */
export async function fastFit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, args: FastFitArgs = {}): Promise<FastFitHistory> {
  if (reasonForPlainFit(model, x, y, args) !== undefined) {
    const { fusedOptimizer: _optimizer, fusedLayers: _layers, ...fitArgs } = args;
    const history = await model.fit(x, y, fitArgs as tf.ModelFitArgs);
    return { epoch: history.epoch, history: history.history as Record<string, number[]> };
  }

  const epochs = args.epochs ?? 1;
  const batchSize = args.batchSize ?? 32;
  checkArgs(x, y, epochs, batchSize);
  const internals = internalsOf(model);
  if (internals.isTraining) {
    throw new Error("fastFit：这个模型正在训练（另一个 fit 还没有结束），请等它结束后再调用");
  }

  const callbacks = args.callbacks ?? {};
  const result: FastFitHistory = { epoch: [], history: {} };
  const useFusedLayers = args.fusedLayers ?? true;
  const plan = planForward(model, useFusedLayers);
  const updater = createWeightUpdater(internals.optimizer_, args.fusedOptimizer ?? true);
  const objective = new CompiledObjective(internals, useFusedLayers);
  const constants = new ConstantCache();
  const context: EpochContext = {
    constants,
    plan,
    objective,
    updater,
    variables: internals.collectedTrainableWeights.map((weight) => weight.read()),
    internals,
    pause: createYielder(),
  };

  internals.isTraining = true;
  internals.stopTraining_ = false;
  try {
    await callbacks.onTrainBegin?.({});
    // fit shuffles one index array in place each epoch; so does this loop,
    // so the same Math.random draws give the same batches.
    const order = Array.from({ length: x.shape[0] }, (_, index) => index);
    for (let epoch = 0; epoch < epochs; epoch++) {
      await callbacks.onEpochBegin?.(epoch, {});
      if (args.shuffle ?? true) tf.util.shuffle(order);

      const logs = await trainEpoch(context, x, y, order, batchSize, args.validationData);
      result.epoch.push(epoch);
      for (const [name, value] of Object.entries(logs)) (result.history[name] ??= []).push(value as number);
      await callbacks.onEpochEnd?.(epoch, logs);
      if (internals.stopTraining_) break;
    }
    await callbacks.onTrainEnd?.({});
  } finally {
    updater.finish();
    plan.dispose();
    objective.dispose();
    constants.dispose();
    internals.isTraining = false;
  }
  return result;
}
