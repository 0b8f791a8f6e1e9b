"""Execute notebooks headlessly on the project's tslab kernel.

Each notebook runs in its own kernel through nbclient; several run at once
with --jobs. A failing cell stops its notebook, and the report names the
notebook, the cell number (1-based over all cells, as JupyterLab counts,
and over code cells only) and the error text. tslab sends errors as stderr text with no traceback, so the
text comes from the cell's stderr stream. Exit status: 0 when every
notebook ran clean, 1 otherwise.

usage: python scripts/execute_notebooks.py [--jobs N] [--timeout S]
                                          [--output-dir DIR] NOTEBOOK...
"""

import argparse
import asyncio
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL_NAME = "dl30-tslab"


class NotebookFailure(Exception):
    """A notebook that stopped on a cell, with the place and the message."""


def describe_error(notebook, cell_index, fallback):
    """Return where the cell at cell_index is and its error, in Chinese.

    The first number counts every cell from 1, as JupyterLab's status bar
    does; the second counts code cells only.
    """
    cell = notebook.cells[cell_index]
    code_number = sum(1 for c in notebook.cells[: cell_index + 1] if c.cell_type == "code")
    stderr = "".join(
        output.get("text", "") for output in cell.get("outputs", [])
        if output.get("output_type") == "stream" and output.get("name") == "stderr"
    )
    errors = [
        f"{output.get('ename', '')}: {output.get('evalue', '')}".strip(": ")
        for output in cell.get("outputs", []) if output.get("output_type") == "error"
    ]
    message = (stderr.strip() or "\n".join(errors) or fallback).strip()
    # Keep the message and the first frame; drop the kernel's own stack frames.
    lines = message.splitlines()
    frames = [i for i, line in enumerate(lines) if line.lstrip().startswith("at ")]
    if len(frames) > 1:
        lines = lines[: frames[1]]
    message = "\n".join(lines)
    first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
    return f"第 {cell_index + 1} 个单元格（代码单元格 {code_number}，`{first_line[:60]}`）出错：{message}"


async def execute_one(path, timeout, output_dir):
    """Execute one notebook; return seconds taken or raise NotebookFailure."""
    notebook = nbformat.read(path, as_version=4)
    failed_cell = {}

    def remember_failure(cell, cell_index, execute_reply):
        failed_cell["index"] = cell_index

    client = NotebookClient(
        notebook,
        kernel_name=KERNEL_NAME,
        timeout=timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_error=remember_failure,
    )
    started = time.monotonic()

    try:
        await client.async_execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = failed_cell.get("index")
        if index is None:
            raise NotebookFailure(f"{path}: {type(error).__name__}: {error}") from None
        raise NotebookFailure(f"{path}: {describe_error(notebook, index, str(error))}") from None
    finally:
        if output_dir:
            os.makedirs(output_dir, exist_ok=True)
            nbformat.write(notebook, os.path.join(output_dir, os.path.basename(path)))

    return time.monotonic() - started


async def execute_all(paths, jobs, timeout, output_dir):
    """Execute notebooks, at most `jobs` at once; return the list of failures."""
    gate = asyncio.Semaphore(jobs)
    failures = []

    async def guarded(path):
        async with gate:
            try:
                seconds = await execute_one(path, timeout, output_dir)
                print(f"ok     {path} ({seconds:.1f} s)", flush=True)
            except NotebookFailure as failure:
                print(f"FAILED {failure}", flush=True)
                failures.append(str(failure))

    await asyncio.gather(*(guarded(path) for path in paths))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="notebook files to execute")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed at once (default 2)")
    parser.add_argument("--timeout", type=int, default=900, help="seconds allowed per cell (default 900)")
    parser.add_argument("--output-dir", help="write executed notebooks here (default: discard)")
    args = parser.parse_args()

    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    missing = [path for path in args.notebooks if not os.path.isfile(path)]
    if missing:
        parser.error("notebook not found: " + ", ".join(missing))

    failures = asyncio.run(execute_all(args.notebooks, args.jobs, args.timeout, args.output_dir))
    print(f"{len(args.notebooks) - len(failures)} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
