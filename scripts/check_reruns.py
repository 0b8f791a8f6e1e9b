"""Check that a notebook's cells can be rerun in one kernel without leaks.

Runs every code cell once, then every code cell again, `--reruns` times, in
the same kernel. After the first pass and after the reruns it queries the
kernel for tf.memory().numTensors and the process RSS. It fails a notebook
when the tensor count grew, when RSS grew by more than --max-rss-growth-mb,
when a rerun raised an error, or when a rerun printed different text than
the first pass (timings such as "用时 1.2 s" are ignored), which would mean
the seeds do not fix the results.

usage: python scripts/check_reruns.py [--reruns N] NOTEBOOK...
"""

import argparse
import json
import re
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

KERNEL_NAME = "dl30-tslab"
PROBE = (
    'import { tf as rerunProbeTf } from "./src/backend";\n'
    "console.log(JSON.stringify({ numTensors: rerunProbeTf.memory().numTensors, rss: process.memoryUsage().rss }));"
)
TIMING = re.compile(r"用时 [\d.]+ s|\d+(\.\d+)? ?(ms|s)\b")


def cell_text(cell):
    """Return the text outputs of a cell with timings masked."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif "text/plain" in output.get("data", {}):
            parts.append(output["data"]["text/plain"])
    return TIMING.sub("<time>", "".join(parts))


def probe(client, notebook):
    """Run the probe cell (the notebook's last cell) and return numTensors and RSS."""
    index = len(notebook.cells) - 1
    cell = notebook.cells[index]
    cell.outputs = []
    client.execute_cell(cell, index)
    return json.loads(cell.outputs[-1]["text"].strip().splitlines()[-1])


def run_pass(client, notebook):
    """Execute every code cell but the probe, in order; return their texts."""
    texts = {}
    for index, cell in enumerate(notebook.cells[:-1]):
        if cell.cell_type == "code":
            cell.outputs = []
            client.execute_cell(cell, index)
            texts[index] = cell_text(cell)
    return texts


def check(path, reruns, max_rss_growth_mb):
    """Return (report dict, list of problems) for one notebook."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=900)
    problems = []

    with client.setup_kernel():
        first_texts = run_pass(client, notebook)
        first = probe(client, notebook)
        for rerun in range(reruns):
            texts = run_pass(client, notebook)
            for index, text in texts.items():
                if text != first_texts[index]:
                    problems.append(f"cell {index + 1} printed different text on rerun {rerun + 1}:\n--- first\n{first_texts[index]}\n--- rerun\n{text}")
        last = probe(client, notebook)

    growth_mb = (last["rss"] - first["rss"]) / 2**20
    report = {"notebook": path, "tensors_after_first_run": first["numTensors"], "tensors_after_reruns": last["numTensors"], "rss_growth_mb": round(growth_mb, 1)}
    if last["numTensors"] > first["numTensors"]:
        problems.append(f"tf.memory().numTensors grew from {first['numTensors']} to {last['numTensors']} over {reruns} reruns")
    if growth_mb > max_rss_growth_mb:
        problems.append(f"kernel RSS grew by {growth_mb:.1f} MB over {reruns} reruns (limit {max_rss_growth_mb} MB)")
    return report, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--reruns", type=int, default=2, help="passes after the first (default 2)")
    parser.add_argument("--max-rss-growth-mb", type=float, default=150, help="allowed RSS growth over the reruns (default 150)")
    args = parser.parse_args()

    failed = 0
    for path in args.notebooks:
        try:
            report, problems = check(path, args.reruns, args.max_rss_growth_mb)
        except CellExecutionError as error:
            report, problems = {"notebook": path}, [f"a cell failed: {str(error)[:2000]}"]
        print(json.dumps(report, ensure_ascii=False), flush=True)
        for problem in problems:
            print(f"FAILED {path}: {problem}", flush=True)
        failed += bool(problems)

    print(f"{len(args.notebooks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
