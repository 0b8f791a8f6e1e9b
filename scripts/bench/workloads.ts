// Workloads of `npm run bench` on the Node side: data, models and the
// matmul loop. scripts/bench/keras_runner.py builds the same data and the
// same models in Keras; keep the two in step.
import { tf } from "../../src/backend";
import { loadMnist } from "../../src/data/mnist";

/** Batch size of every training workload. */
export const BATCH_SIZE = 32;
/** Side of the square matrices of the matmul workload. */
export const MATMUL_SIZE = 1024;
/** The synthetic sequence data: count × steps × features. */
export const SEQUENCES = { count: 2000, steps: 50, features: 8 };

/** Names of the workloads, in table order. */
export const WORKLOADS = ["matmul", "mlp", "cnn", "lstm", "gru"] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Training data of a workload. */
export interface TrainingData {
  x: tf.Tensor;
  y: tf.Tensor;
  /** Sum of the integer labels (MNIST only), to check both languages use the same images. */
  labelChecksum?: number;
}

/**
 * Sequences [2000, 50, 8] from a 32-bit linear congruential generator
 * (state = 1664525·state + 1013904223 mod 2³², value = state/2³² − 0.5,
 * seed 12345) and the target mean(x[:, :, 0]) + 0.5·x[:, −1, 1].
 */
export function lcgSequences(): { x: Float32Array; y: Float32Array } {
  const { count, steps, features } = SEQUENCES;
  const values = new Float64Array(count * steps * features);
  let state = 12345;
  for (let i = 0; i < values.length; i++) {
    state = (1664525 * state + 1013904223) % 4294967296;
    values[i] = state / 4294967296 - 0.5;
  }

  const y = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    let sum = 0;
    for (let t = 0; t < steps; t++) sum += values[(n * steps + t) * features];
    y[n] = sum / steps + 0.5 * values[(n * steps + steps - 1) * features + 1];
  }
  return { x: Float32Array.from(values), y };
}

/** Loads the training data of `workload` (MNIST through loadMnist, seed 0). */
export function loadData(workload: Workload): TrainingData {
  if (workload === "mlp" || workload === "cnn") {
    const count = workload === "mlp" ? 10000 : 2000;
    const mnist = loadMnist({ trainSize: count, validationSize: 1, testSize: 1, seed: 0 });
    tf.dispose([mnist.validation.x, mnist.validation.y, mnist.test.x, mnist.test.y]);
    const x = workload === "cnn" ? tf.tidy(() => mnist.train.x.reshape([count, 28, 28, 1])) : mnist.train.x;
    if (x !== mnist.train.x) mnist.train.x.dispose();
    return { x, y: mnist.train.y, labelChecksum: mnist.train.labels.reduce((sum, label) => sum + label, 0) };
  }
  const { x, y } = lcgSequences();
  const { count, steps, features } = SEQUENCES;
  return { x: tf.tensor3d(x, [count, steps, features]), y: tf.tensor2d(y, [count, 1]) };
}

/** Builds and compiles the model of `workload` (Adam 1e-3, as the Keras runner). */
export function buildModel(workload: Workload): tf.LayersModel {
  const model = tf.sequential();
  if (workload === "mlp") {
    model.add(tf.layers.dense({ units: 128, activation: "relu", inputShape: [784] }));
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  } else if (workload === "cnn") {
    model.add(tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu" }));
    model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  } else {
    // Keras 3's defaults, spelled out: tfjs's recurrent gate defaults to
    // hard sigmoid and its LSTM has no unit forget bias unless asked.
    const inputShape = [SEQUENCES.steps, SEQUENCES.features];
    model.add(
      workload === "lstm"
        ? tf.layers.lstm({ units: 64, inputShape, recurrentActivation: "sigmoid", unitForgetBias: true })
        : tf.layers.gru({ units: 64, inputShape, recurrentActivation: "sigmoid" }),
    );
    model.add(tf.layers.dense({ units: 1 }));
  }

  const classify = workload === "mlp" || workload === "cnn";
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: classify ? "categoricalCrossentropy" : "meanSquaredError",
    metrics: classify ? ["accuracy"] : [],
  });
  return model;
}

/**
 * Times 1024×1024 float32 matrix products after one warm-up product:
 * repeats until 1.5 s have passed (at least 2 products) and returns
 * seconds and GFLOP/s (2n³ floating-point operations per product).
 */
export function timeMatmul(): { seconds: number; gflops: number; repeats: number } {
  const a = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, "float32", 1);
  const b = tf.randomNormal([MATMUL_SIZE, MATMUL_SIZE], 0, 1, "float32", 2);
  tf.matMul(a, b).dataSync();

  let repeats = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < 1500 || repeats < 2) {
    const product = tf.matMul(a, b);
    product.dataSync();
    product.dispose();
    repeats += 1;
    elapsed = performance.now() - started;
  }
  tf.dispose([a, b]);
  const seconds = elapsed / 1000;
  return { seconds, gflops: (2 * MATMUL_SIZE ** 3 * repeats) / seconds / 1e9, repeats };
}
