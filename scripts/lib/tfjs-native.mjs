// Makes sure @tensorflow/tfjs-node has a working native addon.
//
// Two ways to get one:
//  1. tfjs-node's own install script, which downloads libtensorflow 2.9.1
//     and a prebuilt addon from Google storage (or $TFJS_NODE_CDN_STORAGE).
//  2. A source build of the addon against the TensorFlow C library inside
//     the tensorflow-cpu wheel from pip (or a TensorFlow the user already
//     has, named by $DL30_TENSORFLOW_DIR). This works where Google storage is
//     unreachable, as long as pip can reach PyPI or a mirror.
// package.json sets `allowScripts` so npm 11 skips tfjs-node's own script;
// this module runs it instead, so its failure cannot roll back `npm install`.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fail, run, say } from "./process.mjs";
import { cacheDir, projectRoot, venvExecutable } from "./paths.mjs";

/** The wheel whose C library the fallback build links against. */
export const TENSORFLOW_WHEEL = "tensorflow-cpu==2.21.0";

const requireFromRoot = createRequire(path.join(projectRoot, "package.json"));
const tfjsNodeDir = path.dirname(requireFromRoot.resolve("@tensorflow/tfjs-node/package.json"));
const depsDir = path.join(tfjsNodeDir, "deps");
const sourceStamp = path.join(depsDir, "dl30-source.txt");
const officialTimeoutMs = 5 * 60 * 1000;

// Loads the addon in a fresh process; util.isNullOrUndefined is shimmed there
// because Node.js 23+ removed it and tfjs-node 4.22 still calls it.
const probeScript = `
const util = require("node:util");
util.isNullOrUndefined ??= (value) => value === null || value === undefined;
const tf = require(${JSON.stringify(tfjsNodeDir)});
const sum = tf.tensor([1, 2, 3]).sum().dataSync()[0];
console.log(JSON.stringify({ backend: tf.getBackend(), sum }));
`;

/** Loads tfjs-node in a child process and reports whether its backend works. */
export function probeTfjsNode() {
  const probe = run(process.execPath, ["-e", probeScript], {
    capture: true,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" },
  });
  if (!probe.ok) return { ok: false, detail: probe.stderr.trim().split("\n").slice(0, 3).join(" ") };

  const result = JSON.parse(probe.stdout.trim().split("\n").pop());
  return { ok: result.backend === "tensorflow" && result.sum === 6, detail: probe.stdout.trim() };
}

/** Runs tfjs-node's own install script (download from Google storage or a mirror). */
function installOfficial() {
  say("尝试 tfjs-node 官方安装脚本（从 Google storage 下载 libtensorflow）…");
  const result = run(process.execPath, ["scripts/install.js"], {
    cwd: tfjsNodeDir,
    capture: true,
    timeoutMs: officialTimeoutMs,
  });
  if (!result.ok) {
    const reason = result.error?.code === "ETIMEDOUT" ? "超时" : (result.stderr.match(/Error: .*/)?.[0] ?? `exit ${result.status}`);
    say(`官方下载失败（${reason}），改用 tensorflow-cpu wheel 中的 TensorFlow C 库本地编译。`);
    return false;
  }
  return probeTfjsNode().ok;
}

/** Downloads the tensorflow-cpu wheel with the venv's pip; returns its path. */
function downloadWheel() {
  const wheelDir = path.join(cacheDir, "wheels");
  say(`下载 ${TENSORFLOW_WHEEL}（约 270 MB，仅用其中的 C 库）…`);
  const pip = run(venvExecutable("python"), [
    "-m", "pip", "download", "--disable-pip-version-check", "--no-deps", "--only-binary=:all:",
    "-d", wheelDir, TENSORFLOW_WHEEL,
  ]);
  if (!pip.ok) {
    fail(
      `pip 无法下载 ${TENSORFLOW_WHEEL}。可选的解决办法：` +
        "用 PIP_INDEX_URL 指向 PyPI 镜像；或者设置 DL30_TENSORFLOW_DIR 指向已安装的 tensorflow 包目录" +
        "（例如 .../site-packages/tensorflow）；或者设置 TFJS_NODE_CDN_STORAGE 指向 Google storage 的镜像。然后重新运行 `npm install`。",
    );
  }
  const wheel = fs.readdirSync(wheelDir).find((name) => /^tensorflow_cpu-.*\.whl$/.test(name));
  return path.join(wheelDir, wheel);
}

/** Copies the C library and headers from `source` (wheel or folder) into deps/. */
function stageLibtensorflow(source) {
  fs.rmSync(depsDir, { recursive: true, force: true });
  const extract = run(venvExecutable("python"), [path.join(projectRoot, "scripts", "lib", "extract_tensorflow_c.py"), source, depsDir]);
  if (!extract.ok) fail(`无法从 ${source} 提取 TensorFlow C 库（见上方输出）。`);

  // binding.gyp links -ltensorflow -ltensorflow_framework from deps/lib; the
  // marker file makes tfjs-node's own install script skip its download.
  const lib = path.join(depsDir, "lib");
  fs.symlinkSync("libtensorflow_cc.so.2", path.join(lib, "libtensorflow.so"));
  fs.symlinkSync("libtensorflow_framework.so.2", path.join(lib, "libtensorflow_framework.so"));
  fs.writeFileSync(path.join(lib, "libtensorflow.so.2.9.1"), "");
}

/** Compiles tfjs_binding.node with node-pre-gyp against deps/. */
function buildAddon() {
  say("编译 tfjs-node 原生插件（native addon），约 1 分钟…");
  const env = { ...process.env, npm_config_build_from_source: "true" };

  // Use Node's own headers when they ship with this Node.js, so node-gyp
  // need not download them from nodejs.org.
  const localHeaders = path.resolve(path.dirname(process.execPath), "..");
  if (!env.npm_config_nodedir && fs.existsSync(path.join(localHeaders, "include", "node", "node_api.h"))) {
    env.npm_config_nodedir = localHeaders;
  }

  const nodePreGyp = createRequire(path.join(tfjsNodeDir, "package.json")).resolve("@mapbox/node-pre-gyp/bin/node-pre-gyp");
  const build = run(process.execPath, [nodePreGyp, "install", "--build-from-source"], { cwd: tfjsNodeDir, env, capture: true });
  if (!build.ok) {
    console.error(build.stdout.slice(-4000), build.stderr.slice(-4000));
    fail("tfjs-node 原生插件编译失败（见上方输出）。需要 C++ 编译器和 make（Debian/Ubuntu：`sudo apt-get install build-essential`）。");
  }
}

/** Builds the addon against a TensorFlow C library from a wheel or folder. */
function buildFromTensorflow(source) {
  stageLibtensorflow(source);
  buildAddon();
}

/**
 * Ensures tfjs-node loads with the `tensorflow` backend, taking the official
 * download or the local build as described at the top of this file. Prints
 * one line naming the path taken.
 */
export function ensureTfjsNode() {
  const existing = probeTfjsNode();
  if (existing.ok) {
    const source = fs.existsSync(sourceStamp) ? fs.readFileSync(sourceStamp, "utf8").trim() : "已安装";
    say(`tfjs-node 原生后端可用（路径：${source}）`);
    return;
  }

  const platformSupported = process.platform === "linux" && process.arch === "x64";
  let source;

  if (process.env.DL30_TENSORFLOW_DIR) {
    buildFromTensorflow(process.env.DL30_TENSORFLOW_DIR);
    source = `本地编译，TensorFlow 来自 DL30_TENSORFLOW_DIR=${process.env.DL30_TENSORFLOW_DIR}`;
  } else if (process.env.DL30_TFJS_NODE_SOURCE !== "wheel" && installOfficial()) {
    source = "官方下载（official prebuilt libtensorflow 2.9.1）";
  } else if (platformSupported) {
    const wheel = downloadWheel();
    buildFromTensorflow(wheel);
    fs.rmSync(wheel);
    source = `本地编译，TensorFlow C 库来自 ${TENSORFLOW_WHEEL} wheel`;
  } else {
    fail(
      `tfjs-node 官方下载失败，而 wheel 编译路径只支持 Linux x64（当前：${process.platform}-${process.arch}）。` +
        "请设置 TFJS_NODE_CDN_STORAGE 指向可访问的 Google storage 镜像后重新运行 `npm install`。",
    );
  }

  const check = probeTfjsNode();
  if (!check.ok) fail(`tfjs-node 安装后仍无法加载：${check.detail}`);

  fs.writeFileSync(sourceStamp, source + "\n");
  say(`tfjs-node 原生后端可用（路径：${source}）`);
}
