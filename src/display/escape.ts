/** Escaping for text placed in HTML and in inline scripts. */

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes `&`, `<`, `>` and quotes so `text` shows as text inside HTML. */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char]);
}

/**
 * Escapes `&`, `<` and `>` for text that plotly draws: plotly reads a small
 * set of HTML tags and entities (&lt; &gt; &amp; among them, not &quot;),
 * so these three are enough to show any string literally.
 */
export function escapePlotlyText(text: string): string {
  return String(text).replace(/[&<>]/g, (char) => HTML_ENTITIES[char]);
}

/**
 * Serialises `value` as JSON that is safe inside a `<script>` element: `<`,
 * `>`, `&` and the JavaScript line separators are written as \u escapes, so
 * a string such as "</script>" cannot end the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
