/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test
 * grayscale images of clothing, 28×28 pixels, in 10 classes. It has the same
 * IDX files and shapes as MNIST but is harder to classify.
 *
 * The four .gz files are looked up in this order, and every place tried is
 * reported if none works:
 *   1. the folder in the `dir` option or the DL30_FASHION_MNIST_DIR variable;
 *   2. /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist);
 *   3. the project cache <project root>/.cache/datasets/fashion-mnist;
 *   4. a download from the mirror into that cache, checked with SHA-256.
 */
import * as fs from "fs";
import * as path from "path";
import { downloadFile } from "./download";
import { DataFileError, IdxArray, readIdxFile } from "./idx";
import { buildSplit, IMAGE_SIZE, ImageDataset, MnistOptions, NUM_CLASSES } from "./mnist";
import { checkSubsetSize, shuffledIndices } from "./split";

/** Class names by label 0–9, in Chinese with the English name of the data set's README in brackets. */
export const FASHION_MNIST_CLASS_NAMES: readonly string[] = Object.freeze([
  "T恤/上衣（T-shirt/top）",
  "裤子（Trouser）",
  "套头衫（Pullover）",
  "连衣裙（Dress）",
  "外套（Coat）",
  "凉鞋（Sandal）",
  "衬衫（Shirt）",
  "运动鞋（Sneaker）",
  "包（Bag）",
  "短靴（Ankle boot）",
]);

/** Environment variable naming a folder that contains the four .gz files. This folder is tried first. */
export const FASHION_MNIST_DIR_VARIABLE = "DL30_FASHION_MNIST_DIR";

/** Environment variable that replaces the default download address (the folder URL that contains the four files). */
export const FASHION_MNIST_MIRROR_VARIABLE = "DL30_FASHION_MNIST_MIRROR";

/** The official download location listed in the data set's README. */
export const DEFAULT_FASHION_MNIST_MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

/** Folder where the Debian package dataset-fashion-mnist installs the files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** One of the four data files, with the digests and sizes of its two known byte-exact versions. */
export interface FashionMnistFile {
  /** File name, the same on the mirror and on disk. */
  name: string;
  /** Shape of the decoded IDX array. */
  shape: number[];
  /** SHA-256 of the official file, as served by the mirror. */
  mirrorSha256: string;
  /** Size of the file on the official mirror, in bytes. */
  mirrorBytes: number;
  /** SHA-256 of the file installed by the Debian package. */
  debianSha256: string;
  /** Size of the file installed by the Debian package, in bytes. */
  debianBytes: number;
}

// The Debian digests and sizes were measured with sha256sum and stat on the
// files of dataset-fashion-mnist 0.0~git20200523.55506a9-1. Debian's build
// rewrote each gzip header: it dropped the stored file name and set the
// timestamp to the build date. So its files are 23 or 24 bytes shorter than
// the official ones and hash differently, but the compressed data are the same.
// The official digests and sizes are those of the Debian files with the
// original header put back (stored name, timestamp 2017-08-31 10:50 UTC).
// The rebuilt files have exactly the MD5 sums that the data set's README lists
// for the official downloads. tests/unit/fashion-mnist.test.ts rebuilds them
// and checks MD5, SHA-256 and size.
/** The four files in download order, with the digests and sizes of their official and Debian versions. */
export const FASHION_MNIST_FILES: readonly FashionMnistFile[] = Object.freeze([
  {
    name: "train-images-idx3-ubyte.gz",
    shape: [60000, IMAGE_SIZE, IMAGE_SIZE],
    mirrorSha256: "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
    mirrorBytes: 26421880,
    debianSha256: "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7",
    debianBytes: 26421856,
  },
  {
    name: "train-labels-idx1-ubyte.gz",
    shape: [60000],
    mirrorSha256: "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
    mirrorBytes: 29515,
    debianSha256: "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056",
    debianBytes: 29491,
  },
  {
    name: "t10k-images-idx3-ubyte.gz",
    shape: [10000, IMAGE_SIZE, IMAGE_SIZE],
    mirrorSha256: "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
    mirrorBytes: 4422102,
    debianSha256: "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa",
    debianBytes: 4422079,
  },
  {
    name: "t10k-labels-idx1-ubyte.gz",
    shape: [10000],
    mirrorSha256: "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    mirrorBytes: 5148,
    debianSha256: "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05",
    debianBytes: 5125,
  },
]);

/** Sizes of the subsets, where to look for the files and how to download them. */
export interface FashionMnistOptions extends MnistOptions {
  /** Folder tried first (default: the DL30_FASHION_MNIST_DIR variable, when set). */
  dir?: string;
  /** Folder of the Debian package (default /usr/share/datasets/fashion-mnist). Tests point it elsewhere. */
  debianDir?: string;
  /** Download cache (default <project root>/.cache/datasets/fashion-mnist). */
  cacheDir?: string;
  /** Folder URL that contains the four files (default: DL30_FASHION_MNIST_MIRROR, else the official mirror). */
  mirror?: string;
  /** Set to false to never download (default true). */
  download?: boolean;
  /** SHA-256 to require for downloads, by file name. A value here replaces both known digests of that file. */
  sha256?: Partial<Record<string, string>>;
  /** Time without network activity after which a download fails, in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Receives one progress line per downloaded file (default console.log). */
  log?: (message: string) => void;
}

/** The four decoded files. */
interface FashionMnistArrays {
  trainImages: IdxArray;
  trainLabels: IdxArray;
  testImages: IdxArray;
  testLabels: IdxArray;
}

/** A folder tried during the search and why it could not be used. */
interface FailedAttempt {
  place: string;
  reason: string;
}

/**
 * Loads seeded random subsets of Fashion-MNIST: `trainSize` and
 * `validationSize` disjoint images from the training file and `testSize` from
 * the test file. Images are [n, 784] float32 in [0, 1] and labels are one-hot
 * [n, 10], as in `loadMnist`. A seed picks the same images whichever folder
 * the files came from. The function is async because it may have to
 * download the files (about 30 MB). It raises a DataFileError that lists every
 * place tried when no complete, valid copy is found. The caller owns the
 * returned tensors (see `keep` in memory.ts).
 */
export async function loadFashionMnist(options: FashionMnistOptions): Promise<ImageDataset> {
  checkSubsetSizes(options);
  const arrays = await locateFashionMnist(options);
  const seed = options.seed ?? 0;

  const order = shuffledIndices(60000, seed);
  const testOrder = shuffledIndices(10000, seed + 1);
  const validationEnd = options.trainSize + options.validationSize;
  return {
    train: buildSplit(arrays.trainImages, arrays.trainLabels, order.subarray(0, options.trainSize)),
    validation: buildSplit(arrays.trainImages, arrays.trainLabels, order.subarray(options.trainSize, validationEnd)),
    test: buildSplit(arrays.testImages, arrays.testLabels, testOrder.subarray(0, options.testSize)),
  };
}

/**
 * Checks the subset sizes with the same limits as `loadMnist`, before any file
 * is read. Each size is checked alone first, so the error names the wrong one.
 */
function checkSubsetSizes(options: MnistOptions): void {
  checkSubsetSize("trainSize", options.trainSize, 60000);
  checkSubsetSize("validationSize", options.validationSize, 60000);
  checkSubsetSize("testSize", options.testSize, 10000);
  checkSubsetSize("trainSize + validationSize", options.trainSize + options.validationSize, 60000);
}

/**
 * Tries the four places in order and returns the decoded files of the first
 * folder where all four are valid. Raises a DataFileError listing each place
 * and its reason when none is.
 */
async function locateFashionMnist(options: FashionMnistOptions): Promise<FashionMnistArrays> {
  const failures: FailedAttempt[] = [];
  const cacheDir = options.cacheDir ?? defaultCacheDir();

  for (const { place, dir } of localFolders(options, cacheDir)) {
    const result = readFashionMnistDir(dir);
    if ("arrays" in result) return result.arrays;
    failures.push({ place, reason: result.reason });
  }

  const mirror = options.mirror ?? nonEmpty(process.env[FASHION_MNIST_MIRROR_VARIABLE]) ?? DEFAULT_FASHION_MNIST_MIRROR;
  const place = `从镜像（mirror）${mirror} 下载到 ${cacheDir}`;
  if (options.download === false) {
    failures.push({ place, reason: "下载已关闭（download: false）" });
    throw noDataError(failures);
  }

  try {
    await downloadMissingFiles(mirror, cacheDir, options);
  } catch (error) {
    failures.push({ place, reason: (error as Error).message });
    throw noDataError(failures);
  }

  const downloaded = readFashionMnistDir(cacheDir);
  if ("arrays" in downloaded) return downloaded.arrays;
  failures.push({ place, reason: `下载完成，但文件仍不可用：${downloaded.reason}` });
  throw noDataError(failures);
}

/** Lists the folders to read, in lookup order, each with a description for error messages. */
function localFolders(options: FashionMnistOptions, cacheDir: string): { place: string; dir: string }[] {
  const folders: { place: string; dir: string }[] = [];

  const environmentDir = nonEmpty(process.env[FASHION_MNIST_DIR_VARIABLE]);
  if (options.dir !== undefined) {
    folders.push({ place: `dir 选项指定的目录 ${options.dir}`, dir: options.dir });
  } else if (environmentDir !== undefined) {
    folders.push({ place: `环境变量 ${FASHION_MNIST_DIR_VARIABLE} 指定的目录 ${environmentDir}`, dir: environmentDir });
  }

  const debianDir = options.debianDir ?? DEBIAN_FASHION_MNIST_DIR;
  folders.push({ place: `Debian 包 dataset-fashion-mnist 的目录 ${debianDir}`, dir: debianDir });
  folders.push({ place: `项目缓存（cache）目录 ${cacheDir}`, dir: cacheDir });
  return folders;
}

/**
 * Reads and validates all four files of `dir`: each must exist, be valid
 * gzip, have the IDX header and exact size of its shape, and labels must lie
 * in 0–9. Returns the decoded files, or the reason the folder cannot be used.
 */
function readFashionMnistDir(dir: string): { arrays: FashionMnistArrays } | { reason: string } {
  if (!fs.existsSync(dir)) return { reason: "目录不存在" };

  const missing = FASHION_MNIST_FILES.filter((file) => !fs.existsSync(path.join(dir, file.name)));
  if (missing.length > 0) {
    return { reason: `缺少文件 ${missing.map((file) => file.name).join("、")}` };
  }

  try {
    const [trainImages, trainLabels, testImages, testLabels] = FASHION_MNIST_FILES.map((file) =>
      readIdxFile(path.join(dir, file.name), file.shape),
    );
    checkLabelRange(trainLabels, path.join(dir, FASHION_MNIST_FILES[1].name));
    checkLabelRange(testLabels, path.join(dir, FASHION_MNIST_FILES[3].name));
    return { arrays: { trainImages, trainLabels, testImages, testLabels } };
  } catch (error) {
    if (error instanceof DataFileError) return { reason: error.message };
    throw error;
  }
}

/** Raises a DataFileError when a label is not a class index 0–9. */
function checkLabelRange(labels: IdxArray, file: string): void {
  const index = labels.data.findIndex((label) => label >= NUM_CLASSES);
  if (index >= 0) {
    throw new DataFileError(`${file}：第 ${index} 个标签为 ${labels.data[index]}，应在 0 到 ${NUM_CLASSES - 1} 之间（文件已损坏）`);
  }
}

/**
 * Downloads, one after another, every file of the cache folder that is
 * missing or fails to decode. Each file is checked and written atomically by
 * `downloadFile`, so the cache never contains an unchecked file.
 */
async function downloadMissingFiles(mirror: string, cacheDir: string, options: FashionMnistOptions): Promise<void> {
  const log = options.log ?? console.log;
  const base = mirror.endsWith("/") ? mirror : `${mirror}/`;

  for (const file of FASHION_MNIST_FILES) {
    const destination = path.join(cacheDir, file.name);
    if (isValidIdxFile(destination, file.shape)) continue;

    const url = joinUrl(base, file.name);
    const custom = options.sha256?.[file.name];
    const accepted = custom !== undefined ? [custom] : [file.mirrorSha256, file.debianSha256];
    log(`正在下载 ${url}（约 ${(file.mirrorBytes / 1e6).toFixed(1)} MB）到 ${cacheDir}`);
    await downloadFile({ url, destination, sha256: accepted, timeoutMs: options.timeoutMs });
  }
}

/** Returns true when `file` exists and decodes as an IDX array of `shape`. */
function isValidIdxFile(file: string, shape: number[]): boolean {
  if (!fs.existsSync(file)) return false;
  try {
    readIdxFile(file, shape);
    return true;
  } catch {
    return false;
  }
}

/** Resolves a file name against the mirror URL. An invalid mirror is joined as text, so downloadFile rejects it with its own message. */
function joinUrl(base: string, name: string): string {
  try {
    return new URL(name, base).href;
  } catch {
    return base + name;
  }
}

/** Builds the final error: every place tried with its reason, and three ways to fix it. */
function noDataError(failures: FailedAttempt[]): DataFileError {
  const tried = failures.map((failure, i) => `  ${i + 1}. ${failure.place}：${failure.reason}`);
  const names = FASHION_MNIST_FILES.map((file) => file.name).join("、");
  return new DataFileError(
    [
      "找不到完整可用的 Fashion-MNIST 数据。已尝试：",
      ...tried,
      "修复方法（任选其一）：",
      "  - 在 Debian/Ubuntu 上安装数据包：sudo apt install dataset-fashion-mnist",
      `  - 把 ${names} 四个文件放进同一个目录，再设置环境变量 ${FASHION_MNIST_DIR_VARIABLE}=该目录`,
      `  - 设置环境变量 ${FASHION_MNIST_MIRROR_VARIABLE}=一个能访问、提供这四个文件的镜像网址`,
    ].join("\n"),
  );
}

/** Returns the default download cache, <project root>/.cache/datasets/fashion-mnist (.cache is git-ignored). */
function defaultCacheDir(): string {
  return path.join(findProjectRoot(), ".cache", "datasets", "fashion-mnist");
}

/** Returns the nearest folder above this module that contains package.json, or the working folder when there is none. */
function findProjectRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/** Returns `value` unless it is undefined or blank. */
function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value : undefined;
}
