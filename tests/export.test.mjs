// Runs `npm run export` on a fixture notebook and on notebook 01 in quick
// mode, into a temporary folder. Checks that the page and the index exist and load
// nothing from the network, and that the page inlines plotly.js once and
// KaTeX with its fonts. Headless Chromium then renders the page, and the
// chart's hostile title must show as text.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, test } from "node:test";
import { projectRoot } from "../scripts/lib/paths.mjs";
import { run } from "../scripts/lib/process.mjs";
import { chromiumSkipReason, launchChromium, newGuardedContext } from "./support/browser.mjs";

const exportScript = path.join(projectRoot, "scripts", "export.mjs");
const fixture = path.join("tests", "fixtures", "export-sample.ipynb");
const notebook01 = path.join("notebooks", "01-what-is-deep-learning.ipynb");
const hostileTitle = "</script><script>alert(1)</script>";
const plotlyCode = fs.readFileSync(path.join(projectRoot, "node_modules", "plotly.js-dist-min", "plotly.min.js"), "utf8");
const katexCode = fs.readFileSync(path.join(projectRoot, "node_modules", "katex", "dist", "katex.min.js"), "utf8");

let outDir;
let exported;

/** Runs the export script with `args` and returns its exit status and output. */
function runExport(args) {
  const result = run(process.execPath, [exportScript, ...args], { cwd: projectRoot, capture: true, env: process.env });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Counts the occurrences of `part` in `text`. */
function countOccurrences(text, part) {
  return text.split(part).length - 1;
}

/** Returns `html` with the contents of every <script> and <style> element removed, tags kept. */
function stripScriptsAndStyles(html) {
  return html
    .replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, "$1$2")
    .replace(/(<style\b[^>]*>)[\s\S]*?(<\/style>)/gi, "$1$2");
}

before(() => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-export-test-"));
  exported = runExport(["--quick", "--out", outDir, fixture, notebook01]);
});

after(() => {
  fs.rmSync(outDir, { recursive: true, force: true });
});

test("export writes page and index", () => {
  assert.equal(exported.status, 0, exported.output);
  assert.ok(fs.existsSync(path.join(outDir, "export-sample.html")), exported.output);
  assert.ok(fs.existsSync(path.join(outDir, "index.html")), exported.output);
  assert.match(exported.output, /\[dl30\] 导出 export-sample\.html（\d+\.\d MB）/);
  assert.match(exported.output, /\[dl30\] 导出完成：.*用时 \d+\.\d 秒/);
});

test("index lists the page by heading", () => {
  const index = fs.readFileSync(path.join(outDir, "index.html"), "utf8");
  assert.match(index, /<html lang="zh-CN">/);
  assert.match(index, /<title>深度学习面试 30 题<\/title>/);
  assert.match(index, /<a href="export-sample\.html">导出测试：公式与图表<\/a>/);
  assert.doesNotMatch(index, /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
});

test("page links nothing from the network", () => {
  const html = fs.readFileSync(path.join(outDir, "export-sample.html"), "utf8");
  const markup = stripScriptsAndStyles(html);
  assert.doesNotMatch(markup, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(markup, /<script\b[^>]*\bsrc\s*=/i, "a <script src> on the page");
  assert.doesNotMatch(html, /url\(\s*["']?\s*(?:https?:)?\/\//i, "a CSS url() pointing at a server");
  assert.doesNotMatch(html, /@import/i);
});

test("page inlines plotly.js once and KaTeX", () => {
  const html = fs.readFileSync(path.join(outDir, "export-sample.html"), "utf8");
  assert.match(html, /<html lang="zh-CN">/);
  assert.match(html, /<meta charset="utf-8"\/?>/i);
  assert.equal(countOccurrences(html, plotlyCode), 1, "plotly.min.js inlined exactly once, unchanged");
  assert.equal(countOccurrences(html, "* plotly.js v"), 1, "one plotly.js banner");
  assert.equal(countOccurrences(html, katexCode), 1, "katex.min.js inlined exactly once, unchanged");
  assert.match(html, /renderMathInElement/);
  assert.match(html, /src:url\(data:font\/woff2;base64,/);
  assert.doesNotMatch(html, /url\(["']?fonts\//, "a KaTeX font left as a relative file");
});

/**
 * Opens `file` from the export folder in headless Chromium with every
 * request outside file:, data:, about: and blob: blocked, runs `check`,
 * then asserts that nothing was blocked, no dialog opened and no script
 * failed on the page.
 */
async function checkOfflinePage(file, check) {
  const browser = await launchChromium();
  try {
    const { context, blockedUrls } = await newGuardedContext(browser, {
      allowedOrigins: [],
      allowedProtocols: ["file:", "data:", "about:", "blob:"],
    });
    const page = await context.newPage();
    const dialogs = [];
    const pageErrors = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));

    await page.goto(pathToFileURL(path.join(outDir, file)).href, { waitUntil: "load" });
    await check(page);

    assert.deepEqual(blockedUrls, [], "requests outside the page");
    assert.deepEqual(dialogs, [], "a dialog opened");
    assert.deepEqual(pageErrors, [], "script errors on the page");
  } finally {
    await browser.close();
  }
}

test("page renders offline in Chromium", { skip: chromiumSkipReason(), timeout: 60_000 }, async () => {
  await checkOfflinePage("export-sample.html", async (page) => {
    await page.locator(".js-plotly-plot svg.main-svg").first().waitFor({ timeout: 20_000 });
    await page.locator(".jp-MarkdownCell .katex").first().waitFor({ timeout: 10_000 });

    const title = await page.locator(".js-plotly-plot .gtitle").first().textContent();
    assert.ok(title.includes("alert(1)"), `chart title: ${title}`);
    assert.equal(title, hostileTitle);

    assert.ok(await page.locator(".jp-MarkdownCell .katex").count() >= 4, "three inline formulas and one display formula");
    assert.equal(await page.locator(".jp-MarkdownCell .katex-display").count(), 1);
    assert.equal(await page.locator(".jp-CodeCell .katex").count(), 0, "KaTeX touched a code cell or output");
    assert.equal(await page.locator(".jp-MarkdownCell code").first().textContent(), "tests/export.test.mjs");
    assert.equal(await page.locator(".jp-MarkdownCell code", { hasText: "$not_math$" }).count(), 1, "math inside inline code was rendered");

    const katexFontLoaded = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].some((font) => font.family.replace(/"/g, "") === "KaTeX_Main" && font.status === "loaded");
    });
    assert.ok(katexFontLoaded, "KaTeX_Main font did not load from its data: URI");
  });
});

test("notebook 01 page renders its charts offline", { skip: chromiumSkipReason(), timeout: 90_000 }, async () => {
  await checkOfflinePage("01-what-is-deep-learning.html", async (page) => {
    await page.locator(".js-plotly-plot svg.main-svg").first().waitFor({ timeout: 30_000 });

    // Five charts: the digit preview, the training curves and three weight grids.
    assert.equal(await page.locator(".js-plotly-plot").count(), 5);
    assert.ok(await page.locator(".jp-MarkdownCell .katex").count() >= 10, "the formulas of 深入解析 render");
    assert.equal(await page.locator(".dl30-table").count(), 1, "the result table");
    assert.match(await page.locator("body").textContent(), /结论成立/);
  });
});

test("failing notebook stops the export", () => {
  const failedOut = path.join(outDir, "failed");
  const result = runExport(["--quick", "--out", failedOut, path.join("tests", "fixtures", "failing-cell.ipynb")]);
  assert.equal(result.status, 1, result.output);
  assert.match(result.output, /执行失败：tests[\\/]fixtures[\\/]failing-cell\.ipynb: 第 2 个单元格（代码单元格 2，/);
  assert.match(result.output, /fixture failure: cell two/);
  assert.match(result.output, /没有导出任何页面/);
  assert.ok(!fs.existsSync(failedOut), "pages written after a failure");
});
