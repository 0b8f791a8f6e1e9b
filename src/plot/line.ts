/** Line charts: several named series of (x, y) values on one set of axes. */
import { Figure, Trace } from "./figure";
import { checkNonEmpty, checkSameLength, compact, toNumbers } from "./input";
import { axis, baseLayout, runColor } from "./style";

/** One line: `y` values, with `x` positions (default 0, 1, …, n−1). NaN in `y` leaves a gap. */
export interface LineSeries {
  name: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  /** Line style (default "solid"). */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Line colour (default: the series' place in RUN_COLORS). */
  color?: string;
}

/** Options for `lineChart`. */
export interface LineChartOptions {
  /** Chart title (default 折线图（line chart）). */
  title?: string;
  /** x-axis title (default "x"). */
  xLabel?: string;
  /** y-axis title (default 值（value）). */
  yLabel?: string;
  /** Log-scale x axis; every x must then be positive (default false). */
  logX?: boolean;
  /** Log-scale y axis (default false). */
  logY?: boolean;
  /** Draw a marker at each point (default: when every series has at most 40 points). */
  markers?: boolean;
  /** Chart height in pixels (default 420). */
  height?: number;
}

const CALLER = "lineChart";

function lineTrace(line: LineSeries, index: number, options: LineChartOptions): { trace: Trace; count: number } {
  const label = `series[${index}]`;
  if (line === null || typeof line !== "object") {
    throw new TypeError(`${CALLER}：${label} 必须是 { name, y, x? }，收到 ${String(line)}`);
  }
  const y = toNumbers(CALLER, `${label}.y`, line.y);
  const x = line.x === undefined ? y.map((_, step) => step) : toNumbers(CALLER, `${label}.x`, line.x, true);
  checkSameLength(CALLER, [`${label}.x`, `${label}.y`], x, y);

  if (options.logX) {
    const bad = x.findIndex((value) => value <= 0);
    if (bad >= 0) throw new RangeError(`${CALLER}：logX 时 x 必须为正数，${label}.x[${bad}] 收到 ${x[bad]}`);
  }

  const trace: Trace = {
    type: "scatter",
    x: compact(x),
    y: compact(y),
    name: String(line.name ?? label),
    line: { color: line.color ?? runColor(index), width: 2, dash: line.dash ?? "solid" },
    marker: { size: 5 },
  };
  return { trace, count: y.length };
}

/**
 * Builds a line chart with one line per entry of `series`.
 * @param series named lines; x and y may be plain or typed arrays
 * @returns a plotly figure for `showFigure`
 */
export function lineChart(series: LineSeries[], options: LineChartOptions = {}): Figure {
  const lines = checkNonEmpty<LineSeries>(CALLER, "series", series).map((line, index) => lineTrace(line, index, options));

  const markers = options.markers ?? lines.every((line) => line.count <= 40);
  const data = lines.map(({ trace }) => ({ ...trace, mode: markers ? "lines+markers" : "lines" }));

  const layout = {
    ...baseLayout(options.title ?? "折线图（line chart）", options.height ?? 420),
    xaxis: axis(options.xLabel ?? "x", options.logX ? { type: "log" } : {}),
    yaxis: axis(options.yLabel ?? "值（value）", options.logY ? { type: "log" } : {}),
    showlegend: lines.length > 1,
  };
  return { data, layout };
}
