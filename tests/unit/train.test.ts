import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { tf } from "../../src/backend";
import { loadMnist } from "../../src/data/mnist";
import { setDisplaySink } from "../../src/display/bridge";
import { denseKernelChangeImages, denseKernelImages } from "../../src/inspect";
import { disposeDeep, keep, releaseAll } from "../../src/memory";
import { modelAccuracy } from "../../src/metrics/accuracy";
import { buildMlp } from "../../src/models";
import { createRandom, withSeed } from "../../src/random";
import { trainModels } from "../../src/train/compare";
import { DivergedError, fitWithProgress } from "../../src/train/fit";
import { lastValue, normalizeHistory } from "../../src/train/history";

const quiet = () => setDisplaySink(() => undefined);
afterEach(() => setDisplaySink(undefined));

test("createRandom repeats for a seed", () => {
  const a = createRandom(5);
  const b = createRandom(5);
  const values = Array.from({ length: 5 }, () => a());
  assert.deepEqual(values, Array.from({ length: 5 }, () => b()));
  assert.ok(values.every((value) => value >= 0 && value < 1));
  assert.throws(() => createRandom(1.5), /必须是整数，收到 1.5/);
});

test("withSeed restores Math.random after async work and errors", async () => {
  const original = Math.random;
  const seen = await withSeed(1, async () => [Math.random(), Math.random()]);
  assert.equal(Math.random, original);
  assert.deepEqual(seen, withSeed(1, () => [Math.random(), Math.random()]));
  assert.throws(() => withSeed(1, () => { throw new Error("boom"); }), /boom/);
  assert.equal(Math.random, original);
});

test("normalizeHistory maps accuracy to acc", () => {
  const history = normalizeHistory({ accuracy: [0.5], val_accuracy: [0.4], loss: [1] });
  assert.deepEqual(history, { acc: [0.5], val_acc: [0.4], loss: [1] });
  assert.equal(lastValue(history, "accuracy"), 0.5);
  assert.ok(Number.isNaN(lastValue(history, "f1")));
});

test("keep disposes the previous value on rerun", () => {
  const before = tf.memory().numTensors;
  keep("t", tf.ones([2]));
  const afterFirst = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) keep("t", { weights: [tf.ones([2])] });
  assert.equal(tf.memory().numTensors, afterFirst);
  releaseAll();
  assert.equal(tf.memory().numTensors, before);
});

test("disposeDeep frees a trained model and its optimizer", async () => {
  quiet();
  const before = tf.memory().numTensors;
  const data = loadMnist({ trainSize: 64, validationSize: 32, testSize: 32 });
  const model = buildMlp({ inputSize: 784, hidden: [8], classes: 10 });
  await fitWithProgress(model, data.train.x, data.train.y, { epochs: 1, batchSize: 32 });
  disposeDeep([model, data]);
  assert.equal(tf.memory().numTensors, before);
});

test("fitWithProgress repeats with the same seed", async () => {
  quiet();
  const data = loadMnist({ trainSize: 256, validationSize: 64, testSize: 64 });
  const train = async () => {
    const model = buildMlp({ inputSize: 784, hidden: [16], classes: 10, seed: 3 });
    const history = await fitWithProgress(model, data.train.x, data.train.y, { epochs: 2, batchSize: 32, seed: 9, validationData: [data.validation.x, data.validation.y] });
    disposeDeep(model);
    return history;
  };
  const first = await train();
  const second = await train();
  assert.deepEqual(Object.keys(first).sort(), ["acc", "loss", "val_acc", "val_loss"]);
  assert.equal(first.loss.length, 2);
  assert.deepEqual(second, first);
  disposeDeep(data);
});

test("fitWithProgress updates one live output per epoch", async () => {
  const updates: { id: string | undefined; update: boolean; text: string }[] = [];
  setDisplaySink((bundle, id, update) => updates.push({ id, update, text: String(bundle["text/plain"]) }));
  const data = loadMnist({ trainSize: 64, validationSize: 32, testSize: 32 });
  const model = buildMlp({ inputSize: 784, hidden: [], classes: 10 });
  await fitWithProgress(model, data.train.x, data.train.y, { epochs: 3, batchSize: 16, label: "探针" });
  assert.equal(updates.length, 1 + 3 + 1, "start, one per epoch, finish");
  assert.ok(updates.every((entry) => entry.id === updates[0].id));
  assert.match(updates[updates.length - 1].text, /探针 · 完成 · 轮次（epoch）3\/3 · 训练损失 \d/);
  disposeDeep([model, data]);
});

test("fitWithProgress stops on NaN loss with a Chinese message", async () => {
  quiet();
  const data = loadMnist({ trainSize: 128, validationSize: 32, testSize: 32 });
  const model = buildMlp({ inputSize: 784, hidden: [32], classes: 10 });
  model.compile({ optimizer: tf.train.sgd(1e30), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  await assert.rejects(
    fitWithProgress(model, data.train.x, data.train.y, { epochs: 5, batchSize: 16 }),
    (error: Error) => error instanceof DivergedError && /第 \d 轮（epoch）发散/.test(error.message) && /学习率/.test(error.message),
  );
  disposeDeep([model, data]);
});

test("fitWithProgress names invalid epochs", async () => {
  const model = buildMlp({ inputSize: 4, hidden: [], classes: 2 });
  const x = tf.zeros([2, 4]);
  const y = tf.zeros([2, 2]);
  await assert.rejects(fitWithProgress(model, x, y, { epochs: -1 }), /epochs 必须是正整数，收到 -1/);
  await assert.rejects(fitWithProgress(model, x, y, { epochs: 1, batchSize: 0 }), /batchSize 必须是正整数，收到 0/);
  disposeDeep([model, x, y]);
});

test("trainModels trains each spec and leaks nothing", async () => {
  quiet();
  const data = loadMnist({ trainSize: 512, validationSize: 128, testSize: 256 });
  const before = tf.memory().numTensors;
  const runs = await trainModels(
    [
      { name: "linear", build: () => buildMlp({ inputSize: 784, hidden: [], classes: 10 }) },
      { name: "mlp", build: () => buildMlp({ inputSize: 784, hidden: [32], classes: 10 }) },
    ],
    data,
    { epochs: 2, batchSize: 64 },
  );
  assert.deepEqual(runs.map((run) => run.name), ["linear", "mlp"]);
  assert.equal(runs[1].history.val_acc.length, 2);
  const accuracy = modelAccuracy(runs[1].model, data.test.x, data.test.labels);
  assert.ok(accuracy > 0.5, `a trained MLP beats chance by far, got ${accuracy}`);
  assert.equal(denseKernelImages(runs[0].model, 10).length, 10);
  assert.equal(denseKernelImages(runs[0].model, 10)[3].length, 784);
  disposeDeep(runs);
  assert.equal(tf.memory().numTensors, before);
  disposeDeep(data);
});

test("modelAccuracy and denseKernelImages validate arguments", () => {
  const model = buildMlp({ inputSize: 4, hidden: [3], classes: 2 });
  const x = tf.zeros([2, 4]);
  assert.throws(() => modelAccuracy(model, x, new Int32Array(3)), /x 有 2 行，labels 有 3 个/);
  assert.throws(() => denseKernelImages(model, 4), /count 必须是 1 到 3 之间的整数，收到 4/);
  assert.throws(() => buildMlp({ inputSize: 4, hidden: [0], classes: 2 }), /hidden.*\[0\]/);
  disposeDeep([model, x]);
});

test("buildMlp initialises weights from the seed", () => {
  const weights = (seed: number) => {
    const model = buildMlp({ inputSize: 4, hidden: [3], classes: 2, seed });
    const values = Array.from(model.getWeights()[0].dataSync());
    disposeDeep(model);
    return values;
  };
  assert.deepEqual(weights(1), weights(1));
  assert.notDeepEqual(weights(1), weights(2));
});

test("denseKernelChangeImages subtracts the initial weights", async () => {
  quiet();
  const data = loadMnist({ trainSize: 128, validationSize: 32, testSize: 32 });
  const build = () => buildMlp({ inputSize: 784, hidden: [8], classes: 10, seed: 5 });
  const trained = build();
  const initial = build();
  const unchanged = denseKernelChangeImages(trained, initial, 3);
  assert.ok(unchanged.every((image) => image.every((value) => value === 0)), "same seed, no training: no change");

  await fitWithProgress(trained, data.train.x, data.train.y, { epochs: 2, batchSize: 32 });
  const change = denseKernelChangeImages(trained, initial, 3);
  assert.equal(change[0][0], 0, "pixel (0, 0) is always 0 in MNIST, so its weights get no gradient");
  assert.ok(change[0].some((value) => value !== 0), "training moved some weights");
  const expected = denseKernelImages(trained, 1)[0][400] - denseKernelImages(initial, 1)[0][400];
  assert.equal(change[0][400], expected);
  const other = buildMlp({ inputSize: 10, hidden: [8], classes: 2 });
  assert.throws(() => denseKernelChangeImages(trained, other, 3), /输入数不同（784 与 10）/);
  disposeDeep([trained, initial, other, data]);
});
