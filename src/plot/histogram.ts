/**
 * Histograms of one set of values or of several named groups overlaid
 * (e.g. weights before and after training). The values are counted into
 * shared bins here, so every group uses the same bins and the figure stores
 * one number per bin rather than every value.
 */
import { Figure, roundTo, Trace } from "./figure";
import { checkPositiveInteger, compact, toNumbers } from "./input";
import { axis, baseLayout, runColor } from "./style";

/** A named group of values. */
export interface HistogramGroup {
  name: string;
  values: ArrayLike<number>;
  color?: string;
}

/** Quantity on the y axis: count, percent of the group, or probability density. */
export type HistogramNorm = "count" | "percent" | "density";

/** Options for `histogram`. */
export interface HistogramOptions {
  /** Number of equal-width bins over the range of all values (default 30). */
  bins?: number;
  /** Bar height: count, percent of the group, or density (area 1) (default "count"). */
  norm?: HistogramNorm;
  /** Bar opacity (default 0.55 with several groups, 0.9 with one). */
  opacity?: number;
  /** Chart title (default 直方图（histogram）). */
  title?: string;
  /** x-axis title (default 值（value）). */
  xLabel?: string;
  /** y-axis title (default from `norm`: 个数（count）, 百分比（%）, 密度（density）). */
  yLabel?: string;
  /** Chart height in pixels (default 400). */
  height?: number;
}

/** Equal-width bins: the left edge of the first bin, the bin width and the count. */
export interface Bins {
  start: number;
  width: number;
  count: number;
}

const CALLER = "histogram";

const NORM_LABELS: Record<HistogramNorm, string> = {
  count: "个数（count）",
  percent: "百分比（%）",
  density: "密度（density）",
};

/**
 * Returns `count` equal-width bins from the smallest to the largest value.
 * When all values are equal, the bins span one unit centred on that value.
 */
export function equalWidthBins(values: number[], count: number): Bins {
  let low = Infinity;
  let high = -Infinity;
  for (const value of values) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low === high) return { start: low - 0.5, width: 1 / count, count };
  return { start: low, width: (high - low) / count, count };
}

/**
 * Counts `values` into `bins`. Bins are closed on the left and open on the
 * right, except the last, which also contains the largest value.
 */
export function countIntoBins(values: number[], bins: Bins): number[] {
  const counts = new Array(bins.count).fill(0);
  for (const value of values) {
    const index = Math.floor((value - bins.start) / bins.width);
    counts[Math.min(bins.count - 1, Math.max(0, index))] += 1;
  }
  return counts;
}

function readGroups(input: ArrayLike<number> | HistogramGroup[]): HistogramGroup[] {
  const grouped = Array.isArray(input) && input.length > 0 && input[0] !== null && typeof input[0] === "object";
  const list: HistogramGroup[] = grouped ? (input as HistogramGroup[]) : [{ name: "值（value）", values: input as ArrayLike<number> }];

  return list.map((group, index) => {
    const label = grouped ? `input[${index}].values` : "values";
    return { ...group, values: toNumbers(CALLER, label, group?.values, true) };
  });
}

function scale(counts: number[], total: number, width: number, norm: HistogramNorm): number[] {
  if (norm === "percent") return counts.map((count) => (100 * count) / total);
  if (norm === "density") return counts.map((count) => count / (total * width));
  return counts;
}

/**
 * Builds a histogram of `input`: an array of numbers, or a list of
 * `{ name, values }` groups drawn overlaid and translucent on shared bins.
 * Values must be finite; the error names the first that is not.
 * @returns a plotly figure for `showFigure`
 */
export function histogram(input: ArrayLike<number> | HistogramGroup[], options: HistogramOptions = {}): Figure {
  const groups = readGroups(input);
  const norm = options.norm ?? "count";
  if (!(norm in NORM_LABELS)) throw new RangeError(`${CALLER}：norm 必须是 "count"、"percent" 或 "density"，收到 ${JSON.stringify(norm)}`);

  const bins = equalWidthBins(groups.flatMap((group) => group.values as number[]), checkPositiveInteger(CALLER, "bins", options.bins ?? 30));
  const edges = Array.from({ length: bins.count }, (_, index) => [roundTo(bins.start + index * bins.width), roundTo(bins.start + (index + 1) * bins.width)]);
  const centres = compact(edges.map(([left, right]) => (left + right) / 2));
  const opacity = options.opacity ?? (groups.length > 1 ? 0.55 : 0.9);

  const data: Trace[] = groups.map((group, index) => {
    const values = group.values as number[];
    const heights = scale(countIntoBins(values, bins), values.length, bins.width, norm);
    return {
      type: "bar",
      name: String(group.name),
      x: centres,
      y: compact(heights),
      width: roundTo(bins.width),
      customdata: edges,
      marker: { color: group.color ?? runColor(index), opacity, line: { width: 0 } },
      hovertemplate: "[%{customdata[0]}, %{customdata[1]})：%{y}<extra></extra>",
    };
  });

  const layout = {
    ...baseLayout(options.title ?? "直方图（histogram）", options.height ?? 400),
    barmode: "overlay",
    bargap: 0,
    hovermode: "closest",
    showlegend: groups.length > 1,
    xaxis: axis(options.xLabel ?? "值（value）"),
    yaxis: axis(options.yLabel ?? NORM_LABELS[norm]),
  };
  return { data, layout };
}
