/** Seeded index shuffles and subsets for train/validation/test splits. */
import { createRandom } from "../random";

/** Returns the indices 0..count-1 in a Fisher–Yates order fixed by `seed`. */
export function shuffledIndices(count: number, seed: number): Int32Array {
  const random = createRandom(seed);
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indices[i], indices[j]] = [indices[j], indices[i]];
  }
  return indices;
}

/** Checks that `size` is an integer in 1..available; names `argument` in the error. */
export function checkSubsetSize(argument: string, size: number, available: number): void {
  if (!Number.isInteger(size) || size < 1 || size > available) {
    throw new RangeError(`${argument} 必须是 1 到 ${available} 之间的整数，收到 ${size}`);
  }
}
