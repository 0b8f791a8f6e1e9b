// Interrupting the kernel (Jupyter's "interrupt", SIGINT) during a long
// fitWithProgress must stop training within seconds and leave the kernel
// usable. tests/support/interrupt_check.py drives the real kernel.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { projectRoot, venvExecutable } from "../scripts/lib/paths.mjs";
import { run } from "../scripts/lib/process.mjs";

test("interrupt stops training, kernel lives", { timeout: 5 * 60 * 1000 }, () => {
  const script = path.join(projectRoot, "tests", "support", "interrupt_check.py");
  const result = run(venvExecutable("python"), [script], { cwd: projectRoot, capture: true, env: process.env });
  assert.equal(result.status, 0, result.stdout + result.stderr);

  const report = JSON.parse(result.stdout.trim().split("\n").pop());
  assert.equal(report.interruptedCellStatus, "error", "the interrupted cell ends as interrupted");
  assert.ok(report.cellEndSeconds < 5, `cell ended ${report.cellEndSeconds} s after the interrupt`);
  assert.ok(report.cpuSecondsWhileIdle < 0.5, `kernel used ${report.cpuSecondsWhileIdle} s of CPU in a 2 s sleep: training still running`);
  assert.equal(report.idleCellStatus, "ok");
  assert.equal(report.nextCellStatus, "ok");
  assert.equal(report.nextCellOutput, '{"answer":42}');
});
