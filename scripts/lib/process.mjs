// Small wrappers around child_process for the set-up and run scripts.
import { spawnSync } from "node:child_process";

/**
 * Runs a command to completion without a shell and returns its result.
 * Output goes to this process's stdout/stderr unless `capture` is set.
 * @param {string} command executable
 * @param {string[]} args arguments
 * @param {{cwd?: string, env?: NodeJS.ProcessEnv, capture?: boolean, timeoutMs?: number}} options
 */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    timeout: options.timeoutMs,
  });
  return {
    ok: result.status === 0,
    status: result.status,
    stdout: result.stdout ?? "",
    stderr: result.stderr ?? "",
    error: result.error,
  };
}

/**
 * Prints a set-up progress line with a fixed prefix, so npm's install output
 * shows where each line comes from.
 * @param {string} message
 */
export function say(message) {
  console.log(`[dl30] ${message}`);
}

/**
 * Ends the process with a clear error message and exit code 1.
 * @param {string} message what failed and how to fix it
 */
export function fail(message) {
  console.error(`[dl30] 错误：${message}`);
  process.exit(1);
}
