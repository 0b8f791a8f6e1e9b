/**
 * Tang and Song poems (唐诗 / 宋诗) for a dynasty-classification task, read
 * from data/poetry/poems.json. The file has 3,000 poems of each dynasty in
 * traditional script. scripts/derive-poetry-subset.mjs sampled them in pairs
 * of identical form from the npm package chinese-poetry@2.0.1 (MIT licence;
 * the poems themselves are public domain), as data/poetry/README.md explains.
 */
import * as fs from "fs";
import * as path from "path";
import { DataFileError } from "./idx";
import { checkSubsetSize, shuffledIndices } from "./split";

/** Class names by label: 0 = 唐 (Tang), 1 = 宋 (Song). */
export const POETRY_CLASSES = ["唐", "宋"] as const;

/** The dynasty of a poem. */
export type Dynasty = (typeof POETRY_CLASSES)[number];

/** One poem of poems.json; `text` is its lines joined with "\n". */
export interface Poem {
  title: string;
  author: string;
  dynasty: Dynasty;
  text: string;
}

/** Poems of one split with their texts and labels (0 = 唐, 1 = 宋). */
export interface PoemSplit {
  texts: string[];
  labels: Int32Array;
  poems: Poem[];
}

/** A seeded, disjoint train/test split with the same number of poems of each dynasty (± 1). */
export interface PoetryDataset {
  train: PoemSplit;
  test: PoemSplit;
  /** Number of poems in the file. */
  available: number;
}

/** Options of `loadPoetry`. */
export interface PoetryOptions {
  trainSize: number;
  testSize: number;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Read this file instead of data/poetry/poems.json (for tests). */
  file?: string;
}

const REGENERATE = "请从 git 恢复该文件，或运行 `node scripts/derive-poetry-subset.mjs` 重新生成";

/** Returns the path of the project's data/poetry/poems.json. */
export function poetryFile(): string {
  return path.resolve(__dirname, "..", "..", "data", "poetry", "poems.json");
}

/** Throws a DataFileError unless `entry` is a poem object; names the file and index. */
function checkPoem(entry: unknown, index: number, file: string): Poem {
  const poem = entry as Partial<Poem> | null;
  const problem =
    poem === null || typeof poem !== "object" ? "不是对象"
    : typeof poem.title !== "string" ? "缺少字符串字段 title"
    : typeof poem.author !== "string" ? "缺少字符串字段 author"
    : !POETRY_CLASSES.includes(poem.dynasty as Dynasty) ? `dynasty 应为 "唐" 或 "宋"，收到 ${JSON.stringify(poem.dynasty)}`
    : typeof poem.text !== "string" || poem.text.trim() === "" ? "text 应为非空字符串"
    : "";
  if (problem) {
    throw new DataFileError(`${file} 第 ${index} 首诗格式不对：${problem}（收到 ${JSON.stringify(entry)?.slice(0, 80)}）。${REGENERATE}。`);
  }
  return { title: poem!.title!, author: poem!.author!, dynasty: poem!.dynasty!, text: poem!.text! };
}

/** Reads poems.json and checks its shape: {count, poems: [{title, author, dynasty, text}, …]}. */
export function readPoems(file: string = poetryFile()): Poem[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new DataFileError(`找不到古诗数据文件 ${file}（${(error as NodeJS.ErrnoException).code ?? error}）。${REGENERATE}。`);
  }
  let parsed: { count?: unknown; poems?: unknown };
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new DataFileError(`${file} 不是有效的 JSON（${(error as Error).message}），文件可能已截断。${REGENERATE}。`);
  }
  if (parsed === null || typeof parsed !== "object" || !Array.isArray(parsed.poems)) {
    throw new DataFileError(`${file} 应是含 poems 数组的对象。${REGENERATE}。`);
  }
  if (parsed.count !== parsed.poems.length) {
    throw new DataFileError(`${file}：count 写的是 ${parsed.count}，poems 数组却有 ${parsed.poems.length} 首（文件不完整）。${REGENERATE}。`);
  }

  const poems = parsed.poems.map((entry, i) => checkPoem(entry, i, file));
  for (const dynasty of POETRY_CLASSES) {
    if (!poems.some((poem) => poem.dynasty === dynasty)) {
      throw new DataFileError(`${file} 中没有 ${dynasty} 代的诗，无法做两类分类。${REGENERATE}。`);
    }
  }
  return poems;
}

/** Builds a split from `poems`, in the order given. */
function toSplit(poems: Poem[]): PoemSplit {
  return {
    texts: poems.map((poem) => poem.text),
    labels: Int32Array.from(poems, (poem) => POETRY_CLASSES.indexOf(poem.dynasty)),
    poems,
  };
}

/**
 * Loads a seeded train/test split of the poems with labels 0 = 唐 and
 * 1 = 宋. Each split takes half its poems from each dynasty (唐 gets the
 * extra one when the size is odd), no poem is in both splits, and the
 * order inside a split is shuffled. Tokenize `texts` with
 * tokenizeChineseChars.
 */
export function loadPoetry(options: PoetryOptions): PoetryDataset {
  const poems = readPoems(options.file ?? poetryFile());
  checkSubsetSize("trainSize", options.trainSize, poems.length);
  checkSubsetSize("testSize", options.testSize, poems.length);
  const seed = options.seed ?? 0;

  const byClass = POETRY_CLASSES.map((dynasty, label) => {
    const members = poems.filter((poem) => poem.dynasty === dynasty);
    return Array.from(shuffledIndices(members.length, seed + label), (i) => members[i]);
  });
  const trainPerClass = [Math.ceil(options.trainSize / 2), Math.floor(options.trainSize / 2)];
  const testPerClass = [Math.ceil(options.testSize / 2), Math.floor(options.testSize / 2)];
  byClass.forEach((members, label) => {
    const needed = trainPerClass[label] + testPerClass[label];
    if (needed > members.length) {
      throw new RangeError(`trainSize + testSize 太大：每个朝代最多 ${members.length} 首，${POETRY_CLASSES[label]} 需要 ${needed} 首（收到 trainSize = ${options.trainSize}，testSize = ${options.testSize}）`);
    }
  });

  // Take each dynasty's share from the front of its shuffled list, then mix the two dynasties.
  const pickSplit = (start: number[], counts: number[], mixSeed: number): Poem[] => {
    const chosen = byClass.flatMap((members, label) => members.slice(start[label], start[label] + counts[label]));
    return Array.from(shuffledIndices(chosen.length, mixSeed), (i) => chosen[i]);
  };
  return {
    train: toSplit(pickSplit([0, 0], trainPerClass, seed + 2)),
    test: toSplit(pickSplit(trainPerClass, testPerClass, seed + 3)),
    available: poems.length,
  };
}
