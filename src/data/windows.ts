/**
 * Supervised examples from one time series. Sliding windows (滑动窗口,
 * sliding window) of past values are the input and the next values the
 * target. The series is split by time, and standardisation (标准化,
 * standardization) is fitted on the training part only, so nothing from the
 * test period leaks into training.
 */
import { tf } from "../backend";

/** Sliding windows as flat arrays: `x` row-major [count, windowSize], `y` row-major [count, horizon]. */
export interface WindowArrays {
  x: Float32Array;
  y: Float32Array;
  count: number;
  windowSize: number;
  horizon: number;
}

/** Sliding windows as tensors: inputs [n, windowSize, 1] (one feature per step) and targets [n, horizon]. */
export interface WindowTensors {
  x: tf.Tensor3D;
  y: tf.Tensor2D;
}

/** A series split by time: everything in `train` comes before everything in `test`. */
export interface SeriesSplit {
  train: number[];
  test: number[];
  /** Index in the original series of the first test target (= length of `train`). */
  splitIndex: number;
  /** Index in the original series of test[0]; splitIndex - context. */
  testStart: number;
}

/** Mean and standard deviation fitted on one part of the data, with the forward and inverse maps. */
export interface Standardizer {
  mean: number;
  /** Population standard deviation (divides by n). */
  std: number;
  /** Returns (value - mean) / std for each value. */
  apply(values: ArrayLike<number>): number[];
  /** Returns value * std + mean for each value: back to the original units. */
  invert(values: ArrayLike<number>): number[];
}

/** Throws unless every entry of `series` is a finite number; names the first bad index and value. */
function checkFinite(series: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < series.length; i++) {
    if (typeof series[i] !== "number" || !Number.isFinite(series[i])) {
      throw new TypeError(`${argument} 必须全是有限的数字，第 ${i} 个值是 ${series[i]}`);
    }
  }
}

/** Throws unless `value` is an integer ≥ 1; names the argument and the value. */
function checkPositiveInteger(argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${argument} 必须是 ≥ 1 的整数，收到 ${value}`);
  }
}

/**
 * Cuts `series` into every window of `windowSize` consecutive values
 * (stride 1) together with the `horizon` values right after it. Example i
 * has x = series[i .. i+windowSize-1] and y = series[i+windowSize ..
 * i+windowSize+horizon-1], so there are length - windowSize - horizon + 1
 * examples. Returns flat Float32Arrays.
 */
export function windowArrays(series: ArrayLike<number>, windowSize: number, horizon: number): WindowArrays {
  checkPositiveInteger("windowSize", windowSize);
  checkPositiveInteger("horizon", horizon);
  checkFinite(series, "series");
  const count = series.length - windowSize - horizon + 1;
  if (count < 1) {
    throw new RangeError(`序列太短：长度 ${series.length}，至少需要 windowSize + horizon = ${windowSize} + ${horizon} = ${windowSize + horizon} 个值`);
  }

  const x = new Float32Array(count * windowSize);
  const y = new Float32Array(count * horizon);
  for (let i = 0; i < count; i++) {
    for (let t = 0; t < windowSize; t++) x[i * windowSize + t] = series[i + t];
    for (let h = 0; h < horizon; h++) y[i * horizon + h] = series[i + windowSize + h];
  }
  return { x, y, count, windowSize, horizon };
}

/**
 * Same windows as `windowArrays`, as tensors ready for a recurrent or 1-D
 * convolutional model: x [n, windowSize, 1] and y [n, horizon], float32.
 * The caller owns (and disposes) both tensors.
 */
export function makeWindows(series: ArrayLike<number>, windowSize: number, horizon: number): WindowTensors {
  const arrays = windowArrays(series, windowSize, horizon);
  return tf.tidy(() => ({
    x: tf.tensor3d(arrays.x, [arrays.count, windowSize, 1]),
    y: tf.tensor2d(arrays.y, [arrays.count, horizon]),
  }));
}

/**
 * Splits a series by time without shuffling: the first
 * round(length × trainFraction) values go to `train`, the rest to `test`.
 * With `context` > 0, `test` also starts with the last `context` training
 * values, so that windowing the test part with windowSize = context yields
 * a target for every test time step (those values are only ever inputs, the
 * targets stay in the test period).
 */
export function splitSeries(series: ArrayLike<number>, trainFraction: number, options: { context?: number } = {}): SeriesSplit {
  if (typeof trainFraction !== "number" || !(trainFraction > 0 && trainFraction < 1)) {
    throw new RangeError(`trainFraction 必须在 0 和 1 之间（不含两端），收到 ${trainFraction}`);
  }
  const splitIndex = Math.round(series.length * trainFraction);
  if (splitIndex < 1 || splitIndex >= series.length) {
    throw new RangeError(`序列长度 ${series.length} 按 trainFraction = ${trainFraction} 切分后训练集或测试集为空，请用更长的序列或调整 trainFraction`);
  }
  const context = options.context ?? 0;
  if (!Number.isInteger(context) || context < 0 || context > splitIndex) {
    throw new RangeError(`context 必须是 0 到 ${splitIndex}（训练部分的长度）之间的整数，收到 ${context}`);
  }

  const values = Array.from(series);
  return {
    train: values.slice(0, splitIndex),
    test: values.slice(splitIndex - context),
    splitIndex,
    testStart: splitIndex - context,
  };
}

/**
 * Fits a standardiser on `train` (pass the training part only: using test
 * values here leaks the future into training). Returns the mean, the
 * population standard deviation and `apply` / `invert` functions.
 */
export function fitStandardizer(train: ArrayLike<number>): Standardizer {
  if (train.length < 2) {
    throw new RangeError(`拟合标准化至少需要 2 个值，收到 ${train.length} 个`);
  }
  checkFinite(train, "train");

  let sum = 0;
  for (let i = 0; i < train.length; i++) sum += train[i];
  const mean = sum / train.length;
  let squares = 0;
  for (let i = 0; i < train.length; i++) squares += (train[i] - mean) ** 2;
  const std = Math.sqrt(squares / train.length);
  if (std === 0) {
    throw new RangeError(`训练数据的标准差为 0（所有值都等于 ${mean}），无法标准化`);
  }

  return {
    mean,
    std,
    apply: (values) => Array.from(values, (value) => (value - mean) / std),
    invert: (values) => Array.from(values, (value) => value * std + mean),
  };
}
