// Copies the scripts and styles that every exported page inlines into one
// folder, which nbconvert gets as an extra template path. The template
// (templates/dl30/index.html.j2) includes them by these file names.
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "../lib/paths.mjs";

const plotlyFile = path.join(projectRoot, "node_modules", "plotly.js-dist-min", "plotly.min.js");
const katexDir = path.join(projectRoot, "node_modules", "katex", "dist");

/**
 * Rewrites KaTeX's stylesheet so that each @font-face has only its woff2
 * font, embedded as a data: URI. The woff and ttf fallbacks are dropped,
 * because every current browser reads woff2.
 * @param {string} css contents of katex.min.css
 * @param {string} fontDir folder that the stylesheet's url(fonts/...) points into
 */
export function embedKatexFonts(css, fontDir) {
  return css.replace(/src:([^;}]*)/g, (declaration, sources) => {
    const woff2 = sources.match(/url\(["']?fonts\/([^"')]+\.woff2)["']?\)/);
    if (!woff2) throw new Error(`KaTeX @font-face without a woff2 font: ${declaration.slice(0, 120)}`);

    const data = fs.readFileSync(path.join(fontDir, woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
}

/**
 * Writes plotly.min.js, katex.min.js, auto-render.min.js and dl30-katex.css
 * (fonts embedded) into `dir`, creating it if needed, and returns `dir`.
 * @param {string} dir folder to write into
 */
export function writePageAssets(dir) {
  fs.mkdirSync(dir, { recursive: true });

  fs.copyFileSync(plotlyFile, path.join(dir, "plotly.min.js"));
  fs.copyFileSync(path.join(katexDir, "katex.min.js"), path.join(dir, "katex.min.js"));
  fs.copyFileSync(path.join(katexDir, "contrib", "auto-render.min.js"), path.join(dir, "auto-render.min.js"));

  const css = fs.readFileSync(path.join(katexDir, "katex.min.css"), "utf8");
  fs.writeFileSync(path.join(dir, "dl30-katex.css"), embedKatexFonts(css, path.join(katexDir, "fonts")));
  return dir;
}
