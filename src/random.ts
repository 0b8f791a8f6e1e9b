/**
 * Seeded randomness. tfjs's `fit` shuffles with `Math.random`, and
 * initialisers and dropout without an explicit seed draw from it too, so
 * running model construction and training under `withSeed` makes a run
 * repeat exactly on the same backend.
 */

/** Returns a mulberry32 generator of floats in [0, 1) for a 32-bit seed. */
export function createRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`随机种子（seed）必须是整数，收到 ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `work` with `Math.random` replaced by a generator seeded with `seed`,
 * and restores the original afterwards, also when `work` throws. Works for
 * synchronous and asynchronous `work`.
 */
export function withSeed<T>(seed: number, work: () => T): T {
  const original = Math.random;
  Math.random = createRandom(seed);
  const restore = () => {
    Math.random = original;
  };

  let result: T;
  try {
    result = work();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(restore) as T;
  }
  restore();
  return result;
}
