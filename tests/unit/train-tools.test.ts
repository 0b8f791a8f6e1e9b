import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { tf } from "../../src/backend";
import { loadMnist } from "../../src/data/mnist";
import { setDisplaySink } from "../../src/display/bridge";
import { disposeDeep } from "../../src/memory";
import { modelAccuracy } from "../../src/metrics/accuracy";
import { buildMlp } from "../../src/models";
import { EarlyStopper } from "../../src/train/early-stopping";
import { fitWithProgress } from "../../src/train/fit";
import { seededInitializer } from "../../src/train/initializers";
import { cosineSchedule, getLearningRate, setLearningRate, stepSchedule, warmupSchedule } from "../../src/train/learning-rate";
import { lrRangeTest } from "../../src/train/lr-range-test";
import { runSweep, sweepTable } from "../../src/train/sweep";

setDisplaySink(() => undefined);
afterEach(() => setDisplaySink(() => undefined));

function sgdMlp(learningRate: number, hidden: number[] = [16]): tf.LayersModel {
  const model = buildMlp({ inputSize: 784, hidden, classes: 10 });
  model.optimizer.dispose();
  model.compile({ optimizer: tf.train.sgd(learningRate), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  return model;
}

test("stepSchedule divides every N epochs", () => {
  const schedule = stepSchedule(0.1, 3, 0.5);
  assert.deepEqual([0, 1, 2, 3, 5, 6].map(schedule), [0.1, 0.1, 0.1, 0.05, 0.05, 0.025]);
  assert.throws(() => stepSchedule(0.1, 0), /every 必须是正整数，收到 0/);
  assert.throws(() => stepSchedule(-1, 2), /initial 必须是正数，收到 -1/);
});

test("cosineSchedule runs from initial to minimum", () => {
  const schedule = cosineSchedule(1, 5, 0.1);
  assert.equal(schedule(0), 1);
  assert.ok(Math.abs(schedule(2) - 0.55) < 1e-12, `midpoint is (1 + 0.1) / 2, got ${schedule(2)}`);
  assert.ok(Math.abs(schedule(4) - 0.1) < 1e-12);
  assert.ok(Math.abs(schedule(9) - 0.1) < 1e-12, "stays at the minimum after the last epoch");
});

test("warmupSchedule rises linearly then follows", () => {
  const schedule = warmupSchedule(() => 0.4, 4);
  assert.deepEqual([0, 1, 2, 3, 4, 10].map(schedule), [0.1, 0.2, 0.30000000000000004, 0.4, 0.4, 0.4]);
});

test("setLearningRate works for SGD and Adam", () => {
  const sgd = tf.train.sgd(0.1);
  const adam = tf.train.adam(0.1);
  const before = tf.memory().numTensors;
  setLearningRate(sgd, 0.01);
  setLearningRate(adam, 0.02);
  assert.equal(getLearningRate(sgd), 0.01);
  assert.equal(getLearningRate(adam), 0.02);
  assert.equal(tf.memory().numTensors, before, "SGD's rate scalar is replaced, not leaked");
  assert.throws(() => setLearningRate(sgd, 0), /learningRate 必须是正数，收到 0/);
  sgd.dispose();
  adam.dispose();
});

test("EarlyStopper restores the best epoch's weights", () => {
  const model = buildMlp({ inputSize: 2, hidden: [], classes: 2 });
  const setAll = (value: number) => {
    const filled = model.getWeights().map((weight) => tf.fill(weight.shape, value));
    model.setWeights(filled);
    tf.dispose(filled);
  };
  const stopper = new EarlyStopper(model, { patience: 2 });
  const before = tf.memory().numTensors;

  setAll(1);
  assert.equal(stopper.update(1, 1.0), false);
  setAll(2);
  assert.equal(stopper.update(2, 0.5), false);
  setAll(3);
  assert.equal(stopper.update(3, 0.7), false);
  setAll(4);
  assert.equal(stopper.update(4, 0.6), true, "two epochs without beating 0.5");
  assert.equal(stopper.bestEpoch, 2);
  assert.equal(stopper.finish(), true);
  assert.deepEqual(Array.from(model.getWeights()[0].dataSync()), [2, 2, 2, 2]);
  assert.equal(tf.memory().numTensors, before, "the saved copy is freed");
  assert.throws(() => new EarlyStopper(model, { patience: 0 }), /patience 必须是正整数，收到 0/);
  assert.throws(() => stopper.update(5, undefined), /需要验证集/);
  disposeDeep(model);
});

test("fitWithProgress records a learning-rate schedule", async () => {
  const data = loadMnist({ trainSize: 128, validationSize: 64, testSize: 32 });
  const model = sgdMlp(0.1);
  const history = await fitWithProgress(model, data.train.x, data.train.y, {
    epochs: 4,
    batchSize: 32,
    validationData: [data.validation.x, data.validation.y],
    learningRateSchedule: stepSchedule(0.1, 2, 0.1),
  });
  assert.deepEqual(history.lr.map((rate) => Number(rate.toPrecision(6))), [0.1, 0.1, 0.01, 0.01]);
  assert.ok(Math.abs(getLearningRate(model.optimizer) - 0.01) < 1e-12);
  disposeDeep([model, data]);
});

test("fitWithProgress stops early without leaks", async () => {
  const data = loadMnist({ trainSize: 128, validationSize: 64, testSize: 32 });
  const before = tf.memory().numTensors;
  const model = sgdMlp(5, [64]);
  const history = await fitWithProgress(model, data.train.x, data.train.y, {
    epochs: 30,
    batchSize: 16,
    validationData: [data.validation.x, data.validation.y],
    earlyStopping: { patience: 2 },
  }).catch((error) => error.history);
  assert.ok(history.loss.length < 30, `stopped after ${history.loss.length} epochs`);
  disposeDeep(model);
  assert.equal(tf.memory().numTensors, before);
  disposeDeep(data);
});

test("lrRangeTest sweeps up and finds divergence", async () => {
  const data = loadMnist({ trainSize: 1024, validationSize: 32, testSize: 32 });
  const before = tf.memory().numTensors;
  const result = await lrRangeTest(() => sgdMlp(1e-3, [32]), data.train.x, data.train.y, { minLearningRate: 1e-4, maxLearningRate: 1e3, batchSize: 16, seed: 1 });
  assert.equal(tf.memory().numTensors, before, "the throwaway model is disposed");
  assert.ok(result.points.length >= 10);
  const rates = result.points.map((point) => point.lr);
  assert.equal(rates[0], 1e-4);
  assert.ok(rates.every((rate, i) => i === 0 || rate > rates[i - 1]), "rates grow");
  assert.ok(Math.abs(rates[1] / rates[0] - rates[2] / rates[1]) < 1e-9, "rates grow geometrically");
  assert.equal(result.points[result.points.length - 1].diverged, true, "lr up to 1000 with SGD diverges");
  assert.ok(result.suggestedLearningRate > 1e-4, `suggested ${result.suggestedLearningRate}`);
  assert.ok(result.suggestedLearningRate < 10, `suggested ${result.suggestedLearningRate}`);
  assert.ok(Math.abs(result.suggestedLearningRate * 10 - result.minLossLearningRate) < 1e-12);

  const again = await lrRangeTest(() => sgdMlp(1e-3, [32]), data.train.x, data.train.y, { minLearningRate: 1e-4, maxLearningRate: 1e3, batchSize: 16, seed: 1 });
  assert.deepEqual(again.points, result.points, "same seed, same curve");
  assert.rejects(lrRangeTest(() => sgdMlp(0.1), data.train.x, data.train.y, { minLearningRate: 1, maxLearningRate: 0.5 }), /maxLearningRate 必须大于/);
  disposeDeep(data);
});

test("runSweep of 20 models leaks nothing", async () => {
  const data = loadMnist({ trainSize: 64, validationSize: 32, testSize: 64 });
  const before = tf.memory().numTensors;
  const settings = Array.from({ length: 20 }, (_, i) => (i === 19 ? 1e30 : 0.05 * (i + 1)));
  const runs = await runSweep({
    settings,
    name: (lr) => `lr=${lr}`,
    build: (lr) => sgdMlp(lr, [8]),
    train: (model) => fitWithProgress(model, data.train.x, data.train.y, { epochs: 2, batchSize: 32, validationData: [data.validation.x, data.validation.y] }),
    evaluate: (model) => ({ 测试准确率: modelAccuracy(model, data.test.x, data.test.labels) }),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(runs.length, 20);
  assert.equal(runs[19].diverged, true);
  assert.equal(runs[0].diverged, false);
  assert.ok(runs[0].scores.测试准确率 >= 0, `accuracy ${runs[0].scores.测试准确率}`);
  assert.ok(runs[0].scores.测试准确率 <= 1, `accuracy ${runs[0].scores.测试准确率}`);
  const table = sweepTable(runs);
  assert.equal(table[19].状态, "发散（diverged）");
  assert.equal(table[0].轮数, 2);
  await assert.rejects(runSweep({ settings: [], name: String, build: () => sgdMlp(1), train: async () => ({}) }), /settings 为空/);
  disposeDeep(data);
});

test("seededInitializer repeats for a seed", () => {
  const draw = (seed: number) => tf.tidy(() => Array.from(seededInitializer("heNormal", seed).apply([3, 2]).dataSync()));
  assert.deepEqual(draw(4), draw(4));
  assert.notDeepEqual(draw(4), draw(5));
  assert.throws(() => seededInitializer("heNormal", 0.5), /seed 必须是整数，收到 0.5/);
});
