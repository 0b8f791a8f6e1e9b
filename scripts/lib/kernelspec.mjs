// Writes the kernelspec of the project's tslab kernel into the venv.
import fs from "node:fs";
import path from "node:path";
import { kernelName, kernelspecDir, projectRoot } from "./paths.mjs";

/**
 * Writes kernel.json so that Jupyter starts scripts/kernel.cjs with the Node.js
 * binary running now. Rewritten on every set-up and start, so a switch of Node
 * version is picked up. Returns true when the file changed.
 */
export function writeKernelspec() {
  const spec = {
    argv: [process.execPath, path.join(projectRoot, "scripts", "kernel.cjs"), "{connection_file}"],
    display_name: "TypeScript (深度学习 30 题)",
    language: "typescript",
    metadata: { dl30: { kernel: kernelName } },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = path.join(kernelspecDir, "kernel.json");

  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) {
    return false;
  }
  fs.mkdirSync(kernelspecDir, { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}
