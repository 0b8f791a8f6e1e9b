/**
 * The training loop the notebooks call: `model.fit` with live progress,
 * a seeded shuffle, one naming scheme for metrics, and a clear stop when
 * the loss turns NaN or infinite.
 */
import { tf } from "../backend";
import { withSeed } from "../random";
import { normalizeMetricName, TrainingHistory } from "./history";
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
}

function checkOptions(options: FitOptions): void {
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new RangeError(`fitWithProgress：epochs 必须是正整数，收到 ${options.epochs}`);
  }
  const batchSize = options.batchSize ?? 32;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`fitWithProgress：batchSize 必须是正整数，收到 ${batchSize}`);
  }
}

/** Error raised when the loss becomes NaN or infinite during training. */
export class DivergedError extends Error {
  constructor(readonly epoch: number, readonly loss: number) {
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
 * Throws DivergedError at the end of the first epoch whose loss is not finite.
 */
export async function fitWithProgress(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: FitOptions): Promise<TrainingHistory> {
  checkOptions(options);
  const progress = new TrainingProgress(options.label ?? model.name, options.epochs);
  const history: TrainingHistory = {};
  let diverged: DivergedError | undefined;

  const onEpochEnd = async (epoch: number, logs?: tf.Logs) => {
    for (const [name, value] of Object.entries(logs ?? {})) {
      (history[normalizeMetricName(name)] ??= []).push(value as number);
    }
    progress.show(history, epoch + 1);

    const loss = logs?.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      diverged = new DivergedError(epoch + 1, loss);
      model.stopTraining = true;
    }
  };

  progress.show(history, 0);
  await withSeed(options.seed ?? 0, () =>
    model.fit(x, y, {
      epochs: options.epochs,
      batchSize: options.batchSize ?? 32,
      validationData: options.validationData,
      shuffle: true,
      verbose: 0,
      callbacks: { onEpochEnd },
    }),
  );

  if (diverged) throw diverged;
  progress.show(history, history.loss?.length ?? 0, true);
  return history;
}
