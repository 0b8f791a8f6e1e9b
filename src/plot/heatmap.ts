/**
 * Heatmaps of a matrix: confusion matrices, attention maps, correlation
 * tables. Row 0 is drawn at the top, as the matrix is written.
 */
import { Figure } from "./figure";
import { checkNonEmpty, checkSameLength, compact, toNumbers } from "./input";
import { axis, baseLayout } from "./style";

/** Options for `heatmap`. */
export interface HeatmapOptions {
  /** Column labels (default 0, 1, …). */
  xLabels?: (string | number)[];
  /** Row labels (default 0, 1, …). */
  yLabels?: (string | number)[];
  /** Chart title (default 热力图（heatmap）). */
  title?: string;
  /** Column-axis title, e.g. 预测类别 (default 列（column）). */
  xLabel?: string;
  /** Row-axis title, e.g. 真实类别 (default 行（row）). */
  yLabel?: string;
  /** Plotly colour scale: a name such as "Viridis", or [fraction, colour] stops (default white → dark blue). */
  colorscale?: string | [number, string][];
  /** Write each cell's value in the cell (default false). */
  showValues?: boolean;
  /** Significant digits of cell values (default 3). */
  digits?: number;
  /** Draw row 0 at the bottom instead of the top (default false). */
  rowZeroAtBottom?: boolean;
  /** Ends of the colour scale (default: the data's range). */
  zmin?: number;
  zmax?: number;
  /** Chart height in pixels (default: grows with the number of rows, 360–720). */
  height?: number;
}

const CALLER = "heatmap";

// White for 0 up to dark blue for the largest value. (Plotly's own "Blues"
// runs the other way: dark for small values.)
const WHITE_TO_BLUE: [number, string][] = [
  [0, "#f7fbff"],
  [0.35, "#9ecae1"],
  [0.7, "#3182bd"],
  [1, "#08306b"],
];

function readMatrix(matrix: ArrayLike<number>[]): number[][] {
  const rows = checkNonEmpty<ArrayLike<number>>(CALLER, "matrix", matrix).map((row, index) => toNumbers(CALLER, `matrix[${index}]`, row));
  rows.forEach((row, index) => {
    if (row.length !== rows[0].length) {
      throw new RangeError(`${CALLER}：matrix[${index}] 有 ${row.length} 列，matrix[0] 有 ${rows[0].length} 列；每行的列数必须相同`);
    }
  });
  return rows;
}

function readLabels(name: string, labels: (string | number)[] | undefined, count: number, unit: string): string[] {
  if (labels === undefined) return Array.from({ length: count }, (_, index) => String(index));
  if (!Array.isArray(labels)) throw new TypeError(`${CALLER}：${name} 必须是数组，收到 ${String(labels)}`);
  checkSameLength(CALLER, [name, `matrix 的${unit}`], labels, { length: count });
  return labels.map(String);
}

/**
 * Builds a heatmap of `matrix` (rows of numbers, plain or typed arrays).
 * With `showValues`, each cell's number is written in the cell.
 * @returns a plotly figure for `showFigure`
 */
export function heatmap(matrix: ArrayLike<number>[], options: HeatmapOptions = {}): Figure {
  const rows = readMatrix(matrix);
  const columns = rows[0].length;
  const xLabels = readLabels("xLabels", options.xLabels, columns, "列数");
  const yLabels = readLabels("yLabels", options.yLabels, rows.length, "行数");
  const digits = options.digits ?? 3;

  const z = rows.map((row) => compact(row));
  const text = rows.map((row) => compact(row, digits).map((value) => (Number.isFinite(value) ? String(value) : "")));
  const trace = {
    type: "heatmap",
    z,
    x: xLabels,
    y: yLabels,
    colorscale: options.colorscale ?? WHITE_TO_BLUE,
    zmin: options.zmin,
    zmax: options.zmax,
    text: options.showValues ? text : undefined,
    texttemplate: options.showValues ? "%{text}" : undefined,
    hovertemplate: "行 %{y}，列 %{x}：%{z}<extra></extra>",
    xgap: 1,
    ygap: 1,
  };

  // Category axes keep the labels in the given order; "reversed" puts row 0 on top.
  const layout = {
    ...baseLayout(options.title ?? "热力图（heatmap）", options.height ?? Math.min(720, Math.max(360, rows.length * 32 + 120))),
    hovermode: "closest",
    xaxis: axis(options.xLabel ?? "列（column）", { type: "category", showgrid: false }),
    yaxis: axis(options.yLabel ?? "行（row）", { type: "category", showgrid: false, autorange: options.rowZeroAtBottom ? true : "reversed" }),
  };
  return { data: [trace], layout };
}
