/**
 * Input checks shared by the chart helpers. Each check throws an error in
 * Chinese that names the chart, the argument and the value received, and
 * converts typed arrays to plain, rounded number arrays for the figure JSON.
 */
import { roundTo } from "./figure";

/** Numbers as the helpers accept them: plain arrays or typed arrays. */
export type Numbers = ArrayLike<number>;

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `长度为 ${value.length} 的数组`;
  return String(value);
}

/**
 * Checks that `values` is a non-empty array (or typed array) of numbers and
 * returns it as number[]. NaN and ±Infinity pass unless `finite` is set.
 * @param caller chart function name, e.g. "lineChart"
 * @param name argument path, e.g. "series[0].y"
 */
export function toNumbers(caller: string, name: string, values: unknown, finite = false): number[] {
  const arrayLike = values !== null && typeof values === "object" && typeof (values as Numbers).length === "number";
  if (!arrayLike) {
    throw new TypeError(`${caller}：${name} 必须是数字数组（number[] 或 Float32Array 等），收到 ${describe(values)}`);
  }
  const list = Array.from(values as Numbers);
  if (list.length === 0) {
    throw new RangeError(`${caller}：${name} 为空，至少需要一个值`);
  }

  list.forEach((value, index) => {
    if (typeof value !== "number" || (finite && !Number.isFinite(value))) {
      const expected = finite ? "有限的数字" : "数字";
      throw new RangeError(`${caller}：${name}[${index}] 必须是${expected}，收到 ${describe(value)}`);
    }
  });
  return list;
}

/** Returns `values` rounded to `digits` significant digits (see roundTo). */
export function compact(values: number[], digits = 5): number[] {
  return values.map((value) => roundTo(value, digits));
}

/** Throws when two arrays that pair up element by element differ in length. */
export function checkSameLength(caller: string, names: [string, string], first: ArrayLike<unknown>, second: ArrayLike<unknown>): void {
  if (first.length !== second.length) {
    throw new RangeError(`${caller}：${names[0]} 有 ${first.length} 个值，${names[1]} 有 ${second.length} 个值，两者长度必须相同`);
  }
}

/** Throws unless `list` is a non-empty array; returns it typed. */
export function checkNonEmpty<T>(caller: string, name: string, list: unknown): T[] {
  if (!Array.isArray(list)) {
    throw new TypeError(`${caller}：${name} 必须是数组，收到 ${describe(list)}`);
  }
  if (list.length === 0) {
    throw new RangeError(`${caller}：${name} 为空，至少需要一项`);
  }
  return list as T[];
}

/** Throws unless `value` is a positive integer; returns it. */
export function checkPositiveInteger(caller: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${caller}：${name} 必须是正整数，收到 ${describe(value)}`);
  }
  return value;
}
