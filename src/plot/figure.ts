/**
 * Shows plotly figures so they work everywhere a notebook is read:
 *  - application/vnd.plotly.v1+json: JupyterLab's plotly renderer (from the
 *    plotly Python package) draws it, with no trust prompt and again after
 *    the notebook is reopened;
 *  - text/html: a <div> and a script that calls `window.Plotly`; nbconvert's
 *    HTML export keeps this one, and the export page inlines plotly.js once;
 *  - text/plain: a one-line summary for logs and plain viewers.
 * No copy of plotly.js goes into any output. (When a notebook is saved from
 * JupyterLab, its plotly renderer adds a PNG snapshot of each chart, tens of
 * kilobytes each; committed notebooks carry no outputs at all.)
 */
import { randomBytes } from "crypto";
import { MimeBundle, showBundle } from "../display/bridge";
import { escapePlotlyText, jsonForScript } from "../display/escape";

/** MIME type that JupyterLab's plotly renderer draws. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** A plotly trace: the library builds these as plain objects. */
export type Trace = Record<string, unknown>;

/** A plotly figure: traces, layout and config, as plotly.js takes them. */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
  config?: Record<string, unknown>;
}

// Keys whose string values plotly renders as (limited) HTML; they get
// escaped so text from user code shows literally.
const TEXT_KEYS = new Set(["text", "name", "title", "hovertext", "ticktext"]);

function escapeText(value: unknown, key: string | undefined): unknown {
  if (typeof value === "string") {
    return key !== undefined && TEXT_KEYS.has(key) ? escapePlotlyText(value) : value;
  }
  if (Array.isArray(value)) {
    return value.map((item) => escapeText(item, key));
  }
  if (value !== null && typeof value === "object" && !ArrayBuffer.isView(value)) {
    const copy: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      copy[childKey] = escapeText(child, childKey);
    }
    return copy;
  }
  return value;
}

/**
 * Returns a copy of `figure` whose titles, names and text labels are
 * HTML-escaped, so plotly draws them as plain text.
 */
export function escapeFigureText(figure: Figure): Figure {
  return escapeText(figure, undefined) as Figure;
}

function summarise(figure: Figure): string {
  const title = figure.layout.title as { text?: string } | string | undefined;
  const text = typeof title === "string" ? title : title?.text ?? "";
  return `[图表] ${text} (${figure.data.length} traces)`.replace("  ", " ");
}

/** Builds the display bundle for `figure` (see the top of this file). */
export function figureBundle(figure: Figure): MimeBundle {
  const safe = escapeFigureText(figure);
  const config = { responsive: true, displaylogo: false, ...safe.config };
  const height = Number(safe.layout.height ?? 420);
  const elementId = `dl30-plot-${randomBytes(6).toString("hex")}`;

  const html =
    `<div id="${elementId}" class="dl30-plot" style="width:100%;height:${height}px"></div>\n` +
    "<script>(function () {\n" +
    `  var element = document.getElementById("${elementId}");\n` +
    `  var figure = ${jsonForScript({ data: safe.data, layout: safe.layout, config })};\n` +
    "  if (window.Plotly) { window.Plotly.newPlot(element, figure.data, figure.layout, figure.config); }\n" +
    '  else { element.textContent = "此图需要 plotly.js：请在 JupyterLab 中查看，或用 npm run export 导出。"; }\n' +
    "})();</script>";

  return {
    [PLOTLY_MIME]: { data: safe.data, layout: safe.layout, config },
    "text/html": html,
    "text/plain": summarise(figure),
  };
}

/** Shows `figure` as an interactive chart in the running cell. */
export function showFigure(figure: Figure): void {
  showBundle(figureBundle(figure));
}

/**
 * Returns one figure with the traces of `base` followed by those of
 * `others`, on `base`'s layout: e.g. fitted curves drawn over a scatter.
 * The figures must use the same axes.
 */
export function overlayFigures(base: Figure, ...others: Figure[]): Figure {
  return { data: [...base.data, ...others.flatMap((figure) => figure.data)], layout: base.layout, config: base.config };
}

/** Rounds to `digits` significant digits, to keep saved outputs small. */
export function roundTo(value: number, digits = 5): number {
  return Number.isFinite(value) ? Number(value.toPrecision(digits)) : value;
}
