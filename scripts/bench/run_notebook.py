"""Notebook workload of `npm run bench`: executes one notebook on the
project's tslab kernel through scripts/execute_notebooks.py and prints one
line "BENCH_RESULT {json}" with the wall time and the peak RSS of the
processes it waited for (the kernel included).

usage: python scripts/bench/run_notebook.py NOTEBOOK
Run it with the environment of jupyterEnv() (scripts/lib/paths.mjs); set
DL30_QUICK=1 for quick mode.
"""

import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXECUTE = os.path.join(HERE, "..", "execute_notebooks.py")


def main():
    notebook = sys.argv[1]
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, EXECUTE, "--timeout", "1800", notebook], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    result = {
        "seconds": seconds,
        "peakRssMb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "quick": os.environ.get("DL30_QUICK") == "1",
    }
    if completed.returncode != 0:
        result["error"] = (completed.stdout + completed.stderr).strip().splitlines()[-1:] or ["failed"]
    print("BENCH_RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
