// export/index.html: the table of contents of the exported pages.
import fs from "node:fs";
import path from "node:path";

/** Title of the index page and of the course. */
export const COURSE_TITLE = "深度学习面试 30 题";

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes `text` for use as HTML element content or a quoted attribute value. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Replaces the entities that nbconvert writes into a <title> by their characters. */
function decodeEntities(text) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body) => {
    if (body[0] !== "#") return named[body.toLowerCase()] ?? entity;
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : Number(body.slice(1));
    return String.fromCodePoint(code);
  });
}

/**
 * Returns the text of the <title> element of the page at `file`, read from
 * its first 64 KB, or the file name without extension when there is none.
 * @param {string} file path of an exported HTML page
 */
export function readPageTitle(file) {
  const handle = fs.openSync(file, "r");
  const buffer = Buffer.alloc(64 * 1024);
  const length = fs.readSync(handle, buffer, 0, buffer.length, 0);
  fs.closeSync(handle);

  const title = buffer.toString("utf8", 0, length).match(/<title>([^<]*)<\/title>/);
  return title ? decodeEntities(title[1]).trim() : path.basename(file, ".html");
}

/**
 * Lists the exported pages in `outDir` (every .html file except
 * index.html), sorted by file name, as `{file, title}`.
 * @param {string} outDir export folder
 */
export function listPages(outDir) {
  return fs.readdirSync(outDir)
    .filter((name) => name.endsWith(".html") && name !== "index.html" && !name.startsWith("."))
    .sort()
    .map((name) => ({ file: name, title: readPageTitle(path.join(outDir, name)) }));
}

/**
 * Builds the HTML of the index page: one link per page, with no scripts and
 * no external resources.
 * @param {{file: string, title: string}[]} pages
 */
export function renderIndexPage(pages) {
  const items = pages.map((page) => `      <li><a href="${escapeHtml(encodeURI(page.file))}">${escapeHtml(page.title)}</a></li>`);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(COURSE_TITLE)}</title>
<style>
  body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1f2328; background: #fff; line-height: 1.6; }
  main { max-width: 760px; margin: 0 auto; padding: 32px 20px 48px; }
  h1 { font-size: 1.8em; margin: 0 0 4px; }
  .summary { color: #59636e; margin: 0 0 24px; }
  ul { list-style: none; padding: 0; }
  li { margin: 6px 0; }
  a { color: #0969da; text-decoration: none; }
  a:hover { text-decoration: underline; }
</style>
</head>
<body>
  <main>
    <h1>${escapeHtml(COURSE_TITLE)}</h1>
    <p class="summary">共 ${pages.length} 个页面，可离线阅读：每个页面都包含运行结果、交互图表和公式。</p>
    <ul>
${items.join("\n")}
    </ul>
  </main>
</body>
</html>
`;
}

/**
 * Writes `outDir/index.html` listing every page in `outDir`, and returns
 * the number of pages listed.
 * @param {string} outDir export folder
 */
export function writeIndexPage(outDir) {
  const pages = listPages(outDir);
  fs.writeFileSync(path.join(outDir, "index.html"), renderIndexPage(pages));
  return pages.length;
}
