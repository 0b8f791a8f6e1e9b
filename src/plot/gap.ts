/**
 * The overfitting plot: a training curve against a validation curve with
 * the gap between them shaded. Two kinds of input share one look:
 *  - a training history: the metric per epoch, with the epoch of the
 *    lowest validation loss marked (where early stopping would stop);
 *  - a learning curve: the metric against the training-set size.
 */
import { normalizeMetricName, TrainingHistory } from "../train/history";
import { Figure, Trace } from "./figure";
import { checkSameLength, compact, toNumbers } from "./input";
import { axis, baseLayout, runColor, translucent, verticalGuide } from "./style";

/** Per-epoch curves from `fit`: `metric` and `val_<metric>` are read from the history. */
export interface HistoryGapInput {
  kind: "history";
  history: TrainingHistory;
  /** History key to draw (default "loss"; "accuracy" is read as "acc"). */
  metric?: string;
}

/** A learning curve: the metric after training on `sizes[i]` examples. */
export interface LearningCurveGapInput {
  kind: "learningCurve";
  /** Training-set sizes (number of examples), one per point. */
  sizes: ArrayLike<number>;
  /** Metric on the training set, one per size. */
  train: ArrayLike<number>;
  /** Metric on the validation set, one per size. */
  validation: ArrayLike<number>;
  /** Name of the metric, for the y-axis title (default "loss"). */
  metric?: string;
}

/** Input of `overfittingGap`, tagged by `kind`. */
export type GapInput = HistoryGapInput | LearningCurveGapInput;

/** Options for `overfittingGap`. */
export interface OverfittingGapOptions {
  /** Chart title (default depends on the input kind). */
  title?: string;
  /** x-axis title (default 轮次（epoch） or 训练样本数（training-set size）). */
  xLabel?: string;
  /** y-axis title (default from the metric: 损失（loss）, 准确率（accuracy）, or the key). */
  yLabel?: string;
  /** Legend name of the training curve (default 训练集（training set）). */
  trainName?: string;
  /** Legend name of the validation curve (default 验证集（validation set）). */
  validationName?: string;
  /** Mark the epoch of the lowest validation loss (history input only; default true). */
  markBest?: boolean;
  /** Draw the x axis on a log scale, e.g. for sizes 100, 1000, 10000 (default false). */
  logX?: boolean;
  /** Chart height in pixels (default 440). */
  height?: number;
}

const CALLER = "overfittingGap";
const GAP_NAME = "泛化差距（generalization gap）";

const METRIC_LABELS: Record<string, string> = {
  loss: "损失（loss）",
  acc: "准确率（accuracy）",
};

/** The two curves to draw, already checked. */
interface Curves {
  x: number[];
  train: number[];
  validation: number[];
  metric: string;
}

/**
 * Returns the 1-based epoch with the lowest validation loss (`val_loss`);
 * on a tie, the earliest such epoch. NaN and infinite values (diverged
 * epochs) are skipped. Throws when the history has no finite `val_loss`.
 */
export function minValidationEpoch(history: TrainingHistory): number {
  const values = history.val_loss;
  if (!values || values.length === 0) {
    const keys = Object.keys(history).join(", ") || "无";
    throw new RangeError(`minValidationEpoch：history 中没有 val_loss（现有键：${keys}）；训练时请传入验证集（validationData）`);
  }

  let best = -1;
  values.forEach((value, index) => {
    if (Number.isFinite(value) && (best < 0 || value < values[best])) best = index;
  });
  if (best < 0) {
    throw new RangeError(`minValidationEpoch：val_loss 的 ${values.length} 个值都不是有限数（例如 ${values[0]}），训练可能已发散（diverged）`);
  }
  return best + 1;
}

function historyCurves(input: HistoryGapInput): Curves {
  const history = input.history;
  if (history === null || typeof history !== "object") {
    throw new TypeError(`${CALLER}：history 必须是训练记录对象，收到 ${String(history)}`);
  }
  const metric = normalizeMetricName(input.metric ?? "loss");
  const keys = Object.keys(history).join(", ") || "无";

  for (const key of [metric, `val_${metric}`]) {
    if (!(key in history)) {
      throw new RangeError(`${CALLER}：history 中没有 "${key}"（现有键：${keys}）；检查 metric 参数，并在训练时传入验证集（validationData）`);
    }
  }
  const train = toNumbers(CALLER, `history.${metric}`, history[metric]);
  const validation = toNumbers(CALLER, `history.val_${metric}`, history[`val_${metric}`]);
  checkSameLength(CALLER, [`history.${metric}`, `history.val_${metric}`], train, validation);

  return { x: train.map((_, epoch) => epoch + 1), train, validation, metric };
}

function learningCurves(input: LearningCurveGapInput): Curves {
  const x = toNumbers(CALLER, "sizes", input.sizes, true);
  const train = toNumbers(CALLER, "train", input.train);
  const validation = toNumbers(CALLER, "validation", input.validation);
  checkSameLength(CALLER, ["sizes", "train"], x, train);
  checkSameLength(CALLER, ["sizes", "validation"], x, validation);

  x.forEach((size, index) => {
    if (size <= 0) throw new RangeError(`${CALLER}：sizes[${index}] 必须是正数（训练样本数），收到 ${size}`);
  });

  // Draw the points from the smallest size up, whatever order they came in.
  const order = x.map((_, index) => index).sort((a, b) => x[a] - x[b]);
  return {
    x: order.map((index) => x[index]),
    train: order.map((index) => train[index]),
    validation: order.map((index) => validation[index]),
    metric: normalizeMetricName(input.metric ?? "loss"),
  };
}

function readCurves(input: GapInput): Curves {
  if (input === null || typeof input !== "object") {
    throw new TypeError(`${CALLER}：input 必须是 { kind: "history", … } 或 { kind: "learningCurve", … }，收到 ${String(input)}`);
  }
  if (input.kind === "history") return historyCurves(input);
  if (input.kind === "learningCurve") return learningCurves(input);
  throw new RangeError(`${CALLER}：input.kind 必须是 "history" 或 "learningCurve"，收到 ${JSON.stringify((input as { kind: unknown }).kind)}`);
}

function gapTraces(curves: Curves, options: OverfittingGapOptions): Trace[] {
  const trainColor = runColor(0);
  const validationColor = runColor(1);
  const line = (name: string, y: number[], color: string, dash: string): Trace => ({
    type: "scatter",
    mode: "lines+markers",
    x: curves.x,
    y: compact(y),
    name,
    line: { color, width: 2, dash },
    marker: { size: 5 },
  });

  // The shaded band: a copy of the validation curve with no line of its
  // own, filled down (or up) to the previous trace, the training curve.
  const gap: Trace = {
    type: "scatter",
    mode: "lines",
    x: curves.x,
    y: compact(curves.validation),
    name: GAP_NAME,
    fill: "tonexty",
    fillcolor: translucent(validationColor, 0.22),
    line: { width: 0, color: validationColor },
    hoverinfo: "skip",
  };

  return [
    line(options.trainName ?? "训练集（training set）", curves.train, trainColor, "solid"),
    gap,
    line(options.validationName ?? "验证集（validation set）", curves.validation, validationColor, "dash"),
  ];
}

/**
 * Adds the marker, dashed line and note at the epoch of the lowest
 * validation loss. Skipped when the history has no finite `val_loss`.
 */
function markBestEpoch(input: HistoryGapInput, curves: Curves, data: Trace[], layout: Record<string, unknown>): void {
  const losses = input.history.val_loss;
  if (!losses || !losses.some(Number.isFinite)) return;

  const epoch = minValidationEpoch(input.history);
  const label = `验证损失最低：第 ${epoch} 轮`;
  data.push({
    type: "scatter",
    mode: "markers",
    x: [epoch],
    y: compact([curves.validation[epoch - 1]]),
    name: label,
    marker: { symbol: "star", size: 14, color: "#222222", line: { color: "white", width: 1 } },
  });

  const guide = verticalGuide(epoch, label);
  layout.shapes = [guide.shape];
  layout.annotations = [guide.annotation];
}

/**
 * Builds the overfitting figure: training curve (solid), validation curve
 * (dashed) and the band between them shaded as 泛化差距（generalization gap）.
 * For a history, also marks the epoch of the lowest validation loss.
 * @param input `{ kind: "history", history, metric? }` or
 *   `{ kind: "learningCurve", sizes, train, validation }`
 * @returns a plotly figure for `showFigure`
 */
export function overfittingGap(input: GapInput, options: OverfittingGapOptions = {}): Figure {
  const curves = readCurves(input);
  const byEpoch = input.kind === "history";
  const data = gapTraces(curves, options);

  const defaultTitle = byEpoch ? "过拟合（overfitting）：训练集与验证集的差距" : "学习曲线（learning curve）：训练集与验证集的差距";
  const base = baseLayout(options.title ?? defaultTitle, options.height ?? 440);
  const layout: Record<string, unknown> = {
    ...base,
    // Plotly lists filled traces in reverse by default; keep training first.
    legend: { ...(base.legend as object), traceorder: "normal" },
    xaxis: axis(options.xLabel ?? (byEpoch ? "轮次（epoch）" : "训练样本数（training-set size）"), options.logX ? { type: "log" } : {}),
    yaxis: axis(options.yLabel ?? METRIC_LABELS[curves.metric] ?? curves.metric),
  };

  if (input.kind === "history" && (options.markBest ?? true)) {
    markBestEpoch(input, curves, data, layout);
  }
  return { data, layout };
}
