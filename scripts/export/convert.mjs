// Converts executed notebooks to offline HTML pages with nbconvert and the
// project's template (templates/dl30).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { jupyterEnv, venvExecutable } from "../lib/paths.mjs";
import { run } from "../lib/process.mjs";

const templatesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "templates");

/**
 * Runs `jupyter nbconvert --to html --template dl30` on `notebooks` and
 * writes one `<name>.html` per notebook into `outDir`. `assetsDir` contains the
 * files the template inlines (see assets.mjs). Images in markdown cells are
 * embedded as data: URIs. Returns nbconvert's result ({ok, status, stdout,
 * stderr}), with its log captured instead of printed.
 * @param {string[]} notebooks executed .ipynb files
 * @param {{outDir: string, assetsDir: string}} options
 */
export function convertToHtml(notebooks, options) {
  const args = [
    "nbconvert",
    "--to", "html",
    "--template", "dl30",
    `--TemplateExporter.extra_template_basedirs=${templatesDir}`,
    `--TemplateExporter.extra_template_paths=${options.assetsDir}`,
    "--HTMLExporter.embed_images=True",
    "--output-dir", options.outDir,
    ...notebooks,
  ];
  return run(venvExecutable("jupyter"), args, { env: jupyterEnv(), capture: true });
}
