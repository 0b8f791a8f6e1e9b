"""Interrupt a long training cell on the real kernel and report what happened.

Starts the project's kernel, runs a cell that trains for many epochs,
sends Jupyter's interrupt once the first epoch has been reported, and
measures how long the cell takes to end. It then runs a cell that sleeps
for two seconds and reports the CPU time the kernel used meanwhile (near
zero when training really stopped, about two seconds or more when it goes
on in the background), and one more cell to show the kernel still works.
Prints one JSON line.
"""

import json
import time

from jupyter_client.manager import start_new_kernel

TRAIN = """
import { loadMnist, buildMlp, fitWithProgress, keep } from "./src/index";
const interruptData = keep("interruptData", loadMnist({ trainSize: 4000, validationSize: 500, testSize: 100 }));
const interruptModel = keep("interruptModel", buildMlp({ inputSize: 784, hidden: [256], classes: 10 }));
await fitWithProgress(interruptModel, interruptData.train.x, interruptData.train.y, { epochs: 500, batchSize: 32, label: "interrupt-check" });
"""
IDLE = """
const cpuBefore = process.cpuUsage();
await new Promise((resolve) => setTimeout(resolve, 2000));
const cpuUsed = process.cpuUsage(cpuBefore);
console.log(JSON.stringify({ cpuSeconds: (cpuUsed.user + cpuUsed.system) / 1e6 }));
"""
AFTER = 'console.log(JSON.stringify({ answer: 6 * 7 }));'


def run_cell(client, code, timeout):
    """Execute code and return (reply status, text printed)."""
    reply = client.execute_interactive(code, timeout=timeout, output_hook=lambda msg: collected.append(msg))
    text = "".join(m["content"].get("text", "") for m in collected if m["msg_type"] == "stream")
    collected.clear()
    return reply["content"]["status"], text


collected = []


def main():
    manager, client = start_new_kernel(kernel_name="dl30-tslab")
    try:
        msg_id = client.execute(TRAIN)
        started = None
        while True:
            msg = client.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            data = msg["content"].get("data", {})
            if "轮次（epoch）1/" in str(data.get("text/plain", "")):
                started = time.monotonic()
                break
        manager.interrupt_kernel()
        reply = client.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=60)
        cell_end_seconds = time.monotonic() - started
        time.sleep(0.5)

        idle_status, idle_text = run_cell(client, IDLE, 30)
        after_status, after_text = run_cell(client, AFTER, 30)
        print(json.dumps({
            "interruptedCellStatus": reply["content"]["status"],
            "cellEndSeconds": round(cell_end_seconds, 2),
            "idleCellStatus": idle_status,
            "cpuSecondsWhileIdle": json.loads(idle_text.strip().splitlines()[-1])["cpuSeconds"],
            "nextCellStatus": after_status,
            "nextCellOutput": after_text.strip(),
        }))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
