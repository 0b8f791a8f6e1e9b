import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import * as zlib from "node:zlib";
import { tf } from "../../src/backend";
import { DownloadError, downloadFile } from "../../src/data/download";
import {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASS_NAMES,
  FASHION_MNIST_DIR_VARIABLE,
  FASHION_MNIST_FILES,
  FASHION_MNIST_MIRROR_VARIABLE,
  FashionMnistOptions,
  loadFashionMnist,
} from "../../src/data/fashion-mnist";
import { DataFileError, readIdxFile } from "../../src/data/idx";
import type { ImageDataset } from "../../src/data/mnist";

// Synthetic data sets have the real shapes (so the loader accepts them) but
// are almost all zeros, so each .gz is only about 50 KB. Image i has label
// i % 10 and a single lit pixel, pixel 0, of value 20 × label.
const syntheticGz = new Map<string, Buffer>();
const syntheticSha256: Record<string, string> = {};
const officialGz = new Map<string, Buffer>();
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-fashion-"));
const syntheticDir = path.join(workDir, "synthetic");
const missingDir = path.join(workDir, "no-such-debian-dir");
const savedEnvironment = { dir: process.env[FASHION_MNIST_DIR_VARIABLE], mirror: process.env[FASHION_MNIST_MIRROR_VARIABLE] };
const silent = (): void => {};

let server: http.Server;
let baseUrl = "";
const requests: string[] = [];

function idxHeader(shape: number[]): Buffer {
  const header = Buffer.alloc(4 + 4 * shape.length);
  header.writeUInt8(0x08, 2);
  header.writeUInt8(shape.length, 3);
  shape.forEach((size, axis) => header.writeUInt32BE(size, 4 + 4 * axis));
  return header;
}

function syntheticIdx(shape: number[]): Buffer {
  const count = shape[0];
  const itemSize = shape.slice(1).reduce((product, size) => product * size, 1);
  const values = Buffer.alloc(count * itemSize);
  for (let i = 0; i < count; i++) values[i * itemSize] = itemSize === 1 ? i % 10 : (i % 10) * 20;
  return Buffer.concat([idxHeader(shape), values]);
}

function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

function corrupt(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  copy[copy.length - 12] ^= 0xff;
  return copy;
}

function makeTempDir(label: string): string {
  return fs.mkdtempSync(path.join(workDir, `${label}-`));
}

function disposeDataset(data: ImageDataset): void {
  tf.dispose([data.train.x, data.train.y, data.validation.x, data.validation.y, data.test.x, data.test.y]);
}

/** Options that skip the real Debian folder and the project cache. */
function isolated(extra: Partial<FashionMnistOptions>): FashionMnistOptions {
  return { trainSize: 50, validationSize: 10, testSize: 20, debianDir: missingDir, cacheDir: makeTempDir("cache"), log: silent, ...extra };
}

/** Asserts that row 0 of each split has the synthetic pattern: pixel 0 equals 20 × label / 255, the rest zero. */
function assertSynthetic(data: ImageDataset): void {
  for (const split of [data.train, data.validation, data.test]) {
    const first = split.x.slice([0, 0], [1, 784]);
    const pixels = first.dataSync();
    first.dispose();
    assert.ok(Math.abs(pixels[0] - (split.labels[0] * 20) / 255) < 1e-6, `pixel 0 encodes label ${split.labels[0]}`);
    assert.equal(Array.from(pixels.slice(1)).reduce((sum, value) => sum + value, 0), 0);
  }
}

// The official .gz files differ from Debian's only in the gzip header: flag
// FNAME (0x08) with the stored name, a 2017 timestamp, XFL 0 and OS 3 (Unix).
// The MD5 sums are those listed for the downloads in the data set's README.
const OFFICIAL_HEADERS: Record<string, { mtime: number; md5: string }> = {
  "train-images-idx3-ubyte.gz": { mtime: 1504176606, md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d" },
  "train-labels-idx1-ubyte.gz": { mtime: 1504176606, md5: "25c81989df183df01b3e8a0aad5dffbe" },
  "t10k-images-idx3-ubyte.gz": { mtime: 1504176627, md5: "bef4ecab320f06d8554ea6380940ec79" },
  "t10k-labels-idx1-ubyte.gz": { mtime: 1504176627, md5: "bb300cfdad3c16e7a12a480ee83cd310" },
};

/** Rebuilds the official file from the Debian one by putting the original gzip header back. */
function rebuildOfficialFile(name: string): Buffer {
  const debian = fs.readFileSync(path.join(DEBIAN_FASHION_MNIST_DIR, name));
  assert.equal(debian[3], 0, `${name}: Debian header has no optional fields`);
  const header = Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0x00, 0x03]);
  header.writeUInt32LE(OFFICIAL_HEADERS[name].mtime, 4);
  const storedName = Buffer.from(`${name.replace(/\.gz$/, "")}\0`, "latin1");
  return Buffer.concat([header, storedName, debian.subarray(10)]);
}

function serve(request: http.IncomingMessage, response: http.ServerResponse): void {
  requests.push(request.url ?? "");
  const [, mode, name] = (request.url ?? "").split("/");
  const body = mode === "official" ? officialGz.get(name) : syntheticGz.get(name);

  if (mode === "hang") return;
  if (mode === "redirect") {
    response.writeHead(302, { location: `/good/${name}` });
    response.end();
    return;
  }
  if (body === undefined || mode === "missing") {
    response.writeHead(404, { "content-type": "text/plain" });
    response.end("not found");
    return;
  }
  if (mode === "short") {
    response.writeHead(200, { "content-length": body.length });
    response.write(body.subarray(0, 100), () => response.socket?.destroy());
    return;
  }
  const sent = mode === "corrupt" ? corrupt(body) : body;
  response.writeHead(200, { "content-length": sent.length });
  response.end(sent);
}

before(async () => {
  delete process.env[FASHION_MNIST_DIR_VARIABLE];
  delete process.env[FASHION_MNIST_MIRROR_VARIABLE];

  fs.mkdirSync(syntheticDir);
  for (const file of FASHION_MNIST_FILES) {
    const gz = zlib.gzipSync(syntheticIdx(file.shape), { level: 9 });
    syntheticGz.set(file.name, gz);
    syntheticSha256[file.name] = sha256(gz);
    fs.writeFileSync(path.join(syntheticDir, file.name), gz);
  }

  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  for (const [name, value] of [[FASHION_MNIST_DIR_VARIABLE, savedEnvironment.dir], [FASHION_MNIST_MIRROR_VARIABLE, savedEnvironment.mirror]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(workDir, { recursive: true, force: true });
});

test("class names list the ten labels", () => {
  assert.equal(FASHION_MNIST_CLASS_NAMES.length, 10);
  assert.equal(FASHION_MNIST_CLASS_NAMES[0], "T恤/上衣（T-shirt/top）");
  assert.equal(FASHION_MNIST_CLASS_NAMES[6], "衬衫（Shirt）");
  assert.equal(FASHION_MNIST_CLASS_NAMES[9], "短靴（Ankle boot）");
});

test("Debian files match recorded digests", () => {
  for (const file of FASHION_MNIST_FILES) {
    const bytes = fs.readFileSync(path.join(DEBIAN_FASHION_MNIST_DIR, file.name));
    assert.equal(bytes.length, file.debianBytes, `${file.name} size`);
    assert.equal(sha256(bytes), file.debianSha256, `${file.name} SHA-256`);
  }
});

test("official digests rebuild from Debian files", () => {
  for (const file of FASHION_MNIST_FILES) {
    const rebuilt = rebuildOfficialFile(file.name);
    assert.equal(crypto.createHash("md5").update(rebuilt).digest("hex"), OFFICIAL_HEADERS[file.name].md5, `${file.name} MD5`);
    assert.equal(rebuilt.length, file.mirrorBytes, `${file.name} size`);
    assert.equal(sha256(rebuilt), file.mirrorSha256, `${file.name} SHA-256`);
  }
});

test("loadFashionMnist reads real Debian data", async () => {
  const before = tf.memory().numTensors;
  const options = { trainSize: 300, validationSize: 100, testSize: 50, seed: 3, cacheDir: makeTempDir("unused"), download: false };
  const data = await loadFashionMnist(options);
  try {
    assert.deepEqual(data.train.x.shape, [300, 784]);
    assert.deepEqual(data.train.y.shape, [300, 10]);
    assert.deepEqual(data.validation.x.shape, [100, 784]);
    assert.deepEqual(data.test.x.shape, [50, 784]);
    assert.equal(data.test.labels.length, 50);

    const pixels = data.train.x.dataSync();
    assert.ok(pixels.every((value) => value >= 0 && value <= 1), "pixels scaled to [0, 1]");
    assert.ok(pixels.some((value) => value === 1), "some pixels reach 255");
    for (const split of [data.train, data.validation, data.test]) {
      assert.ok(split.labels.every((label) => Number.isInteger(label) && label >= 0 && label <= 9), "labels in 0–9");
    }
    assert.equal(new Set(data.train.labels).size, 10, "300 random images cover all ten classes");
    const argMax = data.train.y.argMax(-1);
    assert.deepEqual(Array.from(argMax.dataSync()), Array.from(data.train.labels));
    argMax.dispose();

    const again = await loadFashionMnist(options);
    assert.deepEqual(Array.from(again.train.labels), Array.from(data.train.labels));
    assert.deepEqual(Array.from(again.test.labels), Array.from(data.test.labels));
    const difference = tf.tidy(() => again.validation.x.sub(data.validation.x).abs().max().dataSync()[0]);
    assert.equal(difference, 0);
    disposeDataset(again);

    const otherSeed = await loadFashionMnist({ ...options, seed: 4 });
    assert.notDeepEqual(Array.from(otherSeed.train.labels), Array.from(data.train.labels));
    disposeDataset(otherSeed);
  } finally {
    disposeDataset(data);
  }
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(fs.readdirSync(options.cacheDir), [], "Debian data need no cache");
});

test("Debian labels have 6000 and 1000 per class", () => {
  const train = readIdxFile(path.join(DEBIAN_FASHION_MNIST_DIR, "train-labels-idx1-ubyte.gz"), [60000]).data;
  const testLabels = readIdxFile(path.join(DEBIAN_FASHION_MNIST_DIR, "t10k-labels-idx1-ubyte.gz"), [10000]).data;
  for (let label = 0; label < 10; label++) {
    assert.equal(train.filter((value) => value === label).length, 6000, `training class ${label}`);
    assert.equal(testLabels.filter((value) => value === label).length, 1000, `test class ${label}`);
  }
});

test("loadFashionMnist names bad subset sizes", async () => {
  await assert.rejects(loadFashionMnist({ trainSize: 59000, validationSize: 5000, testSize: 10 }), /trainSize \+ validationSize 必须是 1 到 60000 之间的整数，收到 64000/);
  await assert.rejects(loadFashionMnist({ trainSize: 10, validationSize: 10, testSize: 10001 }), /testSize 必须是 1 到 10000 之间的整数，收到 10001/);
  await assert.rejects(loadFashionMnist({ trainSize: 1.5, validationSize: 10, testSize: 10 }), /trainSize 必须.*收到 1\.5/);
});

test("env dir wins over Debian", async () => {
  process.env[FASHION_MNIST_DIR_VARIABLE] = syntheticDir;
  try {
    const data = await loadFashionMnist({ trainSize: 30, validationSize: 10, testSize: 10, cacheDir: makeTempDir("unused"), download: false });
    assertSynthetic(data);
    disposeDataset(data);
  } finally {
    delete process.env[FASHION_MNIST_DIR_VARIABLE];
  }
});

test("dir option wins over env dir", async () => {
  process.env[FASHION_MNIST_DIR_VARIABLE] = missingDir;
  try {
    const data = await loadFashionMnist(isolated({ dir: syntheticDir, download: false }));
    assertSynthetic(data);
    disposeDataset(data);
  } finally {
    delete process.env[FASHION_MNIST_DIR_VARIABLE];
  }
});

test("broken env dir falls through to Debian", async () => {
  const broken = makeTempDir("broken");
  for (const file of FASHION_MNIST_FILES) fs.copyFileSync(path.join(syntheticDir, file.name), path.join(broken, file.name));
  const images = syntheticGz.get("train-images-idx3-ubyte.gz") as Buffer;
  fs.writeFileSync(path.join(broken, "train-images-idx3-ubyte.gz"), images.subarray(0, images.length / 2));

  process.env[FASHION_MNIST_DIR_VARIABLE] = broken;
  try {
    const data = await loadFashionMnist({ trainSize: 30, validationSize: 10, testSize: 10, cacheDir: makeTempDir("unused"), download: false });
    const inked = data.train.x.sum().dataSync()[0];
    assert.ok(inked > 30 * 50, `real images have ink beyond pixel 0, sum ${inked}`);
    disposeDataset(data);
  } finally {
    delete process.env[FASHION_MNIST_DIR_VARIABLE];
  }
});

test("lookup failure lists every place", async () => {
  const broken = makeTempDir("broken");
  for (const file of FASHION_MNIST_FILES) fs.copyFileSync(path.join(syntheticDir, file.name), path.join(broken, file.name));
  const labels = syntheticIdx([10000]);
  labels[8 + 17] = 42;
  fs.writeFileSync(path.join(broken, "t10k-labels-idx1-ubyte.gz"), zlib.gzipSync(labels));
  const cacheDir = makeTempDir("cache");
  fs.writeFileSync(path.join(cacheDir, "train-labels-idx1-ubyte.gz"), syntheticGz.get("train-labels-idx1-ubyte.gz") as Buffer);

  process.env[FASHION_MNIST_DIR_VARIABLE] = broken;
  try {
    await assert.rejects(loadFashionMnist({ ...isolated({ download: false }), cacheDir }), (error: Error) => {
      assert.ok(error instanceof DataFileError, "DataFileError");
      const lines = error.message.split("\n");
      assert.match(lines[1], new RegExp(`1\\. 环境变量 DL30_FASHION_MNIST_DIR 指定的目录 ${broken}：.*第 17 个标签为 42`));
      assert.match(lines[2], new RegExp(`2\\. Debian 包 dataset-fashion-mnist 的目录 ${missingDir}：目录不存在`));
      assert.match(lines[3], new RegExp(`3\\. 项目缓存（cache）目录 ${cacheDir}：缺少文件 train-images-idx3-ubyte.gz、t10k-images-idx3-ubyte.gz、t10k-labels-idx1-ubyte.gz`));
      assert.match(lines[4], /4\. 从镜像（mirror）http:\/\/fashion-mnist\.s3-website\.eu-central-1\.amazonaws\.com\/ 下载.*download: false/);
      assert.match(error.message, /sudo apt install dataset-fashion-mnist/);
      assert.match(error.message, /DL30_FASHION_MNIST_DIR=该目录/);
      assert.match(error.message, /DL30_FASHION_MNIST_MIRROR=/);
      return true;
    });
  } finally {
    delete process.env[FASHION_MNIST_DIR_VARIABLE];
  }
});

test("download fills the cache atomically", async () => {
  const before = tf.memory().numTensors;
  const options = isolated({ mirror: `${baseUrl}/good/`, sha256: syntheticSha256 });
  const cacheDir = options.cacheDir as string;
  const requestsBefore = requests.length;

  const data = await loadFashionMnist(options);
  assertSynthetic(data);
  disposeDataset(data);
  assert.deepEqual(requests.slice(requestsBefore), FASHION_MNIST_FILES.map((file) => `/good/${file.name}`));
  assert.deepEqual(fs.readdirSync(cacheDir).sort(), FASHION_MNIST_FILES.map((file) => file.name).sort(), "only the four files, no temporary file");
  for (const file of FASHION_MNIST_FILES) {
    assert.ok(fs.readFileSync(path.join(cacheDir, file.name)).equals(syntheticGz.get(file.name) as Buffer), `${file.name} bytes`);
  }

  const cached = await loadFashionMnist({ ...options, mirror: `${baseUrl}/missing/`, download: false });
  assertSynthetic(cached);
  disposeDataset(cached);
  assert.equal(requests.length, requestsBefore + 4, "second load reads the cache");
  assert.equal(tf.memory().numTensors, before);
});

test("env mirror fetches only missing files", async () => {
  const options = isolated({ sha256: syntheticSha256 });
  const cacheDir = options.cacheDir as string;
  for (const name of ["train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]) {
    fs.writeFileSync(path.join(cacheDir, name), syntheticGz.get(name) as Buffer);
  }
  const logged: string[] = [];
  const requestsBefore = requests.length;

  process.env[FASHION_MNIST_MIRROR_VARIABLE] = `${baseUrl}/good`;
  try {
    const data = await loadFashionMnist({ ...options, log: (message) => logged.push(message) });
    disposeDataset(data);
  } finally {
    delete process.env[FASHION_MNIST_MIRROR_VARIABLE];
  }
  assert.deepEqual(requests.slice(requestsBefore), ["/good/train-labels-idx1-ubyte.gz", "/good/t10k-images-idx3-ubyte.gz"]);
  assert.equal(logged.length, 2);
  assert.match(logged[0], new RegExp(`正在下载 ${baseUrl}/good/train-labels-idx1-ubyte.gz`));
});

test("corrupt download leaves no file", async () => {
  const options = isolated({ mirror: `${baseUrl}/corrupt/`, sha256: syntheticSha256 });
  const name = "train-images-idx3-ubyte.gz";
  const actual = sha256(corrupt(syntheticGz.get(name) as Buffer));

  await assert.rejects(loadFashionMnist(options), (error: Error) => {
    assert.ok(error instanceof DataFileError, "DataFileError");
    assert.match(error.message, /校验和（checksum）不符/);
    assert.ok(error.message.includes(`${baseUrl}/corrupt/${name}`), "names the URL");
    assert.ok(error.message.includes(`应为 ${syntheticSha256[name]}`), "names the expected digest");
    assert.ok(error.message.includes(`SHA-256 为 ${actual}`), "names the actual digest");
    return true;
  });
  assert.deepEqual(fs.readdirSync(options.cacheDir as string), []);
});

test("default digests reject other files", async () => {
  const options = isolated({ mirror: `${baseUrl}/good/` });
  const first = FASHION_MNIST_FILES[0];
  await assert.rejects(loadFashionMnist(options), (error: Error) => {
    assert.ok(error.message.includes(`应为 ${first.mirrorSha256} 或 ${first.debianSha256}`), error.message);
    return true;
  });
  assert.deepEqual(fs.readdirSync(options.cacheDir as string), []);
});

test("download accepts the official files", async () => {
  for (const file of FASHION_MNIST_FILES) officialGz.set(file.name, rebuildOfficialFile(file.name));
  const options = isolated({ mirror: `${baseUrl}/official/`, trainSize: 100, validationSize: 20, testSize: 20, seed: 3 });
  try {
    const data = await loadFashionMnist(options);
    const fromDebian = await loadFashionMnist({ ...options, debianDir: DEBIAN_FASHION_MNIST_DIR, cacheDir: makeTempDir("unused") });
    assert.deepEqual(Array.from(data.train.labels), Array.from(fromDebian.train.labels), "same images as the Debian copy");
    disposeDataset(data);
    disposeDataset(fromDebian);
  } finally {
    officialGz.clear();
  }
  for (const file of FASHION_MNIST_FILES) {
    assert.equal(fs.statSync(path.join(options.cacheDir as string, file.name)).size, file.mirrorBytes, file.name);
  }
});

test("404 mirror fails clearly", async () => {
  const options = isolated({ mirror: `${baseUrl}/missing/`, sha256: syntheticSha256 });
  await assert.rejects(loadFashionMnist(options), (error: Error) => {
    assert.ok(error instanceof DataFileError, "DataFileError");
    assert.match(error.message, new RegExp(`下载失败：${baseUrl}/missing/train-images-idx3-ubyte\\.gz 返回 HTTP 404 Not Found`));
    return true;
  });
  assert.deepEqual(fs.readdirSync(options.cacheDir as string), []);
});

test("closed port fails quickly", async () => {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));

  const started = Date.now();
  await assert.rejects(loadFashionMnist(isolated({ mirror: `http://127.0.0.1:${port}/`, timeoutMs: 5000 })), (error: Error) => {
    assert.match(error.message, new RegExp(`无法连接 http://127\\.0\\.0\\.1:${port}/train-images-idx3-ubyte\\.gz（.*ECONNREFUSED`));
    return true;
  });
  assert.ok(Date.now() - started < 2000, `failed after ${Date.now() - started} ms`);
});

test("downloadFile saves a checked file", async () => {
  const dir = makeTempDir("download");
  const destination = path.join(dir, "nested", "labels.gz");
  const name = "t10k-labels-idx1-ubyte.gz";
  const result = await downloadFile({ url: `${baseUrl}/good/${name}`, destination, sha256: syntheticSha256[name].toUpperCase() });
  assert.deepEqual(result, { path: destination, sha256: syntheticSha256[name], bytes: (syntheticGz.get(name) as Buffer).length });
  assert.ok(fs.readFileSync(destination).equals(syntheticGz.get(name) as Buffer));
  assert.deepEqual(fs.readdirSync(path.dirname(destination)), ["labels.gz"]);
});

test("downloadFile keeps the old file on mismatch", async () => {
  const dir = makeTempDir("download");
  const destination = path.join(dir, "labels.gz");
  fs.writeFileSync(destination, "previous");
  const name = "t10k-labels-idx1-ubyte.gz";
  await assert.rejects(downloadFile({ url: `${baseUrl}/corrupt/${name}`, destination, sha256: syntheticSha256[name] }), DownloadError);
  assert.equal(fs.readFileSync(destination, "utf8"), "previous");
  assert.deepEqual(fs.readdirSync(dir), ["labels.gz"]);
});

test("downloadFile follows a redirect", async () => {
  const name = "t10k-labels-idx1-ubyte.gz";
  const destination = path.join(makeTempDir("download"), name);
  await downloadFile({ url: `${baseUrl}/redirect/${name}`, destination, sha256: syntheticSha256[name] });
  assert.ok(fs.readFileSync(destination).equals(syntheticGz.get(name) as Buffer));
});

test("downloadFile times out on a silent server", async () => {
  const dir = makeTempDir("download");
  const started = Date.now();
  await assert.rejects(downloadFile({ url: `${baseUrl}/hang/x.gz`, destination: path.join(dir, "x.gz"), sha256: "0".repeat(64), timeoutMs: 300 }), (error: Error) => {
    assert.ok(error instanceof DownloadError, "DownloadError");
    assert.equal(error.message, `下载超时：${baseUrl}/hang/x.gz 超过 300 毫秒没有传来数据`);
    return true;
  });
  assert.ok(Date.now() - started < 2000, `failed after ${Date.now() - started} ms`);
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("downloadFile rejects a cut-off body", async () => {
  const dir = makeTempDir("download");
  const name = "train-images-idx3-ubyte.gz";
  await assert.rejects(downloadFile({ url: `${baseUrl}/short/${name}`, destination: path.join(dir, name), sha256: syntheticSha256[name] }), (error: Error) => {
    assert.ok(error instanceof DownloadError, "DownloadError");
    assert.match(error.message, new RegExp(`(下载中断|下载不完整)：${baseUrl}/short/${name}`));
    return true;
  });
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("downloadFile rejects bad arguments", async () => {
  const destination = path.join(makeTempDir("download"), "x");
  await assert.rejects(downloadFile({ url: `${baseUrl}/good/x`, destination, sha256: "abc" }), /sha256 必须是 64 位十六进制字符串，收到 "abc"/);
  await assert.rejects(downloadFile({ url: `${baseUrl}/good/x`, destination, sha256: [] }), /sha256 至少要给出一个校验和/);
  await assert.rejects(downloadFile({ url: "ftp://127.0.0.1/x", destination, sha256: "0".repeat(64) }), /协议是 ftp:，只支持 http: 和 https:/);
  await assert.rejects(downloadFile({ url: "not a url", destination, sha256: "0".repeat(64) }), /下载地址无效：not a url/);
  await assert.rejects(downloadFile({ url: `${baseUrl}/good/x`, destination, sha256: "0".repeat(64), timeoutMs: -1 }), /timeoutMs 必须是正数（毫秒），收到 -1/);
});

test("downloadFile names an unwritable folder", async () => {
  const blocker = path.join(makeTempDir("download"), "a-file");
  fs.writeFileSync(blocker, "");
  const name = "t10k-labels-idx1-ubyte.gz";
  await assert.rejects(downloadFile({ url: `${baseUrl}/good/${name}`, destination: path.join(blocker, name), sha256: syntheticSha256[name] }), (error: Error) => {
    assert.ok(error instanceof DownloadError, "DownloadError");
    assert.match(error.message, new RegExp(`无法创建下载目录 ${blocker}（EEXIST`));
    return true;
  });
});
