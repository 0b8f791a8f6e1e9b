// Page titles: the first markdown heading of a notebook.
import fs from "node:fs";
import path from "node:path";

/**
 * Returns the text of the first markdown heading (`# ...` to `###### ...`)
 * outside code blocks in `notebook`, with backticks and asterisks removed, or null when no
 * markdown cell has a heading.
 * @param {{cells: {cell_type: string, source: string | string[]}[]}} notebook parsed .ipynb JSON
 */
export function findFirstHeading(notebook) {
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "markdown") continue;

    // Lines inside fenced code blocks are code, not headings.
    const source = [].concat(cell.source).join("").replace(/^(```|~~~)[\s\S]*?^\1/gm, "");
    const heading = source.match(/^#{1,6}[ \t]+(.+?)[ \t#]*$/m);
    if (heading) return heading[1].replace(/[`*]/g, "").trim();
  }
  return null;
}

/**
 * Sets `metadata.title` of the notebook file at `file` to its first heading
 * (or to its file name without extension), which nbconvert uses as the
 * page's <title>. Returns the title.
 * @param {string} file path of an .ipynb file; rewritten in place
 */
export function setTitleFromHeading(file) {
  const notebook = JSON.parse(fs.readFileSync(file, "utf8"));
  const title = findFirstHeading(notebook) ?? path.basename(file, ".ipynb");

  notebook.metadata = { ...notebook.metadata, title };
  fs.writeFileSync(file, JSON.stringify(notebook, null, 1) + "\n");
  return title;
}
