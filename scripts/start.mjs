// `npm start`: JupyterLab on the notebooks, with the project's kernel,
// listening on 127.0.0.1 only with token authentication. Arguments after
// `--` go to `jupyter lab` (e.g. `npm start -- --port 9999`).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { writeKernelspec } from "./lib/kernelspec.mjs";
import { jupyterEnv, projectRoot, venvExecutable } from "./lib/paths.mjs";
import { fail, say } from "./lib/process.mjs";

const jupyter = venvExecutable("jupyter");
if (!fs.existsSync(jupyter)) {
  fail("找不到 JupyterLab（.venv 未安装）：请先在项目根目录运行 `npm install`。");
}
writeKernelspec();

// `npm start -- --port 9999` drops the `--`; `node scripts/start.mjs -- …` keeps it,
// and jupyter would read everything after it as file names.
const extraArgs = process.argv.slice(2);
if (extraArgs[0] === "--") extraArgs.shift();
const args = [
  "lab",
  "--ServerApp.ip=127.0.0.1",
  `--ServerApp.root_dir=${projectRoot}`,
  "--LabApp.default_url=/lab/tree/notebooks",
  ...extraArgs,
];

say("启动 JupyterLab（仅监听 127.0.0.1，需要令牌 token 登录；按 Ctrl+C 停止）…");

// Jupyter runs in its own process group, so the terminal's Ctrl+C reaches
// only this script. Jupyter's own SIGINT handler would ask "Shut down this
// Jupyter server (y/[n])?" and, when npm has already exited, keep running
// in the background. This script sends SIGTERM on Ctrl+C instead,
// which makes Jupyter shut down its kernels and exit, and waits for it.
const lab = spawn(jupyter, args, {
  cwd: path.join(projectRoot, "notebooks"),
  env: jupyterEnv(),
  stdio: "inherit",
  detached: process.platform !== "win32",
});

let stopping = false;
const stop = (signal) => {
  if (stopping) {
    say("再次收到停止信号，强制结束 JupyterLab。");
    lab.kill("SIGKILL");
    return;
  }
  stopping = true;
  say(`收到 ${signal}，正在关闭 JupyterLab 和它的内核（kernel）…`);
  lab.kill("SIGTERM");
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGHUP", () => stop("SIGHUP"));

lab.on("error", (error) => fail(`无法启动 ${jupyter}：${error.message}`));
lab.on("exit", (code, signal) => {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (code !== 0 && !stopping && isRoot && !extraArgs.includes("--allow-root")) {
    console.error(
      "\n[dl30] JupyterLab 拒绝以 root 身份运行（见上方提示）。如果你确实要以 root 运行，请使用：\n\n" +
        `    npm start -- ${["--allow-root", ...extraArgs].join(" ")}\n`,
    );
  }
  process.exit(stopping ? 0 : code ?? (signal ? 1 : 0));
});
