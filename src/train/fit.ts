/**
 * The training loop the notebooks call: the fast loop from fast-fit.ts
 * (same batches and losses as `model.fit`) with live progress, a seeded
 * shuffle, one naming scheme for metrics, a clear stop when the loss turns
 * NaN or infinite, and optional early stopping and learning-rate schedules.
 */
import { tf } from "../backend";
import { withSeed } from "../random";
import { EarlyStopper, EarlyStoppingOptions } from "./early-stopping";
import { fastFit } from "./fast-fit";
import { normalizeMetricName, TrainingHistory } from "./history";
import { InterruptedError, watchInterrupt } from "./interrupt";
import { LearningRateSchedule, setLearningRate } from "./learning-rate";
import { TrainingProgress } from "./progress";

/** Options for `fitWithProgress`. */
export interface FitOptions {
  /** Number of passes over the training data (a positive integer). */
  epochs: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Held-out data evaluated after each epoch. */
  validationData?: [tf.Tensor, tf.Tensor];
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Name of the run in the progress line. */
  label?: string;
  /** Stop when the validation loss stops improving, and restore the best weights. */
  earlyStopping?: EarlyStoppingOptions;
  /** Learning rate per epoch; the rate used is recorded in the history as "lr". */
  learningRateSchedule?: LearningRateSchedule;
  /**
   * Train with the fast loop from fast-fit.ts (default true): the same
   * batches and losses as `model.fit` up to float32 rounding, 2–10× faster
   * on tfjs-node. false calls `model.fit` itself.
   */
  fast?: boolean;
}

function checkInputs(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): void {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new RangeError(`fitWithProgress：epochs 必须是正整数，收到 ${options.epochs}`);
  }
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`fitWithProgress：batchSize 必须是正整数，收到 ${batchSize}`);
  }
  if (x.shape[0] !== y.shape[0]) {
    throw new RangeError(`fitWithProgress：x 有 ${x.shape[0]} 个样本，y 有 ${y.shape[0]} 个，两者必须相等`);
  }
  if (x.shape[0] === 0) {
    throw new RangeError("fitWithProgress：训练数据为空（x 有 0 个样本）");
  }
  if (!model.optimizer) {
    throw new Error(`fitWithProgress：模型 ${model.name} 还没有 compile，请先调用 model.compile({ optimizer, loss })`);
  }
  checkShape("x", x, model.inputs);
  checkShape("y", y, model.outputs);
}

/** Checks a single-tensor input or target against the model's shape (null dimensions match anything). */
function checkShape(name: string, tensor: tf.Tensor, expected: { shape: (number | null)[] }[]): void {
  if (expected.length !== 1) return;
  const expectedDims = expected[0].shape.slice(1);
  const actual = tensor.shape.slice(1);
  const matches = expectedDims.length === actual.length && expectedDims.every((size, axis) => size === null || size === actual[axis]);
  if (!matches) {
    const formatDims = (dims: (number | null)[]) => `[样本数, ${dims.map((size) => size ?? "任意").join(", ")}]`;
    throw new RangeError(`fitWithProgress：${name} 的形状是 [${tensor.shape.join(", ")}]，模型要求 ${formatDims(expectedDims)}。请检查数据的预处理（例如图像是否展平成 784 维）或模型的 inputShape/输出单元数`);
  }
}

/** Error raised when the loss becomes NaN or infinite during training. */
export class DivergedError extends Error {
  /** `history` contains the epochs up to and including the diverged one. */
  constructor(readonly epoch: number, readonly loss: number, readonly history: TrainingHistory = {}) {
    super(
      `训练在第 ${epoch} 轮（epoch）发散：损失（loss）= ${loss}。` +
        "常见原因是学习率（learning rate）过大；请把学习率调小到原来的 1/10 再试，并检查输入是否含 NaN。",
    );
    this.name = "DivergedError";
  }
}

/**
 * Trains `model` (already compiled) on `x`, `y` and returns the normalised
 * history. Shows a live progress line that updates in place each epoch.
 * The loss is checked at the end of every epoch: the first epoch whose loss
 * is not finite stops training with a DivergedError. Interrupting the
 * kernel stops training at the next batch with an InterruptedError.
 */
export async function fitWithProgress(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): Promise<TrainingHistory> {
  checkInputs(model, x, y, options);
  const progress = new TrainingProgress(options.label ?? model.name, options.epochs);
  const stopper = options.earlyStopping ? new EarlyStopper(model, options.earlyStopping) : undefined;
  const history: TrainingHistory = {};
  let diverged: DivergedError | undefined;

  const onEpochBegin = async (epoch: number) => {
    if (!options.learningRateSchedule) return;
    const rate = options.learningRateSchedule(epoch);
    setLearningRate(model.optimizer, rate);
    (history.lr ??= []).push(rate);
  };

  const onEpochEnd = async (epoch: number, logs?: tf.Logs) => {
    for (const [name, value] of Object.entries(logs ?? {})) {
      (history[normalizeMetricName(name)] ??= []).push(value as number);
    }
    progress.show(history, epoch + 1);

    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      diverged = new DivergedError(epoch + 1, loss, history);
      model.stopTraining = true;
    } else if (stopper?.update(epoch + 1, logs?.val_loss)) {
      model.stopTraining = true;
    }
  };

  const interrupt = watchInterrupt(() => {
    model.stopTraining = true;
  });

  progress.show(history, 0);
  let failed = true;
  try {
    const fitArgs = {
      epochs: options.epochs,
      batchSize: options.batchSize ?? 32,
      validationData: options.validationData,
      shuffle: true,
      verbose: 0 as const,
      callbacks: { onEpochBegin, onEpochEnd },
    };
    await withSeed(options.seed ?? 0, () => (options.fast === false ? model.fit(x, y, fitArgs) : fastFit(model, x, y, fitArgs)));
    failed = false;
  } finally {
    interrupt.stop();
    if (failed) {
      progress.note("出错，训练已停止");
      progress.show(history, history.loss?.length ?? 0);
    }
    const restored = stopper?.finish() ?? false;
    if (restored) {
      progress.note(`提前停止（early stopping）：恢复第 ${stopper?.bestEpoch} 轮（验证损失最低）的权重`);
    }
  }

  if (diverged) throw diverged;
  if (interrupt.interrupted) {
    progress.note("已中断");
    progress.show(history, history.loss?.length ?? 0);
    throw new InterruptedError(`${options.label ?? model.name} 在第 ${(history.loss?.length ?? 0) + 1} 轮（epoch）中停止`);
  }
  progress.show(history, history.loss?.length ?? 0, true);
  return history;
}
