/**
 * Learning-rate control: setting an optimizer's rate while it trains, and
 * per-epoch schedules (step decay, cosine decay, linear warm-up).
 */
import { tf } from "../backend";

/** Learning rate for a 0-based epoch. */
export type LearningRateSchedule = (epoch: number) => number;

function checkRate(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} 必须是正数，收到 ${value}`);
  }
}

/**
 * Sets the learning rate of a tfjs optimizer in place. SGD and momentum
 * keep the rate in a scalar tensor that `setLearningRate` replaces; Adam,
 * RMSProp and the others read the `learningRate` field at every step.
 */
export function setLearningRate(optimizer: tf.Optimizer, learningRate: number): void {
  checkRate("learningRate", learningRate);
  const settable = optimizer as tf.Optimizer & { setLearningRate?: (rate: number) => void; learningRate?: number };
  if (typeof settable.setLearningRate === "function") {
    settable.setLearningRate(learningRate);
  } else if (typeof settable.learningRate === "number") {
    settable.learningRate = learningRate;
  } else {
    throw new TypeError(`优化器（optimizer）${optimizer.getClassName()} 没有可设置的学习率（learning rate）`);
  }
}

/** Returns the optimizer's current learning rate, or NaN if it has none. */
export function getLearningRate(optimizer: tf.Optimizer): number {
  const rate = (optimizer as tf.Optimizer & { learningRate?: number }).learningRate;
  return typeof rate === "number" ? rate : NaN;
}

/** Step decay: `initial × factor^⌊epoch / every⌋`. */
export function stepSchedule(initial: number, every: number, factor = 0.1): LearningRateSchedule {
  checkRate("initial", initial);
  if (!Number.isInteger(every) || every < 1) throw new RangeError(`every 必须是正整数，收到 ${every}`);
  checkRate("factor", factor);
  return (epoch) => initial * factor ** Math.floor(epoch / every);
}

/** Cosine decay from `initial` at epoch 0 to `minimum` at epoch `epochs - 1`. */
export function cosineSchedule(initial: number, epochs: number, minimum = 0): LearningRateSchedule {
  checkRate("initial", initial);
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs 必须是正整数，收到 ${epochs}`);
  if (!(minimum >= 0 && minimum < initial)) throw new RangeError(`minimum 必须在 [0, initial) 内，收到 ${minimum}`);
  return (epoch) => {
    const progress = epochs === 1 ? 1 : Math.min(epoch, epochs - 1) / (epochs - 1);
    return minimum + ((initial - minimum) * (1 + Math.cos(Math.PI * progress))) / 2;
  };
}

/**
 * Linear warm-up: the rate rises from `after(0) / warmupEpochs` to `after`'s
 * value over the first `warmupEpochs` epochs, then follows `after` shifted
 * by the warm-up.
 */
export function warmupSchedule(after: LearningRateSchedule, warmupEpochs: number): LearningRateSchedule {
  if (!Number.isInteger(warmupEpochs) || warmupEpochs < 1) throw new RangeError(`warmupEpochs 必须是正整数，收到 ${warmupEpochs}`);
  return (epoch) => (epoch < warmupEpochs ? (after(0) * (epoch + 1)) / warmupEpochs : after(epoch - warmupEpochs));
}
