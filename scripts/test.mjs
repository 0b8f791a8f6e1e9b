// `npm test`: type-checks src/ and runs every test file with Node's test
// runner in quick mode (DL30_QUICK=1):
//   tests/unit/*.test.ts   unit tests of src/ (TypeScript, through tsx)
//   tests/*.test.mjs       notebooks on the real kernel, export, browser checks
// Extra arguments are passed to `node --test` (e.g. --test-name-pattern).
import fs from "node:fs";
import path from "node:path";
import { writeKernelspec } from "./lib/kernelspec.mjs";
import { jupyterEnv, projectRoot, venvExecutable } from "./lib/paths.mjs";
import { fail, run, say } from "./lib/process.mjs";

if (!fs.existsSync(venvExecutable("python"))) {
  fail("找不到 .venv：请先运行 `npm install`。");
}
writeKernelspec();

say("类型检查（type-check）src/ 与 tests/ …");
const tsc = run(process.execPath, [path.join(projectRoot, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "-p", "tsconfig.json"], { cwd: projectRoot });
if (!tsc.ok) fail("类型检查失败（见上方输出）。");

const listTests = (folder, suffix) =>
  fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith(suffix)).sort().map((name) => path.join(folder, name)) : [];
const files = [...listTests(path.join(projectRoot, "tests", "unit"), ".test.ts"), ...listTests(path.join(projectRoot, "tests"), ".test.mjs")];

const env = jupyterEnv({ DL30_QUICK: "1", TF_CPP_MIN_LOG_LEVEL: "3", TF_ENABLE_ONEDNN_OPTS: "0" });
const tests = run(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...process.argv.slice(2), ...files], { cwd: projectRoot, env });
process.exit(tests.status ?? 1);
