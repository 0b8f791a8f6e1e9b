/**
 * The learning-rate plot: loss against 学习率（learning rate） on a log axis.
 * It draws an LR range test (the rate grows during one pass, so there are
 * many points) as well as a sweep (one final loss per rate, a few points).
 * Diverged points (loss NaN or ±Infinity) stay on the chart as red crosses
 * at the top.
 */
import { Figure, roundTo, Trace } from "./figure";
import { checkNonEmpty, compact } from "./input";
import { axis, baseLayout, DIVERGED_COLOR, runColor, verticalGuide } from "./style";

/**
 * One measurement: the loss reached with learning rate `lr`. A point counts
 * as diverged when its loss is NaN or ±Infinity, or when `diverged` is set
 * (e.g. a run whose clipped cross-entropy stayed finite but ended worse than
 * guessing).
 */
export interface LrPoint {
  lr: number;
  loss: number;
  diverged?: boolean;
}

function isDiverged(point: LrPoint): boolean {
  return point.diverged === true || !Number.isFinite(point.loss);
}

/** Options for `lrSweep`. */
export interface LrSweepOptions {
  /** A learning rate to mark with a vertical line and a note (e.g. from the range test). */
  suggestedLr?: number;
  /** Top of the y axis; finite losses above it run off the chart (default: the largest finite loss). */
  yMax?: number;
  /** Draw a marker at every point (default: when there are at most 30 points). */
  markers?: boolean;
  /** Chart title (default 学习率扫描（learning-rate sweep）). */
  title?: string;
  /** x-axis title (default 学习率（learning rate）). */
  xLabel?: string;
  /** y-axis title (default 损失（loss）). */
  yLabel?: string;
  /** Chart height in pixels (default 420). */
  height?: number;
}

const CALLER = "lrSweep";
const DIVERGED = "发散（diverged）";

function checkRate(name: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${CALLER}：${name} 必须是有限的正数（学习率），收到 ${String(value)}`);
  }
}

function readPoints(points: unknown): LrPoint[] {
  const list = checkNonEmpty<LrPoint>(CALLER, "points", points);
  list.forEach((point, index) => {
    if (point === null || typeof point !== "object") {
      throw new TypeError(`${CALLER}：points[${index}] 必须是 { lr, loss }，收到 ${String(point)}`);
    }
    checkRate(`points[${index}].lr`, point.lr);
    if (typeof point.loss !== "number") {
      throw new TypeError(`${CALLER}：points[${index}].loss 必须是数字（发散时可为 NaN 或 Infinity），收到 ${String(point.loss)}`);
    }
  });
  return [...list].sort((a, b) => a.lr - b.lr);
}

/** Formats a learning rate for a label: 0.01, 0.3, 3.0e-4. */
export function formatLearningRate(lr: number): string {
  return lr >= 1e-3 && lr < 1e4 ? String(Number(lr.toPrecision(2))) : lr.toExponential(1);
}

/**
 * Computes the y range to show and the height of the diverged markers:
 * just below the top, above every finite loss that is drawn.
 */
function yRange(points: LrPoint[], yMax: number | undefined): { range: [number, number]; pinned: number } {
  const finite = points.filter((point) => !isDiverged(point)).map((point) => point.loss).filter((loss) => yMax === undefined || loss <= yMax);
  const low = finite.length > 0 ? Math.min(...finite) : 0;
  const high = yMax ?? (finite.length > 0 ? Math.max(...finite) : 1);
  const pad = (high - low) * 0.08 || Math.abs(high) * 0.1 || 1;

  const bottom = low >= 0 ? Math.max(0, low - pad) : low - pad;
  return { range: [bottom, high + 2 * pad], pinned: high + pad };
}

/**
 * Builds the learning-rate figure: finite losses as a line over a log
 * x axis, diverged points as red × at the top with hover text
 * 发散（diverged）, and `suggestedLr` (if given) as a dashed vertical line.
 * @param points `{ lr, loss }` pairs in any order; lr must be positive
 * @returns a plotly figure for `showFigure`
 */
export function lrSweep(points: LrPoint[], options: LrSweepOptions = {}): Figure {
  const sorted = readPoints(points);
  if (options.suggestedLr !== undefined) checkRate("suggestedLr", options.suggestedLr);
  if (options.yMax !== undefined && !Number.isFinite(options.yMax)) {
    throw new RangeError(`${CALLER}：yMax 必须是有限数，收到 ${options.yMax}`);
  }

  const { range, pinned } = yRange(sorted, options.yMax);
  const diverged = sorted.filter(isDiverged);
  const markers = options.markers ?? sorted.length <= 30;

  // Diverged rates stay in the line as null, so the line breaks there.
  const curve: Trace = {
    type: "scatter",
    mode: markers ? "lines+markers" : "lines",
    x: compact(sorted.map((point) => point.lr), 4),
    y: sorted.map((point) => (isDiverged(point) ? null : roundTo(point.loss))),
    name: options.yLabel ?? "损失（loss）",
    line: { color: runColor(0), width: 2 },
    marker: { size: 6 },
    hovertemplate: "学习率 %{x:.3g}<br>损失 %{y:.4g}<extra></extra>",
  };
  const data: Trace[] = [curve];

  if (diverged.length > 0) {
    data.push({
      type: "scatter",
      mode: "markers",
      x: compact(diverged.map((point) => point.lr), 4),
      y: diverged.map(() => roundTo(pinned, 4)),
      text: diverged.map(() => DIVERGED),
      customdata: diverged.map((point) => String(point.loss)),
      name: DIVERGED,
      marker: { symbol: "x", size: 11, color: DIVERGED_COLOR, line: { width: 1, color: DIVERGED_COLOR } },
      hovertemplate: "学习率 %{x:.3g}<br>%{text}：损失 = %{customdata}<extra></extra>",
    });
  }

  const layout: Record<string, unknown> = {
    ...baseLayout(options.title ?? "学习率扫描（learning-rate sweep）", options.height ?? 420),
    hovermode: "closest",
    xaxis: axis(options.xLabel ?? "学习率（learning rate）", { type: "log", exponentformat: "e" }),
    yaxis: axis(options.yLabel ?? "损失（loss）", { range: compact(range, 4) }),
  };

  if (options.suggestedLr !== undefined) {
    const guide = verticalGuide(options.suggestedLr, `建议学习率 ${formatLearningRate(options.suggestedLr)}`, { color: "#009E73", logAxis: true });
    layout.shapes = [guide.shape];
    layout.annotations = [guide.annotation];
  }
  return { data, layout };
}
