/** Bar charts: one value per category, or several series side by side. */
import { Figure, Trace } from "./figure";
import { checkNonEmpty, checkSameLength, compact, toNumbers } from "./input";
import { axis, baseLayout, runColor } from "./style";

/** One group of bars: a value per category. */
export interface BarSeries {
  name: string;
  values: ArrayLike<number>;
  color?: string;
}

/** Options for `barChart`. */
export interface BarChartOptions {
  /** Chart title (default 柱状图（bar chart）). */
  title?: string;
  /** Category-axis title (default 类别（category）). */
  xLabel?: string;
  /** Value-axis title (default 值（value）). */
  yLabel?: string;
  /** Bars grow to the right, first category at the top (default false). */
  horizontal?: boolean;
  /** Write each bar's value on it (default false). */
  showValues?: boolean;
  /** Significant digits of the written values (default 3). */
  digits?: number;
  /** Chart height in pixels (default 420). */
  height?: number;
}

const CALLER = "barChart";

function isSeriesList(values: ArrayLike<number> | BarSeries[]): values is BarSeries[] {
  return Array.isArray(values) && values.length > 0 && values[0] !== null && typeof values[0] === "object";
}

function readSeries(values: ArrayLike<number> | BarSeries[], categories: string[]): BarSeries[] {
  const grouped = isSeriesList(values);
  const list: BarSeries[] = grouped ? values : [{ name: "值（value）", values }];

  return list.map((series, index) => {
    const label = grouped ? `values[${index}].values` : "values";
    const numbers = toNumbers(CALLER, label, series?.values, true);
    checkSameLength(CALLER, ["categories", label], categories, numbers);
    return { ...series, values: numbers };
  });
}

/**
 * Builds a bar chart. `values` is either one number per category, or a
 * list of `{ name, values }` series drawn as grouped bars.
 * @param categories category labels, in display order
 * @returns a plotly figure for `showFigure`
 */
export function barChart(categories: (string | number)[], values: ArrayLike<number> | BarSeries[], options: BarChartOptions = {}): Figure {
  const labels = checkNonEmpty<string | number>(CALLER, "categories", categories).map(String);
  const series = readSeries(values, labels);
  const horizontal = options.horizontal ?? false;
  const digits = options.digits ?? 3;

  const data: Trace[] = series.map((group, index) => {
    const numbers = compact(group.values as number[]);
    return {
      type: "bar",
      name: String(group.name),
      orientation: horizontal ? "h" : "v",
      x: horizontal ? numbers : labels,
      y: horizontal ? labels : numbers,
      marker: { color: group.color ?? runColor(index) },
      text: options.showValues ? compact(group.values as number[], digits).map(String) : undefined,
      textposition: options.showValues ? "outside" : undefined,
      cliponaxis: false,
    };
  });

  // Categories keep the given order; numeric labels stay labels, not positions.
  const categoryAxis = axis(options.xLabel ?? "类别（category）", { type: "category", ...(horizontal ? { autorange: "reversed" } : {}) });
  const valueAxis = axis(options.yLabel ?? "值（value）", { rangemode: "tozero" });
  const layout = {
    ...baseLayout(options.title ?? "柱状图（bar chart）", options.height ?? 420),
    barmode: "group",
    hovermode: "closest",
    showlegend: series.length > 1,
    xaxis: horizontal ? valueAxis : categoryAxis,
    yaxis: horizontal ? categoryAxis : valueAxis,
  };
  return { data, layout };
}
