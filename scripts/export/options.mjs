// Command-line options of `npm run export`.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "../lib/paths.mjs";

/** File names of the course notebooks: two digits, a dash, a lower-case slug. */
export const NOTEBOOK_NAME = /^\d\d-[a-z0-9-]+\.ipynb$/;

/** Help text printed by `npm run export -- --help`. */
export const USAGE = `用法：npm run export -- [--quick] [--out 目录] [笔记本.ipynb ...]

  笔记本.ipynb   要导出的笔记本（默认：notebooks/ 下所有 NN-slug.ipynb）
  --quick        以快速模式执行（DL30_QUICK=1，数据和轮数缩小，用于测试）
  --out 目录     页面写入的目录（默认：export/）
  --help         显示本说明`;

/** Returns the course notebooks in notebooks/, sorted by name, relative to the project root. */
export function listCourseNotebooks() {
  const folder = path.join(projectRoot, "notebooks");
  return fs.readdirSync(folder).filter((name) => NOTEBOOK_NAME.test(name)).sort().map((name) => path.join("notebooks", name));
}

/**
 * Checks the notebook paths given on the command line and returns them
 * relative to the project root. Throws when a file is missing, is not an
 * .ipynb file, or shares its file name with another one (the runner writes
 * executed copies by file name, so one would overwrite the other).
 * @param {string[]} paths paths as typed, relative to the current folder
 */
export function checkNotebookPaths(paths) {
  const seen = new Set();
  return paths.map((given) => {
    const absolute = path.resolve(given);
    if (!given.endsWith(".ipynb")) throw new Error(`不是 .ipynb 文件：${given}`);
    if (!fs.existsSync(absolute)) throw new Error(`找不到笔记本：${given}`);

    const name = path.basename(absolute);
    if (seen.has(name)) throw new Error(`有两个笔记本都叫 ${name}：导出的页面会互相覆盖，请分两次导出。`);
    seen.add(name);
    return path.relative(projectRoot, absolute);
  });
}

/** Runs node:util's parseArgs and rethrows its option errors in Chinese. */
function parseOptions(argv) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        quick: { type: "boolean", default: false },
        out: { type: "string", default: path.join(projectRoot, "export") },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    const option = error.message.match(/'(-[^' ]+)/)?.[1] ?? "";
    if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new Error(`未知选项：${option}`);
    if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option === "--out") throw new Error("选项 --out 缺少目录，例如 --out export");
    if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new Error(`选项 ${option} 不接受值`);
    throw error;
  }
}

/**
 * Parses the command line of scripts/export.mjs into
 * `{notebooks, outDir, quick, help}`, with `outDir` absolute. Throws on an
 * unknown option or an invalid notebook path.
 * @param {string[]} argv arguments after the script name
 */
export function parseExportArgs(argv) {
  const { values, positionals } = parseOptions(argv);
  if (values.help) return { help: true };

  const notebooks = positionals.length > 0 ? checkNotebookPaths(positionals) : listCourseNotebooks();
  if (notebooks.length === 0) throw new Error("没有要导出的笔记本：notebooks/ 下没有 NN-slug.ipynb 文件。");
  return { notebooks, outDir: path.resolve(values.out), quick: values.quick, help: false };
}
