// Locations of the project's generated state: the Python virtual environment,
// the project-local Jupyter folders and the kernelspec.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the project root (the folder holding package.json). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The project's virtual environment, created by `npm install`. */
export const venvDir = path.join(projectRoot, ".venv");

/** Folder of the virtual environment's executables: Scripts on Windows, bin elsewhere. */
export const venvBinDir = path.join(venvDir, process.platform === "win32" ? "Scripts" : "bin");

/** Name of the project's kernelspec, as stored in every notebook's metadata. */
export const kernelName = "dl30-tslab";

/** Folder that contains kernel.json for the project's kernel, inside the venv only. */
export const kernelspecDir = path.join(venvDir, "share", "jupyter", "kernels", kernelName);

/** Cache for downloads made during set-up (git-ignored). */
export const cacheDir = path.join(projectRoot, ".cache");

/**
 * Returns the path of an executable inside the venv, such as "python" or "jupyter".
 * @param {string} name executable name without extension
 */
export function venvExecutable(name) {
  return path.join(venvBinDir, process.platform === "win32" ? `${name}.exe` : name);
}

/**
 * Builds the environment for Jupyter processes: every Jupyter and IPython
 * folder lives under .jupyter/ in the project, so nothing is written to the
 * home folder, and the venv comes first on PATH.
 * @param {Record<string, string>} extra variables to add or override
 */
export function jupyterEnv(extra = {}) {
  const stateDir = path.join(projectRoot, ".jupyter");
  for (const folder of ["config", "data", "runtime", "ipython"]) {
    fs.mkdirSync(path.join(stateDir, folder), { recursive: true });
  }
  return {
    ...process.env,
    JUPYTER_CONFIG_DIR: path.join(stateDir, "config"),
    JUPYTER_DATA_DIR: path.join(stateDir, "data"),
    JUPYTER_RUNTIME_DIR: path.join(stateDir, "runtime"),
    IPYTHONDIR: path.join(stateDir, "ipython"),
    JUPYTER_PLATFORM_DIRS: "1",
    PATH: `${venvBinDir}${path.delimiter}${process.env.PATH ?? ""}`,
    VIRTUAL_ENV: venvDir,
    ...extra,
  };
}
