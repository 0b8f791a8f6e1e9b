/**
 * Seeded weight initialisers, so a layer's starting weights repeat from run
 * to run: `tf.layers.dense({ units: 64, kernelInitializer: seededInitializer("heNormal", 7) })`.
 * (Layers built inside `withSeed` from random.ts are seeded as well.)
 */
import { tf } from "../backend";

/** Names of the seeded initialisers offered here. */
export type InitializerName = "glorotUniform" | "glorotNormal" | "heNormal" | "heUniform" | "leCunNormal" | "randomNormal" | "randomUniform";

/** Returns the named tfjs initialiser with a fixed seed. */
export function seededInitializer(name: InitializerName, seed: number): ReturnType<typeof tf.initializers.glorotUniform> {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seededInitializer：seed 必须是整数，收到 ${seed}`);
  }
  switch (name) {
    case "glorotUniform":
      return tf.initializers.glorotUniform({ seed });
    case "glorotNormal":
      return tf.initializers.glorotNormal({ seed });
    case "heNormal":
      return tf.initializers.heNormal({ seed });
    case "heUniform":
      return tf.initializers.heUniform({ seed });
    case "leCunNormal":
      return tf.initializers.leCunNormal({ seed });
    case "randomNormal":
      return tf.initializers.randomNormal({ mean: 0, stddev: 0.05, seed });
    case "randomUniform":
      return tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
    default:
      throw new RangeError(`seededInitializer：未知的初始化方法 ${name}`);
  }
}
