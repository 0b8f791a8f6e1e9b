/** Scatter charts: points, optionally in named groups, with hover text per point. */
import { Figure, Trace } from "./figure";
import { checkNonEmpty, checkSameLength, compact, toNumbers } from "./input";
import { axis, baseLayout, runColor } from "./style";

/** One point; `text` shows when the pointer is over it. */
export interface ScatterPoint {
  x: number;
  y: number;
  text?: string;
}

/** A named group of points, drawn in one colour. */
export interface ScatterSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Hover text, one per point. */
  text?: string[];
  color?: string;
}

/** Options for `scatterChart`. */
export interface ScatterChartOptions {
  /** Chart title (default 散点图（scatter plot）). */
  title?: string;
  /** x-axis title (default "x"). */
  xLabel?: string;
  /** y-axis title (default "y"). */
  yLabel?: string;
  /** Marker diameter in pixels (default 7). */
  markerSize?: number;
  /** One unit is as long on y as on x, e.g. for 2-D embeddings (default false). */
  equalAxes?: boolean;
  /** Chart height in pixels (default 440). */
  height?: number;
}

const CALLER = "scatterChart";

function isPointList(input: ScatterPoint[] | ScatterSeries[]): input is ScatterPoint[] {
  return typeof (input[0] as ScatterPoint | undefined)?.x === "number";
}

function pointsToSeries(points: ScatterPoint[]): ScatterSeries {
  points.forEach((point, index) => {
    if (point === null || typeof point !== "object" || typeof point.x !== "number" || typeof point.y !== "number") {
      throw new TypeError(`${CALLER}：points[${index}] 必须是 { x: 数字, y: 数字, text? }，收到 ${JSON.stringify(point)}`);
    }
  });
  const withText = points.some((point) => point.text !== undefined);
  return {
    name: "点",
    x: points.map((point) => point.x),
    y: points.map((point) => point.y),
    text: withText ? points.map((point) => point.text ?? "") : undefined,
  };
}

function scatterTrace(series: ScatterSeries, index: number, label: string, size: number): Trace {
  if (series === null || typeof series !== "object") {
    throw new TypeError(`${CALLER}：${label} 必须是 { name, x, y, text? }，收到 ${String(series)}`);
  }
  const x = toNumbers(CALLER, `${label}.x`, series.x, true);
  const y = toNumbers(CALLER, `${label}.y`, series.y, true);
  checkSameLength(CALLER, [`${label}.x`, `${label}.y`], x, y);
  if (series.text !== undefined) checkSameLength(CALLER, [`${label}.x`, `${label}.text`], x, series.text);

  return {
    type: "scatter",
    mode: "markers",
    name: String(series.name ?? label),
    x: compact(x),
    y: compact(y),
    text: series.text?.map(String),
    marker: { size, color: series.color ?? runColor(index), opacity: 0.8 },
    hovertemplate: series.text ? "%{text}<br>(%{x:.4g}, %{y:.4g})<extra></extra>" : "(%{x:.4g}, %{y:.4g})<extra></extra>",
  };
}

/**
 * Builds a scatter chart from a list of points `{ x, y, text? }` (one
 * group) or a list of named series `{ name, x, y, text? }` (one colour each).
 * @returns a plotly figure for `showFigure`
 */
export function scatterChart(input: ScatterPoint[] | ScatterSeries[], options: ScatterChartOptions = {}): Figure {
  const list = checkNonEmpty<ScatterPoint | ScatterSeries>(CALLER, "input", input) as ScatterPoint[] | ScatterSeries[];
  const fromPoints = isPointList(list);
  const series = fromPoints ? [pointsToSeries(list)] : (list as ScatterSeries[]);
  const size = options.markerSize ?? 7;

  const data = series.map((group, index) => scatterTrace(group, index, fromPoints ? "points" : `input[${index}]`, size));
  const layout = {
    ...baseLayout(options.title ?? "散点图（scatter plot）", options.height ?? 440),
    hovermode: "closest",
    showlegend: series.length > 1,
    xaxis: axis(options.xLabel ?? "x"),
    yaxis: axis(options.yLabel ?? "y", options.equalAxes ? { scaleanchor: "x", scaleratio: 1 } : {}),
  };
  return { data, layout };
}
