"""Check that a notebook's cells can be rerun in one kernel without leaks.

Runs every code cell once, then every code cell again, `--reruns` times, in
the same kernel. After each pass it queries the kernel for
tf.memory().numTensors and numBytes, the V8 heap in use after a garbage
collection, and the process RSS. It fails a notebook when the tensor count
or tensor bytes grew, when the heap grew by more than --max-heap-growth-mb,
when RSS grew by more than --max-rss-growth-mb, when a rerun raised an
error, or when a rerun printed different text than the first pass
(timings such as "用时 1.2 s" are ignored), which would mean the seeds do
not fix the results. RSS moves by ±100 MB from pass to pass here (the
TensorFlow and glibc allocators keep freed memory), so its bound only
catches gross leaks; the heap and tensor counts are the precise checks.

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
# The probe forces a V8 garbage collection first (through the gc function
# that --expose_gc makes available in a new context), so heapUsed measures
# live objects rather than garbage not yet collected.
PROBE = (
    'import { tf as rerunProbeTf } from "./src/backend";\n'
    'require("v8").setFlagsFromString("--expose_gc");\n'
    'require("vm").runInNewContext("gc")();\n'
    "const rerunProbeMemory = process.memoryUsage();\n"
    "console.log(JSON.stringify({ numTensors: rerunProbeTf.memory().numTensors, numBytes: rerunProbeTf.memory().numBytes, "
    "rss: rerunProbeMemory.rss, heapUsed: rerunProbeMemory.heapUsed }));"
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


def check(path, reruns, max_rss_growth_mb, max_heap_growth_mb):
    """Return (report dict, list of problems) for one notebook."""
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=900)
    problems = []

    with client.setup_kernel():
        first_texts = run_pass(client, notebook)
        first = probe(client, notebook)
        rss_after_pass = [first["rss"]]
        for rerun in range(reruns):
            texts = run_pass(client, notebook)
            rss_after_pass.append(probe(client, notebook)["rss"])
            for index, text in texts.items():
                if text != first_texts[index]:
                    problems.append(f"cell {index + 1} printed different text on rerun {rerun + 1}:\n--- first\n{first_texts[index]}\n--- rerun\n{text}")
        last = probe(client, notebook)

    growth_mb = (last["rss"] - first["rss"]) / 2**20
    heap_growth_mb = (last["heapUsed"] - first["heapUsed"]) / 2**20
    report = {
        "notebook": path,
        "tensors_after_first_run": first["numTensors"],
        "tensors_after_reruns": last["numTensors"],
        "tensor_bytes_growth": last["numBytes"] - first["numBytes"],
        "heap_growth_mb": round(heap_growth_mb, 1),
        "rss_growth_mb": round(growth_mb, 1),
        "rss_mb_after_each_pass": [round(rss / 2**20) for rss in rss_after_pass],
    }
    if last["numTensors"] > first["numTensors"]:
        problems.append(f"tf.memory().numTensors grew from {first['numTensors']} to {last['numTensors']} over {reruns} reruns")
    if last["numBytes"] > first["numBytes"]:
        problems.append(f"tf.memory().numBytes grew by {last['numBytes'] - first['numBytes']} over {reruns} reruns")
    if heap_growth_mb > max_heap_growth_mb:
        problems.append(f"V8 heap grew by {heap_growth_mb:.1f} MB over {reruns} reruns (limit {max_heap_growth_mb} MB)")
    if growth_mb > max_rss_growth_mb:
        problems.append(f"kernel RSS grew by {growth_mb:.1f} MB over {reruns} reruns (limit {max_rss_growth_mb} MB)")
    return report, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+")
    parser.add_argument("--reruns", type=int, default=2, help="passes after the first (default 2)")
    parser.add_argument("--max-rss-growth-mb", type=float, default=300, help="allowed RSS growth over the reruns, in MB (default 300)")
    parser.add_argument("--max-heap-growth-mb", type=float, default=20, help="allowed V8 heap growth over the reruns, in MB (default 20)")
    args = parser.parse_args()

    failed = 0
    for path in args.notebooks:
        try:
            report, problems = check(path, args.reruns, args.max_rss_growth_mb, args.max_heap_growth_mb)
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
