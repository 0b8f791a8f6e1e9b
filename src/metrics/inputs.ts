/**
 * Checks on the plain arrays the metrics take: class ids, binary labels and
 * scores. Each check names the calling function, the argument and the first
 * invalid value, so the message points at what to fix.
 */

/** Labels, predictions or scores: number[], Int32Array, Float32Array, … */
export type NumberArray = ArrayLike<number>;

function looksLikeTensor(values: unknown): boolean {
  return typeof values === "object" && values !== null && "shape" in values && "dataSync" in values;
}

function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return String(value);
}

/**
 * Checks that `values` is an array-like of numbers (not a tensor, not a
 * nested array). `caller` and `name` appear in the error.
 */
export function checkNumberArray(caller: string, name: string, values: unknown): asserts values is NumberArray {
  if (looksLikeTensor(values)) {
    throw new TypeError(`${caller}：${name} 是张量（tensor），这里需要普通数组；先取出数据，例如 ${name}.dataSync()`);
  }
  if (typeof values !== "object" || values === null || typeof (values as NumberArray).length !== "number") {
    throw new TypeError(`${caller}：${name} 应为数字数组（number[] 或 Int32Array），收到 ${show(values)}`);
  }

  const array = values as ArrayLike<unknown>;
  for (let i = 0; i < array.length; i++) {
    if (typeof array[i] !== "number") {
      throw new TypeError(`${caller}：${name}[${i}] 不是数字，收到 ${show(array[i])}；若是独热编码（one-hot）或每类概率，先对每行取 argmax 得到类别编号`);
    }
  }
}

/** Checks that the two arrays have the same, non-zero length. */
export function checkPairedLengths(caller: string, names: [string, string], first: NumberArray, second: NumberArray): void {
  if (first.length !== second.length) {
    throw new RangeError(`${caller}：${names[0]} 有 ${first.length} 个，${names[1]} 有 ${second.length} 个，两者长度必须相等`);
  }
  if (first.length === 0) {
    throw new RangeError(`${caller}：${names[0]} 为空，至少需要 1 个样本`);
  }
}

/** Checks that `numClasses` is a positive integer. */
export function checkNumClasses(caller: string, numClasses: number): void {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new RangeError(`${caller}：numClasses 必须是正整数，收到 ${numClasses}`);
  }
}

/**
 * Checks that every entry is an integer class id: in [0, numClasses) when
 * `numClasses` is given, otherwise any non-negative integer.
 */
export function checkClassIds(caller: string, name: string, values: NumberArray, numClasses?: number): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const inRange = Number.isInteger(value) && value >= 0 && (numClasses === undefined || value < numClasses);
    if (inRange) continue;

    if (numClasses === undefined) {
      throw new RangeError(`${caller}：${name}[${i}] = ${value}，类别编号必须是非负整数`);
    }
    throw new RangeError(`${caller}：${name}[${i}] = ${value} 超出范围，类别编号必须是 0 到 ${numClasses - 1} 之间的整数（numClasses = ${numClasses}）`);
  }
}

/** Checks that every entry is 0 (negative class) or 1 (positive class). */
export function checkBinaryLabels(caller: string, name: string, values: NumberArray): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && values[i] !== 1) {
      throw new RangeError(`${caller}：${name}[${i}] = ${values[i]}，二分类标签必须是 0（负类）或 1（正类）`);
    }
  }
}

/** Checks that every entry is a finite number (NaN often means training diverged). */
export function checkFinite(caller: string, name: string, values: NumberArray): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new RangeError(`${caller}：${name}[${i}] = ${values[i]}，必须是有限的实数（NaN 往往说明训练发散了）`);
    }
  }
}

/**
 * Checks labels and predictions of a multi-class metric together: arrays of
 * numbers, equal non-zero length, integer class ids (below `numClasses`
 * when given).
 */
export function checkClassPairs(caller: string, labels: unknown, predictions: unknown, numClasses?: number): void {
  checkNumberArray(caller, "labels", labels);
  checkNumberArray(caller, "predictions", predictions);
  checkPairedLengths(caller, ["labels", "predictions"], labels, predictions);
  if (numClasses !== undefined) checkNumClasses(caller, numClasses);

  checkClassIds(caller, "labels", labels, numClasses);
  checkClassIds(caller, "predictions", predictions, numClasses);
}
