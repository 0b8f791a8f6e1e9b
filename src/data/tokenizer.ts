/**
 * Text to integer ids. Tokenizers (分词器, tokenizer) split English text
 * into words and Chinese text into characters. A vocabulary (词表,
 * vocabulary) built from training texts maps tokens to ids. Padding (填充,
 * padding) brings id sequences to one length, so a batch fits in one
 * [n, length] tensor.
 */
import { tf } from "../backend";

/** Splits a text into tokens. */
export type Tokenize = (text: string) => string[];

/** Id of the padding token `<pad>`: fills sequences up to their common length. */
export const PAD_ID = 0;
/** Id of the unknown token `<unk>`: every token that is not in the vocabulary. */
export const UNK_ID = 1;
/** Text of the padding token. */
export const PAD_TOKEN = "<pad>";
/** Text of the unknown token. */
export const UNK_TOKEN = "<unk>";

/**
 * Splits English text into lower-case words: runs of letters and digits.
 * An apostrophe between two such runs stays inside the word ("don't",
 * "rock'n'roll"); every other character separates words. Curly apostrophes
 * (’) count as straight ones.
 */
export function tokenizeEnglish(text: string): string[] {
  return text.toLowerCase().replace(/\u2019/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * Chinese character tokenizer: one token per Han character (汉字), in order;
 * punctuation, spaces, line breaks, Latin letters and digits are dropped.
 */
export function tokenizeChineseChars(text: string): string[] {
  return text.match(/\p{Script=Han}/gu) ?? [];
}

/** Options of `buildVocabulary`. */
export interface VocabularyOptions {
  /** Largest vocabulary size, counting `<pad>` and `<unk>` (default: no limit). */
  maxSize?: number;
  /** Tokens seen fewer times than this are left out (default 1). */
  minCount?: number;
  /** Tokenizer used for building and for `encode` (default tokenizeEnglish). */
  tokenize?: Tokenize;
}

/** A fixed mapping between tokens and ids; id 0 is `<pad>`, id 1 is `<unk>`. */
export class Vocabulary {
  /** Token of each id: tokens[0] = "<pad>", tokens[1] = "<unk>". */
  readonly tokens: string[];
  /** How often each token of `tokens` occurred in the training texts (0 for the reserved ones). */
  readonly counts: number[];
  /** The tokenizer used by `encode`. */
  readonly tokenize: Tokenize;
  private readonly ids: Map<string, number>;

  /** Creates a vocabulary from tokens in id order (reserved tokens excluded) and their counts. */
  constructor(words: string[], counts: number[], tokenize: Tokenize) {
    this.tokens = [PAD_TOKEN, UNK_TOKEN, ...words];
    this.counts = [0, 0, ...counts];
    this.tokenize = tokenize;
    this.ids = new Map(this.tokens.map((token, id) => [token, id]));
  }

  /** Number of ids, reserved ones included; an embedding layer needs inputDim = size. */
  get size(): number {
    return this.tokens.length;
  }

  /** Returns the id of `token`, or UNK_ID (1) when it is not in the vocabulary. */
  idOf(token: string): number {
    return this.ids.get(token) ?? UNK_ID;
  }

  /** Tokenizes `text` and returns the id of each token (unknown tokens become 1). */
  encode(text: string): number[] {
    return this.tokenize(text).map((token) => this.idOf(token));
  }

  /** Returns the token of each id; ids outside the vocabulary raise a RangeError. */
  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => {
      if (!Number.isInteger(id) || id < 0 || id >= this.size) {
        throw new RangeError(`id 必须是 0 到 ${this.size - 1} 之间的整数，收到 ${id}`);
      }
      return this.tokens[id];
    });
  }
}

/**
 * Counts the tokens of `texts` and keeps the most frequent ones. Ids are
 * given by descending count, ties broken by the token's code-point order,
 * so the same texts always give the same ids. Ids 0 and 1 are reserved for
 * `<pad>` and `<unk>`, so at most maxSize - 2 tokens are kept.
 */
export function buildVocabulary(texts: string[], options: VocabularyOptions = {}): Vocabulary {
  const maxSize = options.maxSize ?? Infinity;
  const minCount = options.minCount ?? 1;
  const tokenize = options.tokenize ?? tokenizeEnglish;
  if (maxSize !== Infinity && (!Number.isInteger(maxSize) || maxSize < 3)) {
    throw new RangeError(`maxSize 必须是 ≥ 3 的整数（含 <pad> 和 <unk> 两个保留 id），收到 ${maxSize}`);
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new RangeError(`minCount 必须是 ≥ 1 的整数，收到 ${minCount}`);
  }
  if (!Array.isArray(texts)) {
    throw new TypeError(`texts 必须是字符串数组，收到 ${typeof texts}`);
  }

  const counts = new Map<string, number>();
  texts.forEach((text, i) => {
    if (typeof text !== "string") {
      throw new TypeError(`texts 的第 ${i} 项必须是字符串，收到 ${typeof text}`);
    }
    for (const token of tokenize(text)) counts.set(token, (counts.get(token) ?? 0) + 1);
  });
  counts.delete(PAD_TOKEN);
  counts.delete(UNK_TOKEN);

  // Ties compare code points, not locale order, so the ids do not depend on the machine.
  const byCountThenToken = (a: [string, number], b: [string, number]): number => {
    if (a[1] !== b[1]) return b[1] - a[1];
    if (a[0] === b[0]) return 0;
    return a[0] < b[0] ? -1 : 1;
  };
  const ranked = [...counts]
    .filter(([, count]) => count >= minCount)
    .sort(byCountThenToken)
    .slice(0, maxSize - 2);

  return new Vocabulary(
    ranked.map(([token]) => token),
    ranked.map(([, count]) => count),
    tokenize,
  );
}

/** Side of a sequence at which `padSequences` pads or truncates: the start ("pre") or the end ("post"). */
export type PadSide = "pre" | "post";

/** Sequences of equal length in one row-major Int32Array of shape [n, length]. */
export interface PaddedSequences {
  data: Int32Array;
  shape: [number, number];
}

/**
 * Brings every id sequence to `length`. Shorter ones are filled with
 * PAD_ID (0) at the start ("pre", the default) or the end ("post"). Longer
 * ones lose their first tokens ("pre", the default) or their last ones
 * ("post"). Returns the rows in one Int32Array of shape [n, length].
 */
export function padSequences(
  sequences: ArrayLike<number>[],
  length: number,
  options: { padding?: PadSide; truncating?: PadSide } = {},
): PaddedSequences {
  const padding = options.padding ?? "pre";
  const truncating = options.truncating ?? "pre";
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`length 必须是 ≥ 1 的整数，收到 ${length}`);
  }
  for (const [argument, side] of [["padding", padding], ["truncating", truncating]]) {
    if (side !== "pre" && side !== "post") {
      throw new RangeError(`${argument} 必须是 "pre" 或 "post"，收到 ${JSON.stringify(side)}`);
    }
  }

  const data = new Int32Array(sequences.length * length).fill(PAD_ID);
  sequences.forEach((sequence, row) => {
    // Keep `length` ids: the last ones when cutting at the start, the first ones otherwise.
    const from = sequence.length > length && truncating === "pre" ? sequence.length - length : 0;
    const kept = Math.min(sequence.length, length);
    const offset = row * length + (padding === "pre" ? length - kept : 0);
    for (let i = 0; i < kept; i++) data[offset + i] = sequence[from + i];
  });
  return { data, shape: [sequences.length, length] };
}

/** Returns padded sequences as an int32 tensor [n, length]; the caller owns it. */
export function sequencesTensor(padded: PaddedSequences): tf.Tensor2D {
  return tf.tensor2d(padded.data, padded.shape, "int32");
}
