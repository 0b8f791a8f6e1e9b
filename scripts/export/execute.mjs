// Runs scripts/execute_notebooks.py on the notebooks to export and reports
// each notebook's result as it arrives.
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { jupyterEnv, projectRoot, venvExecutable } from "../lib/paths.mjs";
import { say } from "../lib/process.mjs";

const runner = path.join(projectRoot, "scripts", "execute_notebooks.py");

/**
 * Builds the kernel environment: the project's Jupyter folders, with
 * DL30_QUICK=1 in quick mode and DL30_QUICK removed otherwise, so an
 * export in full mode stays full even when the shell sets the variable.
 * @param {boolean} quick
 */
export function executionEnv(quick) {
  const env = jupyterEnv({ TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? "3" });
  if (quick) env.DL30_QUICK = "1";
  else delete env.DL30_QUICK;
  return env;
}

/**
 * Prints one line of the runner's stdout: a finished notebook as a progress
 * line in Chinese, a failure and its following message lines on stderr.
 */
function reportRunnerLine(line) {
  const passed = line.match(/^ok\s+(.+) \(([\d.]+) s\)$/);
  if (passed) return say(`已执行 ${passed[1]}（${passed[2]} 秒）`);

  if (line.startsWith("FAILED ")) return console.error(`[dl30] 执行失败：${line.slice("FAILED ".length)}`);
  if (/^\d+ passed, \d+ failed$/.test(line)) return;
  console.error(line);
}

/**
 * Executes `notebooks` (paths relative to the project root) with two kernels
 * at a time and writes the executed copies into `outputDir` under their own
 * file names. Resolves with the runner's exit status: 0 when every notebook
 * ran clean. The runner's failure messages (notebook, cell, error text) are
 * printed to stderr.
 * @param {string[]} notebooks
 * @param {{outputDir: string, quick: boolean}} options
 */
export function executeNotebooks(notebooks, options) {
  const python = venvExecutable("python");
  const args = [runner, "--jobs", "2", "--output-dir", options.outputDir, ...notebooks];
  const child = spawn(python, args, { cwd: projectRoot, env: executionEnv(options.quick), stdio: ["ignore", "pipe", "inherit"] });

  readline.createInterface({ input: child.stdout }).on("line", reportRunnerLine);

  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (status) => resolve(status ?? 1));
  });
}
