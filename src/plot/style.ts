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
    margin: { l: 60, r: 20, t: 60, b: 50 },
    legend: { orientation: "h", y: -0.2 },
    hovermode: "x unified",
  };
}

/** Axis settings with a title and light grid lines. */
export function axis(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { title: { text: title }, gridcolor: "#e5e5e5", zeroline: false, ...extra };
}
