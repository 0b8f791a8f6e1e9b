/** Shared look of the charts: colours, fonts and axis defaults. */

/** Colours for runs, in order; chosen to stay distinct for colour-blind readers. */
export const RUN_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

/** Returns the colour of the run at `index`, cycling through RUN_COLORS. */
export function runColor(index: number): string {
  return RUN_COLORS[index % RUN_COLORS.length];
}

/** Base layout: fonts that cover Chinese, white background, compact margins. */
export function baseLayout(title: string, height: number): Record<string, unknown> {
  return {
    title: { text: title, x: 0.02, xanchor: "left" },
    height,
    font: { family: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif', size: 13 },
    paper_bgcolor: "white",
    plot_bgcolor: "white",
    margin: { l: 60, r: 20, t: 60, b: 90 },
    legend: { orientation: "h", y: -0.22, yanchor: "top" },
    hoverlabel: { namelength: -1 },
    hovermode: "x unified",
  };
}

/** Axis settings with a title and light grid lines. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, gridcolor: "#e5e5e5", zeroline: false, ...extra };
}

/** Colour of diverged or failed points (a red that stays distinct from RUN_COLORS). */
export const DIVERGED_COLOR = "#C00000";

/** Turns a "#rrggbb" colour into "rgba(r,g,b,alpha)", e.g. for shaded areas. */
export function translucent(hex: string, alpha: number): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`translucent：颜色必须写成 #rrggbb，收到 ${hex}`);
  const [red, green, blue] = match.slice(1).map((part) => parseInt(part, 16));
  return `rgba(${red},${green},${blue},${alpha})`;
}

/**
 * Builds a dashed vertical line across the whole plot at data position
 * `x`, with `label` written above the plot area. Returns the layout shape
 * and annotation to append to `layout.shapes` and `layout.annotations`.
 * On a log x axis plotly places shapes by data value but annotations by
 * log10 of the value, so pass `logAxis: true` there.
 */
export function verticalGuide(x: number, label: string, options: { color?: string; logAxis?: boolean } = {}): { shape: Record<string, unknown>; annotation: Record<string, unknown> } {
  const color = options.color ?? "#555555";
  const shape = { type: "line", xref: "x", yref: "paper", x0: x, x1: x, y0: 0, y1: 1, line: { color, width: 1.5, dash: "dash" } };
  const annotation = {
    text: label,
    xref: "x",
    yref: "paper",
    x: options.logAxis ? Math.log10(x) : x,
    y: 1,
    yanchor: "bottom",
    showarrow: false,
    font: { color, size: 12 },
  };
  return { shape, annotation };
}
