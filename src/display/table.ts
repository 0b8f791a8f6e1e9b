/** Result tables shown as HTML, with a plain-text copy for logs and tests. */
import { showBundle } from "./bridge";
import { escapeHtml } from "./escape";

/** One table cell: numbers are formatted with `digits` decimals. */
export type TableValue = string | number;

/** Options for `showTable`. */
export interface TableOptions {
  /** Caption above the table. */
  title?: string;
  /** Decimals for numbers (default 4). */
  digits?: number;
}

function format(value: TableValue, digits: number): string {
  if (typeof value !== "number") return value;
  if (Number.isInteger(value)) return String(value);
  return value.toFixed(digits);
}

/** Renders rows (objects with the same keys) as an HTML table and as plain text. */
export function formatTable(rows: Record<string, TableValue>[], options: TableOptions = {}): { html: string; text: string } {
  if (rows.length === 0) {
    throw new RangeError("showTable：rows 为空，至少需要一行数据");
  }
  const digits = options.digits ?? 4;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => format(row[column] ?? "", digits)));

  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join("");
  const body = cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")}</tr>`).join("");
  const caption = options.title ? `<caption>${escapeHtml(options.title)}</caption>` : "";
  const html = `<table class="dl30-table">${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;

  const text = [options.title ?? "", columns.join(" | "), ...cells.map((row) => row.join(" | "))].filter(Boolean).join("\n");
  return { html, text };
}

/**
 * Shows rows as a table in the notebook. Returns nothing, so a cell that
 * ends with this call does not print the table a second time.
 */
export function showTable(rows: Record<string, TableValue>[], options: TableOptions = {}): void {
  const { html, text } = formatTable(rows, options);
  showBundle({ "text/html": html, "text/plain": text });
}
