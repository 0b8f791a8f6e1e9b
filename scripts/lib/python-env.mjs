// Creates the project's Python virtual environment and installs
// requirements.txt into it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fail, run, say } from "./process.mjs";
import { projectRoot, venvDir, venvExecutable } from "./paths.mjs";

const requirementsFile = path.join(projectRoot, "requirements.txt");
const stampFile = path.join(venvDir, ".dl30-requirements.sha256");

/**
 * Finds a Python 3.9+ interpreter: $DL30_PYTHON, then python3, then python.
 * Exits with an install hint when none is found.
 */
export function findPython() {
  const candidates = [process.env.DL30_PYTHON, "python3", "python"].filter(Boolean);

  for (const candidate of candidates) {
    const probe = run(candidate, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { capture: true });
    if (!probe.ok) continue;

    const [major, minor] = probe.stdout.trim().split(".").map(Number);
    if (major === 3 && minor >= 9) return candidate;
    say(`跳过 ${candidate}：版本 ${probe.stdout.trim()} 低于 3.9`);
  }

  fail(
    "找不到 Python 3.9 或更高版本（tried: " + candidates.join(", ") + "）。" +
      "请先安装 Python 3：Debian/Ubuntu 上运行 `sudo apt-get install python3 python3-venv`，" +
      "macOS 上运行 `brew install python`，Windows 上从 python.org 安装；" +
      "或者设置 DL30_PYTHON=/path/to/python3 后重新运行 `npm install`。",
  );
}

/** Creates .venv with the given interpreter unless it already exists. */
export function ensureVenv(python) {
  if (fs.existsSync(venvExecutable("python"))) return;

  say(`创建 Python 虚拟环境（virtual environment）：${venvDir}`);
  const created = run(python, ["-m", "venv", venvDir], { capture: true });
  if (!created.ok) {
    fs.rmSync(venvDir, { recursive: true, force: true });
    fail(
      `\`${python} -m venv\` 失败：${(created.stderr || created.stdout).trim()}\n` +
        "缺少 venv 模块时，Debian/Ubuntu 上运行 `sudo apt-get install python3-venv`，然后重新运行 `npm install`。",
    );
  }
}

/**
 * Installs requirements.txt into .venv. Skipped when the file's hash matches
 * the stamp from the last successful install, so a re-run is fast.
 */
export function installRequirements() {
  const hash = crypto.createHash("sha256").update(fs.readFileSync(requirementsFile)).digest("hex");
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, "utf8").trim() === hash) {
    say("Python 依赖已是最新（requirements.txt 未变）");
    return;
  }

  say("安装 Python 依赖：jupyterlab、nbconvert、nbclient、plotly（见 requirements.txt）");
  const pip = run(venvExecutable("python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", requirementsFile]);
  if (!pip.ok) {
    fail(
      "pip 安装失败（见上方输出）。如果无法访问 PyPI，请用 PIP_INDEX_URL 指向可用的镜像，" +
        "例如 `PIP_INDEX_URL=<镜像地址>/simple npm install`。",
    );
  }
  fs.writeFileSync(stampFile, hash + "\n");
}
