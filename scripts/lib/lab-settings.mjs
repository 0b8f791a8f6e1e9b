// Default JupyterLab settings for the project's venv: no news feed and no
// update check, since both contact outside servers (JupyterLab 4 prompts
// to enable the news feed in every new workspace). Users can still change them in
// Settings; overrides.json only sets the defaults.
import fs from "node:fs";
import path from "node:path";
import { venvDir } from "./paths.mjs";

const overrides = {
  "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
};

/** Writes .venv/share/jupyter/lab/settings/overrides.json; returns true when it changed. */
export function writeLabSettings() {
  const file = path.join(venvDir, "share", "jupyter", "lab", "settings", "overrides.json");
  const text = JSON.stringify(overrides, null, 2) + "\n";
  if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) return false;

  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}
