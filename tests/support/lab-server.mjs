// Starts JupyterLab through the product's own start script on a free port of
// 127.0.0.1 with a random token, and stops it together with its kernels.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { jupyterEnv, projectRoot } from "../../scripts/lib/paths.mjs";

const startScript = path.join(projectRoot, "scripts", "start.mjs");

/** Returns a TCP port that was free on 127.0.0.1 a moment ago (the OS picks it). */
export async function findFreePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Returns the pids of every live descendant of `rootPid`, read from /proc (Linux only). */
export function listDescendants(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // the process ended while we were reading
    }
    // The command name in brackets may contain spaces, so the fields after
    // its closing bracket are split instead: state, then the parent pid.
    const parentPid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (!children.has(parentPid)) children.set(parentPid, []);
    children.get(parentPid).push(Number(entry));
  }
  const found = [];
  const pending = [rootPid];
  while (pending.length > 0) {
    for (const child of children.get(pending.pop()) ?? []) {
      found.push(child);
      pending.push(child);
    }
  }
  return found;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

function signalQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Sends SIGKILL to the server's process group and to its descendants, synchronously. */
function killAtOnce(server) {
  const descendants = listDescendants(server.child.pid);
  signalQuietly(-server.child.pid, "SIGKILL");
  descendants.forEach((pid) => signalQuietly(pid, "SIGKILL"));
}

async function waitForStatus(server, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`JupyterLab exited (${server.child.exitCode ?? server.child.signalCode}) before it responded:\n${server.output()}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/api/status?token=${server.token}`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`JupyterLab did not respond on ${server.baseUrl}/api/status within ${timeoutMs} ms:\n${server.output()}`);
}

/**
 * Starts `node scripts/start.mjs --port=PORT --no-browser --ServerApp.token=TOKEN`
 * (plus `--allow-root` when running as root) in its own process group, and
 * waits until `/api/status` responds. `env` is added to the project's Jupyter
 * environment. Returns the server handle that `stopLabServer` takes. When
 * the server does not respond in time, stops it and throws with its output.
 * @param {{env?: Record<string, string>, timeoutMs?: number}} options
 */
export async function startLabServer(options = {}) {
  const port = await findFreePort();
  const token = crypto.randomBytes(24).toString("hex");
  const args = [startScript, `--port=${port}`, "--no-browser", `--ServerApp.token=${token}`];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");

  // NOTE: start.mjs passes a literal "--" on to `jupyter lab`, whose option
  // parser then reads every later argument as a file name. `npm start -- ARGS`
  // removes that "--" before start.mjs receives ARGS, so the test passes ARGS
  // the way npm does, without the "--".
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: jupyterEnv(options.env ?? {}),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks = [];
  child.stdout.on("data", (chunk) => chunks.push(chunk));
  child.stderr.on("data", (chunk) => chunks.push(chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));

  const server = {
    port,
    token,
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    exited,
    output: () => Buffer.concat(chunks).toString("utf8"),
  };
  // Last resort for a test process that exits without calling stopLabServer,
  // after an uncaught error or process.exit(), because the detached group
  // would outlive it.
  server.killOnExit = () => killAtOnce(server);
  process.once("exit", server.killOnExit);
  try {
    await waitForStatus(server, options.timeoutMs ?? 90_000);
  } catch (error) {
    await stopLabServer(server);
    throw error;
  }
  return server;
}

/**
 * Stops the server and every process it started. First requests
 * `POST /api/shutdown`, which also shuts down the kernels. Then sends SIGTERM
 * and finally SIGKILL to the process group and to any descendant left.
 * Kernels run in sessions of their own, so a signal to the group alone does
 * not reach them. Safe to call more than once.
 * @param {Awaited<ReturnType<typeof startLabServer>>} server
 */
export async function stopLabServer(server) {
  process.removeListener("exit", server.killOnExit);
  const descendants = listDescendants(server.child.pid);
  const hasExited = () => server.child.exitCode !== null || server.child.signalCode !== null;
  // An unref'd timer, so a wait that lost the race does not keep Node running.
  const waitForExit = (ms) => Promise.race([server.exited, sleep(ms, undefined, { ref: false })]);

  if (!hasExited()) {
    try {
      await fetch(`${server.baseUrl}/api/shutdown?token=${server.token}`, { method: "POST", signal: AbortSignal.timeout(5_000) });
    } catch {
      // No response: the signals below stop the server.
    }
    await waitForExit(15_000);
  }
  for (const signal of ["SIGTERM", "SIGKILL"]) {
    signalQuietly(-server.child.pid, signal);
    const left = descendants.filter(isAlive);
    left.forEach((pid) => signalQuietly(pid, signal));
    if (hasExited() && left.length === 0) return;
    await Promise.all([waitForExit(5_000), sleep(1_000)]);
  }
}
