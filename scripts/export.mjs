// `npm run export`: executes the course notebooks in full mode and writes
// one self-contained HTML page per notebook, plus index.html, into export/.
// The pages load nothing from the network: plotly.js, KaTeX and its fonts
// are inlined (see scripts/export/). index.html lists every page in the
// output folder, so pages from an earlier, larger export stay listed.
//   npm run export                          every notebooks/NN-slug.ipynb
//   npm run export -- notebooks/01-*.ipynb  only these notebooks
//   npm run export -- --quick --out DIR     quick mode (DL30_QUICK=1), other folder
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { convertToHtml } from "./export/convert.mjs";
import { writePageAssets } from "./export/assets.mjs";
import { executeNotebooks } from "./export/execute.mjs";
import { writeIndexPage } from "./export/index-page.mjs";
import { USAGE, parseExportArgs } from "./export/options.mjs";
import { setTitleFromHeading } from "./export/title.mjs";
import { writeKernelspec } from "./lib/kernelspec.mjs";
import { projectRoot, venvExecutable } from "./lib/paths.mjs";
import { fail, say } from "./lib/process.mjs";

/** Formats a byte count as megabytes with one decimal, e.g. "2.1 MB". */
function formatSize(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Returns `folder` relative to the project root when it is inside it, for messages. */
function displayPath(folder) {
  const relative = path.relative(projectRoot, folder);
  return relative.startsWith("..") || path.isAbsolute(relative) ? folder : relative + path.sep;
}

/** Parses the command line. Prints the usage and exits on --help or an invalid argument. */
function readOptions() {
  try {
    const options = parseExportArgs(process.argv.slice(2));
    if (!options.help) return options;
    console.log(USAGE);
    process.exit(0);
  } catch (error) {
    console.error(USAGE + "\n");
    fail(error.message);
  }
}

/**
 * Executes the notebooks into `workDir/executed` and returns the paths of
 * the executed copies. Throws when a notebook fails, after the runner has
 * printed which cell failed and why.
 */
async function executeAll(options, workDir) {
  const mode = options.quick ? "快速模式 DL30_QUICK=1" : "完整模式";
  say(`执行 ${options.notebooks.length} 个笔记本（${mode}，最多同时 2 个内核）…`);

  const outputDir = path.join(workDir, "executed");
  const status = await executeNotebooks(options.notebooks, { outputDir, quick: options.quick });
  if (status !== 0) throw new Error("笔记本执行失败（见上方信息），没有导出任何页面。");

  return options.notebooks.map((notebook) => path.join(outputDir, path.basename(notebook)));
}

/** Converts the executed notebooks to pages in `options.outDir` and prints one line per page. */
function convertAll(executed, options, workDir) {
  executed.forEach(setTitleFromHeading);
  const assetsDir = writePageAssets(path.join(workDir, "assets"));

  say("转换为 HTML（nbconvert，内嵌 plotly.js 与 KaTeX）…");
  const result = convertToHtml(executed, { outDir: options.outDir, assetsDir });
  if (!result.ok) {
    console.error(result.stderr.trim() || result.stdout.trim() || result.error?.message);
    throw new Error("nbconvert 转换失败（见上方输出）。");
  }

  for (const notebook of executed) {
    const page = path.basename(notebook, ".ipynb") + ".html";
    say(`导出 ${page}（${formatSize(fs.statSync(path.join(options.outDir, page)).size)}）`);
  }
}

/** Runs every step in a temporary folder, which is removed afterwards, even on failure. */
async function exportNotebooks(options) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-export-"));
  const removeWorkDir = () => fs.rmSync(workDir, { recursive: true, force: true });
  process.once("SIGINT", () => {
    removeWorkDir();
    process.exit(130);
  });

  try {
    const executed = await executeAll(options, workDir);
    fs.mkdirSync(options.outDir, { recursive: true });
    convertAll(executed, options, workDir);

    const pageCount = writeIndexPage(options.outDir);
    say(`导出 index.html（目录，共 ${pageCount} 个页面）`);
  } finally {
    removeWorkDir();
  }
}

const started = Date.now();
const options = readOptions();

if (!fs.existsSync(venvExecutable("jupyter"))) {
  fail("找不到 .venv 中的 Jupyter：请先在项目根目录运行 `npm install`。");
}
writeKernelspec();

try {
  await exportNotebooks(options);
} catch (error) {
  fail(error.message);
}
say(`导出完成：页面在 ${displayPath(options.outDir)}，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。用浏览器打开 index.html 即可离线阅读。`);
