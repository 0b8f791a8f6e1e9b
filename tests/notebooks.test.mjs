// Executes every notebook on the real tslab kernel (quick mode, set by
// scripts/test.mjs) and checks what is committed: no outputs, the
// project's kernelspec, and the seven sections every notebook has.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { kernelName, projectRoot, venvExecutable } from "../scripts/lib/paths.mjs";
import { run } from "../scripts/lib/process.mjs";

const notebookDir = path.join(projectRoot, "notebooks");
const notebooks = fs.readdirSync(notebookDir).filter((name) => /^\d\d-[a-z0-9-]+\.ipynb$/.test(name)).sort();
const runner = path.join(projectRoot, "scripts", "execute_notebooks.py");
const SECTIONS = ["题目", "面试速答", "深入解析", "动手实验", "常见误区", "面试追问", "动手试试"];

/** Runs the notebook runner on `files` and returns its exit status and output; executed copies go to `outputDir` if given. */
function execute(files, jobs = 2, outputDir = undefined) {
  const extra = outputDir ? ["--output-dir", outputDir] : [];
  const result = run(venvExecutable("python"), [runner, "--jobs", String(jobs), ...extra, ...files], { cwd: projectRoot, capture: true, env: process.env });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** Returns the text each code cell printed (streams and text/plain), with timings masked. */
function printedText(file) {
  const notebook = JSON.parse(fs.readFileSync(file, "utf8"));
  return notebook.cells
    .filter((cell) => cell.cell_type === "code")
    .map((cell) =>
      cell.outputs
        .map((output) => [].concat(output.text ?? output.data?.["text/plain"] ?? []).join(""))
        .join("")
        .replace(/用时 [\d.]+ s/g, "用时 <time>"),
    );
}

const firstRunDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-run1-"));
after(() => fs.rmSync(firstRunDir, { recursive: true, force: true }));

/** Returns the notebook's JSON. */
function readNotebook(name) {
  return JSON.parse(fs.readFileSync(path.join(notebookDir, name), "utf8"));
}

test("notebook files exist", () => {
  assert.ok(notebooks.length >= 1, `no NN-slug.ipynb files in ${notebookDir}`);
});

test("every notebook runs clean in quick mode", { timeout: 30 * 60 * 1000 }, () => {
  const { status, output } = execute(notebooks.map((name) => path.join("notebooks", name)), 2, firstRunDir);
  assert.equal(status, 0, output);
  assert.match(output, new RegExp(`${notebooks.length} passed, 0 failed`));
});

// Two fresh kernels must print the same numbers. The tolerance is the
// printed precision: losses with 4 decimals, accuracies to 0.01 points.
test("fresh runs print identical numbers", { timeout: 30 * 60 * 1000 }, () => {
  const secondRunDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-run2-"));
  const { status, output } = execute(notebooks.map((name) => path.join("notebooks", name)), 2, secondRunDir);
  assert.equal(status, 0, output);
  for (const name of notebooks) {
    const first = printedText(path.join(firstRunDir, name));
    const second = printedText(path.join(secondRunDir, name));
    assert.ok(first.some((text) => /\d\.\d{4}/.test(text)), `${name} printed no metric to compare`);
    first.forEach((text, cell) => assert.equal(second[cell], text, `${name}, code cell ${cell + 1}`));
  }
  fs.rmSync(secondRunDir, { recursive: true, force: true });
});

test("a failing cell fails the run with its place", () => {
  const { status, output } = execute([path.join("tests", "fixtures", "failing-cell.ipynb")], 1);
  assert.equal(status, 1, output);
  assert.match(output, /FAILED tests[\\/]fixtures[\\/]failing-cell\.ipynb: 第 2 个单元格（代码单元格 2，/);
  assert.match(output, /fixture failure: cell two/);
  assert.doesNotMatch(output, /never reached/);
  assert.match(output, /0 passed, 1 failed/);
});

for (const name of notebooks) {
  test(`${name} is committed clean`, () => {
    const notebook = readNotebook(name);
    assert.equal(notebook.metadata.kernelspec?.name, kernelName);
    for (const [index, cell] of notebook.cells.entries()) {
      assert.ok(cell.id, `cell ${index + 1} has no id`);
      if (cell.cell_type !== "code") continue;
      assert.deepEqual(cell.outputs, [], `code cell ${index + 1} has outputs`);
      assert.equal(cell.execution_count, null, `code cell ${index + 1} has an execution count`);
    }
    const text = JSON.stringify(notebook);
    assert.doesNotMatch(text, /\/(home|root|Users|work|tmp)\//, "absolute path in the notebook");
  });

  test(`${name} has every section`, () => {
    const headings = readNotebook(name)
      .cells.filter((cell) => cell.cell_type === "markdown")
      .flatMap((cell) => [].concat(cell.source).join("").split("\n"))
      .filter((line) => line.startsWith("## "))
      .map((line) => line.slice(3).trim());
    assert.deepEqual(headings.filter((heading) => SECTIONS.includes(heading)), SECTIONS);
  });
}

test("every notebook reruns without leaks and repeats its numbers", { timeout: 30 * 60 * 1000 }, () => {
  const checker = path.join(projectRoot, "scripts", "check_reruns.py");
  const files = notebooks.map((name) => path.join("notebooks", name));
  const result = run(venvExecutable("python"), [checker, "--reruns", "2", ...files], { cwd: projectRoot, capture: true, env: process.env });
  const output = result.stdout + result.stderr;
  assert.equal(result.status, 0, output);
  for (const line of result.stdout.split("\n").filter((text) => text.startsWith("{"))) {
    const report = JSON.parse(line);
    assert.equal(report.tensors_after_reruns, report.tensors_after_first_run, `${report.notebook}: numTensors changed`);
  }
});
