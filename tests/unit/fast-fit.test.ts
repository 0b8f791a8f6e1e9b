import assert from "node:assert/strict";
import { test } from "node:test";
import { tf } from "../../src/backend";
import { loadMnist } from "../../src/data/mnist";
import { withSeed } from "../../src/random";
import { averageLikeTfjs, batchRanges, fastFit, FastFitArgs } from "../../src/train/fast-fit";

// Relative tolerance on epoch losses. The fused layers and loss give the
// same bits as tfjs (checked with fusedOptimizer: false); TensorFlow's
// fused Adam rounds the same update differently, which moves losses by
// about 1e-5 relative after a few hundred steps.
const FUSED_ADAM_TOLERANCE = 1e-4;

const mnist = loadMnist({ trainSize: 1000, validationSize: 100, testSize: 1, seed: 3 });

function mlp(optimizer: tf.Optimizer = tf.train.adam(1e-3)): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 64, activation: "relu", inputShape: [784] }));
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer, loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

function cnn(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: "relu", inputShape: [28, 28, 1] }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.conv2d({ filters: 8, kernelSize: 3, activation: "relu" }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

function recurrent(kind: "lstm" | "gru", returnSequences = false): tf.LayersModel {
  const model = tf.sequential();
  const options = { units: 8, inputShape: [6, 3], recurrentActivation: "sigmoid" as const, returnSequences };
  model.add(kind === "lstm" ? tf.layers.lstm(options) : tf.layers.gru(options));
  if (returnSequences) model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 1 }));
  model.compile({ optimizer: tf.train.adam(1e-2), loss: "meanSquaredError" });
  return model;
}

function sequences(count: number): [tf.Tensor, tf.Tensor] {
  return withSeed(11, () => {
    const x = tf.randomUniform([count, 6, 3], -1, 1, "float32", 5);
    const y = tf.tidy(() => tf.sum(x, [1, 2]).reshape([count, 1]).mul(0.2));
    return [x, y];
  });
}

/** Trains two identically built models, one with model.fit and one with fastFit, under the same seeds. */
async function trainBoth(build: () => tf.LayersModel, x: tf.Tensor, y: tf.Tensor, args: FastFitArgs) {
  const plain = withSeed(1, build);
  const fast = withSeed(1, build);
  const plainArgs = { epochs: args.epochs, batchSize: args.batchSize, validationData: args.validationData, verbose: 0 as const };
  const expected = (await withSeed(7, () => plain.fit(x, y, plainArgs))).history as Record<string, number[]>;
  const actual = (await withSeed(7, () => fastFit(fast, x, y, args))).history;
  [plain, fast].forEach((model) => model.optimizer.dispose());
  plain.dispose();
  fast.dispose();
  return { expected, actual };
}

function assertClose(actual: Record<string, number[]>, expected: Record<string, number[]>, tolerance: number): void {
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort());
  for (const [name, values] of Object.entries(expected)) {
    values.forEach((value, epoch) => {
      const difference = Math.abs(actual[name][epoch] - value) / Math.max(Math.abs(value), 1e-12);
      assert.ok(difference <= tolerance, `${name}[${epoch}]: fastFit ${actual[name][epoch]} vs fit ${value} (relative ${difference.toExponential(2)} > ${tolerance})`);
    });
  }
}

test("batchRanges covers every sample once", () => {
  assert.deepEqual(batchRanges(70, 32), [[0, 32], [32, 64], [64, 70]]);
  assert.deepEqual(batchRanges(32, 32), [[0, 32]]);
});

test("averageLikeTfjs weights by batch size", () => {
  // (0.5·32 + 0.25·8) / 40 = 18 / 40 = 0.45, rounded to float32.
  assert.equal(averageLikeTfjs([0.5, 0.25], [32, 8], "validation"), Math.fround(0.45));
  assert.equal(averageLikeTfjs([0.5, 0.25], [32, 8], "train"), Math.fround(Math.fround(1 / 40) * 18));
});

test("fastFit MLP exact equals fit", async () => {
  const { expected, actual } = await trainBoth(mlp, mnist.train.x, mnist.train.y, {
    epochs: 2,
    batchSize: 32,
    validationData: [mnist.validation.x, mnist.validation.y],
    fusedOptimizer: false,
  });
  assert.deepEqual(actual, expected);
});

test("fastFit MLP fused Adam close", async () => {
  const { expected, actual } = await trainBoth(mlp, mnist.train.x, mnist.train.y, {
    epochs: 2,
    batchSize: 32,
    validationData: [mnist.validation.x, mnist.validation.y],
  });
  assertClose(actual, expected, FUSED_ADAM_TOLERANCE);
  assert.ok(actual.loss[1] < actual.loss[0], `loss should fall: ${actual.loss}`);
});

test("fastFit dropout and functional models", async () => {
  // Dropout runs through the layer's own apply and draws from Math.random in fit's order.
  const withDropout = () => {
    const model = tf.sequential();
    model.add(tf.layers.dense({ units: 32, activation: "relu", inputShape: [784] }));
    model.add(tf.layers.dropout({ rate: 0.3 }));
    model.add(tf.layers.dense({ units: 10, activation: "softmax" }));
    model.compile({ optimizer: tf.train.adam(1e-3), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    return model;
  };
  const dropout = await trainBoth(withDropout, mnist.train.x, mnist.train.y, { epochs: 2, batchSize: 64, fusedOptimizer: false });
  assert.deepEqual(dropout.actual, dropout.expected);

  const functional = () => {
    const input = tf.input({ shape: [784] });
    const hidden = tf.layers.dense({ units: 16, activation: "tanh" }).apply(input) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 10, activation: "softmax" }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
    return model;
  };
  const plainApply = await trainBoth(functional, mnist.train.x, mnist.train.y, { epochs: 2, batchSize: 64 });
  assert.deepEqual(plainApply.actual, plainApply.expected);
});

test("fastFit SGD equals fit", async () => {
  const { expected, actual } = await trainBoth(() => mlp(tf.train.sgd(0.1)), mnist.train.x, mnist.train.y, { epochs: 2, batchSize: 50 });
  assert.deepEqual(actual, expected);
});

test("fastFit CNN matches fit", async () => {
  const x = tf.reshape(mnist.train.x.slice(0, 256), [256, 28, 28, 1]);
  const y = mnist.train.y.slice(0, 256);
  const exact = await trainBoth(cnn, x, y, { epochs: 2, batchSize: 32, fusedOptimizer: false });
  assert.deepEqual(exact.actual, exact.expected);
  const fused = await trainBoth(cnn, x, y, { epochs: 2, batchSize: 32 });
  assertClose(fused.actual, fused.expected, FUSED_ADAM_TOLERANCE);
  tf.dispose([x, y]);
});

test("fastFit LSTM and GRU close", async () => {
  const [x, y] = sequences(200);
  for (const kind of ["lstm", "gru"] as const) {
    for (const returnSequences of [false, true]) {
      const { expected, actual } = await trainBoth(() => recurrent(kind, returnSequences), x, y, { epochs: 2, batchSize: 32, validationData: [x, y] });
      assertClose(actual, expected, FUSED_ADAM_TOLERANCE);
    }
  }
  tf.dispose([x, y]);
});

test("fastFit frees its tensors", async () => {
  const model = withSeed(1, () => mlp());
  await model.fit(mnist.train.x.slice(0, 64), mnist.train.y.slice(0, 64), { epochs: 1, verbose: 0 });
  const before = tf.memory().numTensors;
  await fastFit(model, mnist.train.x, mnist.train.y, { epochs: 1, batchSize: 64, validationData: [mnist.validation.x, mnist.validation.y] });
  assert.equal(tf.memory().numTensors, before);

  const [x, y] = sequences(64);
  const lstm = withSeed(1, () => recurrent("lstm"));
  await lstm.fit(x, y, { epochs: 1, verbose: 0 });
  const beforeLstm = tf.memory().numTensors;
  await fastFit(lstm, x, y, { epochs: 1 });
  assert.equal(tf.memory().numTensors, beforeLstm);
  tf.dispose([x, y]);
});

test("fastFit returns optimizer state", async () => {
  // One fastFit epoch then one fit epoch must continue like two fit epochs.
  const run = async (useFast: boolean) => {
    const model = withSeed(1, () => mlp());
    return withSeed(7, async () => {
      if (useFast) await fastFit(model, mnist.train.x, mnist.train.y, { epochs: 1, fusedOptimizer: true });
      else await model.fit(mnist.train.x, mnist.train.y, { epochs: 1, verbose: 0 });
      return (await model.fit(mnist.train.x, mnist.train.y, { epochs: 1, verbose: 0 })).history.loss[0] as number;
    });
  };
  const expected = await run(false);
  const actual = await run(true);
  assert.ok(Math.abs(actual - expected) / expected <= FUSED_ADAM_TOLERANCE, `second-epoch loss ${actual} vs ${expected}`);
});

test("fastFit honours stopTraining", async () => {
  const model = withSeed(1, () => mlp());
  const seen: tf.Logs[] = [];
  const history = await fastFit(model, mnist.train.x, mnist.train.y, {
    epochs: 5,
    validationData: [mnist.validation.x, mnist.validation.y],
    callbacks: {
      onEpochEnd: (_epoch, logs) => {
        seen.push({ ...logs });
        model.stopTraining = true;
      },
    },
  });
  assert.equal(history.epoch.length, 1);
  assert.deepEqual(Object.keys(seen[0]).sort(), ["acc", "loss", "val_acc", "val_loss"]);
  assert.equal(seen[0].loss, history.history.loss[0]);
});

test("fastFit delegates other arguments", async () => {
  const model = withSeed(1, () => mlp());
  const history = await fastFit(model, mnist.train.x.slice(0, 100), mnist.train.y.slice(0, 100), { epochs: 1, validationSplit: 0.2, verbose: 0 });
  assert.ok("val_loss" in history.history);
});

test("fastFit rejects bad arguments", async () => {
  const model = withSeed(1, () => mlp());
  await assert.rejects(fastFit(model, mnist.train.x, mnist.train.y, { epochs: 0 }), /epochs 必须是正整数，收到 0/);
  await assert.rejects(fastFit(model, mnist.train.x, mnist.train.y, { batchSize: 2.5 }), /batchSize 必须是正整数，收到 2.5/);
  await assert.rejects(fastFit(model, mnist.train.x, mnist.train.y.slice(0, 10)), /x 有 1000 个样本，y 有 10 个/);
  const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [784] })] });
  await assert.rejects(fastFit(uncompiled, mnist.train.x, mnist.train.y), /还没有 compile/);
});

test("fastFit keeps masking of embeddings", async () => {
  // Rows padded with zeros: plain fit masks them out of the LSTM.
  const tokens = tf.tensor2d([[1, 2, 3, 0, 0], [4, 5, 0, 0, 0], [2, 2, 2, 2, 1], [3, 0, 0, 0, 0]], [4, 5], "float32");
  const targets = tf.tensor2d([[0.5], [-0.5], [1], [0]]);
  const build = () => {
    const model = tf.sequential();
    model.add(tf.layers.embedding({ inputDim: 6, outputDim: 3, inputLength: 5, maskZero: true }));
    model.add(tf.layers.lstm({ units: 4, recurrentActivation: "sigmoid" }));
    model.add(tf.layers.dense({ units: 1 }));
    model.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
    return model;
  };
  const { expected, actual } = await trainBoth(build, tokens, targets, { epochs: 3, batchSize: 2 });
  assert.deepEqual(actual, expected);
  tf.dispose([tokens, targets]);
});
