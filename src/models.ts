/** Model builders shared by the notebooks. */
import { tf } from "./backend";
import { withSeed } from "./random";

/** Options for `buildMlp`. */
export interface MlpOptions {
  /** Input features, e.g. 784 for a flattened 28×28 image. */
  inputSize: number;
  /** Units of each hidden layer; [] gives softmax regression. */
  hidden: number[];
  /** Number of classes. */
  classes: number;
  /** Hidden activation (default "relu"). */
  activation?: "relu" | "tanh" | "sigmoid" | "elu" | "linear";
  /** Optimizer (default "adam"); "momentum" is SGD with momentum 0.9. */
  optimizer?: "adam" | "sgd" | "momentum" | "rmsprop";
  /** Learning rate (default 1e-3 for Adam and RMSProp, 0.01 for SGD). */
  learningRate?: number;
  /** Seed of the weight initialisation (default 0). */
  seed?: number;
  /** Model name shown in summaries. */
  name?: string;
}

/**
 * Builds and compiles a multilayer perceptron (MLP) for classification:
 * dense hidden layers, then a softmax output, with categorical
 * cross-entropy, the chosen optimizer and an accuracy metric. Initial
 * weights follow `seed`.
 */
export function buildMlp(options: MlpOptions): tf.Sequential {
  for (const units of options.hidden) {
    if (!Number.isInteger(units) || units < 1) {
      throw new RangeError(`buildMlp：hidden 中每层的单元数必须是正整数，收到 [${options.hidden.join(", ")}]`);
    }
  }

  const model = withSeed(options.seed ?? 0, () => {
    const built = tf.sequential({ name: options.name });
    options.hidden.forEach((units, index) => {
      built.add(tf.layers.dense({ units, activation: options.activation ?? "relu", inputShape: index === 0 ? [options.inputSize] : undefined }));
    });
    built.add(tf.layers.dense({ units: options.classes, activation: "softmax", inputShape: options.hidden.length === 0 ? [options.inputSize] : undefined }));
    return built;
  });

  model.compile({ optimizer: createOptimizer(options.optimizer ?? "adam", options.learningRate), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

/** Creates a tfjs optimizer by name, with the learning rate or that optimizer's usual default. */
export function createOptimizer(name: "adam" | "sgd" | "momentum" | "rmsprop", learningRate?: number): tf.Optimizer {
  if (learningRate !== undefined && !(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new RangeError(`learningRate 必须是正数，收到 ${learningRate}`);
  }
  switch (name) {
    case "adam":
      return tf.train.adam(learningRate ?? 1e-3);
    case "sgd":
      return tf.train.sgd(learningRate ?? 0.01);
    case "momentum":
      return tf.train.momentum(learningRate ?? 0.01, 0.9);
    case "rmsprop":
      return tf.train.rmsprop(learningRate ?? 1e-3);
    default:
      throw new RangeError(`未知的优化器（optimizer）${name}：可选 adam、sgd、momentum、rmsprop`);
  }
}
