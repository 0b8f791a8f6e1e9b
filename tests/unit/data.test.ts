import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { tf } from "../../src/backend";
import { DataFileError, parseIdx, readIdxFile } from "../../src/data/idx";
import { loadMnist, sampleImages } from "../../src/data/mnist";
import { shuffledIndices } from "../../src/data/split";

function idxBytes(shape: number[], values: number[]): Uint8Array {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((size, axis) => header.writeUInt32BE(size, 4 + 4 * axis));
  return new Uint8Array(Buffer.concat([header, Buffer.from(values)]));
}

test("parseIdx reads shape and values", () => {
  const parsed = parseIdx(idxBytes([2, 3], [1, 2, 3, 4, 5, 6]), [null, 3], "t");
  assert.deepEqual(parsed.shape, [2, 3]);
  assert.deepEqual(Array.from(parsed.data), [1, 2, 3, 4, 5, 6]);
});

test("parseIdx rejects a truncated file", () => {
  const bytes = idxBytes([2, 3], [1, 2, 3, 4, 5, 6]).subarray(0, 15);
  assert.throws(() => parseIdx(bytes, [2, 3], "cut.idx"), (error: Error) => error instanceof DataFileError && /cut\.idx.*截断/.test(error.message));
});

test("parseIdx rejects bad magic and wrong dimensions", () => {
  assert.throws(() => parseIdx(new Uint8Array([1, 2, 3, 4]), [1], "x"), /magic/);
  assert.throws(() => parseIdx(idxBytes([2, 3], [1, 2, 3, 4, 5, 6]), [2, 4], "x"), /第 1 维大小为 3，应为 4/);
  assert.throws(() => parseIdx(idxBytes([6], [1, 2, 3, 4, 5, 6]), [2, 3], "x"), /维数为 1，应为 2/);
});

test("readIdxFile names a missing file", () => {
  const missing = path.join(os.tmpdir(), "dl30-no-such-file-idx");
  assert.throws(() => readIdxFile(missing, [1]), new RegExp(`找不到数据文件 ${missing}`));
});

test("readIdxFile gunzips .gz files", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-idx-"));
  const file = path.join(dir, "a-ubyte.gz");
  fs.writeFileSync(file, require("node:zlib").gzipSync(idxBytes([3], [7, 8, 9])));
  try {
    assert.deepEqual(Array.from(readIdxFile(file, [3]).data), [7, 8, 9]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("shuffledIndices is a seeded permutation", () => {
  const first = shuffledIndices(100, 7);
  assert.deepEqual(Array.from(first), Array.from(shuffledIndices(100, 7)));
  assert.notDeepEqual(Array.from(first), Array.from(shuffledIndices(100, 8)));
  assert.deepEqual(Array.from(first).sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
});

test("loadMnist returns real, disjoint, seeded splits", () => {
  const before = tf.memory().numTensors;
  const data = loadMnist({ trainSize: 300, validationSize: 100, testSize: 50, seed: 3 });
  try {
    assert.deepEqual(data.train.x.shape, [300, 784]);
    assert.deepEqual(data.train.y.shape, [300, 10]);
    assert.deepEqual(data.validation.x.shape, [100, 784]);
    assert.deepEqual(data.test.x.shape, [50, 784]);
    const pixels = data.train.x.dataSync();
    assert.ok(pixels.every((value) => value >= 0 && value <= 1), "pixels scaled to [0, 1]");
    assert.ok(pixels.some((value) => value === 1), "ink pixels reach 1");
    assert.ok(new Set(data.train.labels).size === 10, "300 random digits cover all ten classes");
    const oneHot = data.train.y.argMax(-1);
    assert.deepEqual(Array.from(oneHot.dataSync()), Array.from(data.train.labels));
    oneHot.dispose();
    const again = loadMnist({ trainSize: 300, validationSize: 100, testSize: 50, seed: 3 });
    assert.deepEqual(Array.from(again.train.labels), Array.from(data.train.labels));
    tf.dispose([again.train, again.validation, again.test] as never);
  } finally {
    tf.dispose([data.train, data.validation, data.test] as never);
  }
  assert.equal(tf.memory().numTensors, before);
});

test("loadMnist names an oversized subset", () => {
  assert.throws(() => loadMnist({ trainSize: 59000, validationSize: 5000, testSize: 10 }), /trainSize \+ validationSize 必须是 1 到 60000 之间的整数，收到 64000/);
  assert.throws(() => loadMnist({ trainSize: 10, validationSize: 10, testSize: 0 }), /testSize.*收到 0/);
});

test("sampleImages returns 784-pixel arrays and labels", () => {
  const data = loadMnist({ trainSize: 20, validationSize: 5, testSize: 5 });
  const sample = sampleImages(data.train, 4);
  assert.equal(sample.images.length, 4);
  assert.equal(sample.images[0].length, 784);
  assert.deepEqual(sample.labels, Array.from(data.train.labels.subarray(0, 4)));
  tf.dispose([data.train, data.validation, data.test] as never);
});
