import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { tf } from "../../src/backend";
import { assertDataError } from "../support/data-error";
import { cleanReview, deduplicateReviews, loadImdb, readUniqueReviews } from "../../src/data/imdb";
import { loadPoetry, poetryFile, readPoems } from "../../src/data/poetry";
import { buildVocabulary, padSequences, sequencesTensor, tokenizeChineseChars, tokenizeEnglish } from "../../src/data/tokenizer";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-text-"));
after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

/** Writes `content` to a file in the temp folder and returns its path. */
function tempFile(name: string, content: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}

test("tokenizeEnglish keeps inner apostrophes", () => {
  assert.deepEqual(
    tokenizeEnglish("Don't STOP—it’s rock'n'roll! 'Quoted' x-ray 42 times..."),
    ["don't", "stop", "it's", "rock'n'roll", "quoted", "x", "ray", "42", "times"],
  );
  assert.deepEqual(tokenizeEnglish("  ... "), []);
  assert.deepEqual(tokenizeEnglish("Café naïve"), ["café", "naïve"]);
});

test("tokenizeChineseChars keeps Han characters only", () => {
  assert.deepEqual(tokenizeChineseChars("床前明月光，疑是地上霜。\nAI 2024！"), ["床", "前", "明", "月", "光", "疑", "是", "地", "上", "霜"]);
  assert.deepEqual(tokenizeChineseChars("，。？"), []);
});

test("buildVocabulary orders by count then token", () => {
  const vocab = buildVocabulary(["b a c a", "c a b d"]);
  assert.deepEqual(vocab.tokens, ["<pad>", "<unk>", "a", "b", "c", "d"]);
  assert.deepEqual(vocab.counts, [0, 0, 3, 2, 2, 1]);
  assert.equal(vocab.size, 6);
  assert.deepEqual(vocab.encode("A d z"), [2, 5, 1]);
  assert.deepEqual(vocab.decode([2, 0, 1]), ["a", "<pad>", "<unk>"]);
  assert.throws(() => vocab.decode([6]), /0 到 5 之间的整数，收到 6/);
});

test("buildVocabulary applies maxSize and minCount", () => {
  const small = buildVocabulary(["b a c a", "c a b d"], { maxSize: 4 });
  assert.deepEqual(small.tokens, ["<pad>", "<unk>", "a", "b"]);
  assert.deepEqual(small.encode("c a b d"), [1, 2, 3, 1]);

  const frequent = buildVocabulary(["b a c a", "c a b d"], { minCount: 2 });
  assert.deepEqual(frequent.tokens.slice(2), ["a", "b", "c"]);

  const chinese = buildVocabulary(["春风又绿江南岸", "春眠不觉晓"], { tokenize: tokenizeChineseChars });
  assert.equal(chinese.tokens[2], "春");
  assert.deepEqual(chinese.encode("春夏"), [2, 1]);

  assert.throws(() => buildVocabulary(["a"], { maxSize: 2 }), /maxSize 必须是 ≥ 3 的整数.*收到 2/);
  assert.throws(() => buildVocabulary(["a"], { minCount: 0 }), /minCount 必须是 ≥ 1 的整数，收到 0/);
  assert.throws(() => buildVocabulary(["a", 5 as unknown as string]), /第 1 项必须是字符串，收到 number/);
});

test("padSequences pads and truncates both ways", () => {
  const sequences = [[1, 2, 3], [4], []];
  assert.deepEqual(Array.from(padSequences(sequences, 2).data), [2, 3, 0, 4, 0, 0]);
  assert.deepEqual(Array.from(padSequences(sequences, 2, { padding: "post", truncating: "post" }).data), [1, 2, 4, 0, 0, 0]);
  assert.deepEqual(Array.from(padSequences(sequences, 2, { padding: "pre", truncating: "post" }).data), [1, 2, 0, 4, 0, 0]);
  assert.deepEqual(Array.from(padSequences(sequences, 4, { padding: "post" }).data), [1, 2, 3, 0, 4, 0, 0, 0, 0, 0, 0, 0]);
  const padded = padSequences([Int32Array.from([5, 6])], 3);
  assert.ok(padded.data instanceof Int32Array);
  assert.deepEqual(padded.shape, [1, 3]);

  assert.throws(() => padSequences(sequences, 0), /length 必须是 ≥ 1 的整数，收到 0/);
  assert.throws(() => padSequences(sequences, 2, { padding: "middle" as "pre" }), /padding 必须是 "pre" 或 "post"，收到 "middle"/);
  assert.throws(() => padSequences(sequences, 2, { truncating: "end" as "pre" }), /truncating.*收到 "end"/);
});

test("sequencesTensor returns an int32 [n, length] tensor", () => {
  const before = tf.memory().numTensors;
  const tensor = sequencesTensor(padSequences([[7, 8, 9], [3]], 2));
  assert.equal(tensor.dtype, "int32");
  assert.deepEqual(tensor.arraySync(), [[8, 9], [0, 3]]);
  tensor.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("cleanReview removes <br /> markup", () => {
  assert.equal(cleanReview("Great.<br /><br />Really<br/>good<BR>  fun "), "Great. Really good fun");
});

test("deduplicateReviews keeps first copies, drops conflicts", () => {
  const unique = deduplicateReviews(["a", "b", "a", "c", "c", "a"], [0, 1, 0, 1, 0, 0]);
  assert.deepEqual(unique.texts, ["a", "b"]);
  assert.deepEqual(Array.from(unique.labels), [0, 1]);
  assert.equal(unique.duplicatesDropped, 2);
  assert.equal(unique.conflictsDropped, 2);
});

test("IMDB reviews are unique and clean", () => {
  const reviews = readUniqueReviews();
  // 418 exact duplicate texts in reviews.json, plus 4 pairs that differ only in <br /> markup or spacing.
  assert.equal(reviews.duplicatesDropped, 422);
  assert.equal(reviews.conflictsDropped, 0);
  assert.equal(reviews.texts.length, 50000 - 422);
  assert.equal(new Set(reviews.texts).size, reviews.texts.length);
  assert.ok(reviews.texts.every((text) => !/<br/i.test(text)), "no <br left");
  assert.equal(reviews.labels.filter((label) => label === 1).length, 24882);
  assert.equal(reviews.labels.filter((label) => label === 0).length, 24696);
  assert.ok(reviews.texts[0].startsWith("Once again Mr. Costner has dragged out a movie"));
});

test("loadImdb splits disjointly and repeats with a seed", () => {
  const data = loadImdb({ trainSize: 40000, testSize: 9578, seed: 1 });
  assert.equal(data.available, 49578);
  assert.equal(data.train.texts.length, 40000);
  assert.equal(data.test.labels.length, 9578);
  const trainTexts = new Set(data.train.texts);
  assert.equal(data.test.texts.filter((text) => trainTexts.has(text)).length, 0);
  const positive = data.train.labels.reduce((sum, label) => sum + label, 0);
  assert.ok(positive > 19000, `shuffled labels are mixed, ${positive} positive`);
  assert.ok(positive < 21000, `shuffled labels are mixed, ${positive} positive`);

  const small = loadImdb({ trainSize: 100, testSize: 20, seed: 1 });
  assert.deepEqual(small.train.texts, data.train.texts.slice(0, 100));
  assert.deepEqual(loadImdb({ trainSize: 100, testSize: 20, seed: 1 }).test, small.test);
  assert.notDeepEqual(loadImdb({ trainSize: 100, testSize: 20, seed: 2 }).train.texts, small.train.texts);
});

test("loadImdb names bad sizes and damaged files", () => {
  assert.throws(() => loadImdb({ trainSize: 49000, testSize: 1000 }), /trainSize \+ testSize 必须是 1 到 49578 之间的整数，收到 50000/);
  assert.throws(() => loadImdb({ trainSize: 0, testSize: 10 }), /trainSize.*收到 0/);

  const missing = path.join(tempDir, "none.json");
  assertDataError(() => loadImdb({ trainSize: 1, testSize: 1, file: missing }), /找不到数据文件/, /none\.json/);
  const cut = tempFile("cut.json", '[{"t":"good","s":1},{"t":"ba');
  assertDataError(() => loadImdb({ trainSize: 1, testSize: 1, file: cut }), /cut\.json 不是有效的 JSON/);
  const short = tempFile("short.json", '[{"t":"good","s":1}]');
  assertDataError(() => loadImdb({ trainSize: 1, testSize: 1, file: short }), /应是含 50000 条影评的数组，收到 1 条/);

  const entries = Array.from({ length: 50000 }, (_, i) => ({ t: `review ${i}`, s: i % 2 }));
  (entries[7] as { s: number }).s = 2;
  const badLabel = tempFile("label.json", JSON.stringify(entries));
  assertDataError(() => loadImdb({ trainSize: 1, testSize: 1, file: badLabel }), /第 7 条影评格式不对/, /"s":2/);
});

test("loadPoetry returns balanced, disjoint, seeded splits", () => {
  const data = loadPoetry({ trainSize: 1000, testSize: 201, seed: 5 });
  assert.equal(data.available, 6000);
  assert.equal(data.train.texts.length, 1000);
  assert.equal(data.test.labels.length, 201);
  assert.equal(data.train.labels.filter((label) => label === 0).length, 500);
  assert.equal(data.test.labels.filter((label) => label === 0).length, 101);
  data.train.poems.forEach((poem, i) => assert.equal(data.train.labels[i], poem.dynasty === "唐" ? 0 : 1));
  assert.notDeepEqual(Array.from(data.train.labels.subarray(0, 20)), Array(20).fill(data.train.labels[0]), "classes are mixed");

  const trainKeys = new Set(data.train.poems.map((poem) => `${poem.author}|${poem.title}|${poem.text}`));
  assert.ok(data.test.poems.every((poem) => !trainKeys.has(`${poem.author}|${poem.title}|${poem.text}`)));
  assert.ok(data.train.texts.every((text) => tokenizeChineseChars(text).length >= 20));

  assert.deepEqual(loadPoetry({ trainSize: 1000, testSize: 201, seed: 5 }).test.texts, data.test.texts);
  assert.notDeepEqual(loadPoetry({ trainSize: 1000, testSize: 201, seed: 6 }).test.texts, data.test.texts);
  const all = loadPoetry({ trainSize: 5000, testSize: 1000 });
  assert.equal(new Set([...all.train.texts, ...all.test.texts]).size, 6000);
  assert.throws(() => loadPoetry({ trainSize: 5000, testSize: 1001 }), /每个朝代最多 3000 首，唐 需要 3001 首/);
  assert.throws(() => loadPoetry({ trainSize: 6000, testSize: 1 }), /每个朝代最多 3000 首，唐 需要 3001 首（收到 trainSize = 6000，testSize = 1）/);
});

test("poems.json holds 3000 poems of each dynasty in traditional script", () => {
  const poems = readPoems();
  assert.equal(poems.filter((poem) => poem.dynasty === "唐").length, 3000);
  assert.equal(poems.filter((poem) => poem.dynasty === "宋").length, 3000);
  const text = poems.map((poem) => poem.text).join("");
  assert.ok(!/[黄带顔凉]/.test(text), "Song-only variant glyphs were normalised");
  assert.ok(fs.statSync(poetryFile()).size < 2 * 1024 * 1024);
});

test("loadPoetry names a missing or malformed file", () => {
  const missing = path.join(tempDir, "poems-missing.json");
  assertDataError(() => loadPoetry({ trainSize: 1, testSize: 1, file: missing }), /找不到古诗数据文件/, /poems-missing\.json/, /derive-poetry-subset/);

  const cut = tempFile("poems-cut.json", fs.readFileSync(poetryFile(), "utf8").slice(0, 5000));
  assertDataError(() => loadPoetry({ trainSize: 1, testSize: 1, file: cut }), /poems-cut\.json 不是有效的 JSON/);

  const poem = { title: "静夜思", author: "李白", dynasty: "唐", text: "床前明月光" };
  const count = tempFile("poems-count.json", JSON.stringify({ count: 2, poems: [poem] }));
  assertDataError(() => loadPoetry({ trainSize: 1, testSize: 1, file: count }), /count 写的是 2，poems 数组却有 1 首/);

  const yuan = tempFile("poems-yuan.json", JSON.stringify({ count: 2, poems: [poem, { ...poem, dynasty: "元" }] }));
  assertDataError(() => loadPoetry({ trainSize: 1, testSize: 1, file: yuan }), /第 1 首诗格式不对/, /dynasty 应为 "唐" 或 "宋"，收到 "元"/);

  const oneClass = tempFile("poems-tang.json", JSON.stringify({ count: 1, poems: [poem] }));
  assertDataError(() => loadPoetry({ trainSize: 1, testSize: 1, file: oneClass }), /没有 宋 代的诗/);
});
