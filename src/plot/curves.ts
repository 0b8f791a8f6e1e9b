/**
 * Training curves: loss and a metric per epoch, training against
 * validation, for one or many runs on one chart.
 */
import { TrainingHistory } from "../train/history";
import { Figure, Trace, roundTo } from "./figure";
import { axis, baseLayout, runColor } from "./style";

/** One training run to draw: a legend name and its history. */
export interface TrainingRun {
  name: string;
  history: TrainingHistory;
}

/** Options for `trainingCurves`. */
export interface TrainingCurvesOptions {
  /** Chart title (default 训练曲线（training curves）). */
  title?: string;
  /** History key of the metric in the right panel (default "acc"). */
  metric?: string;
  /** Axis label of the metric (default 准确率（accuracy）). */
  metricLabel?: string;
  /** Chart height in pixels (default 440). */
  height?: number;
}

function series(run: TrainingRun, key: string, color: string, axes: { xaxis: string; yaxis: string }, label: string, showLegend: boolean): Trace | undefined {
  const values = run.history[key];
  if (!values || values.length === 0) return undefined;

  const validation = key.startsWith("val_");
  return {
    type: "scatter",
    mode: "lines+markers",
    x: values.map((_, epoch) => epoch + 1),
    y: values.map((value) => roundTo(value)),
    name: `${run.name} · ${label}`,
    legendgroup: `${run.name} · ${label}`,
    showlegend: showLegend,
    line: { color, dash: validation ? "dash" : "solid", width: 2 },
    marker: { size: 5 },
    ...axes,
  };
}

/**
 * Builds the training-curves figure: loss on the left, the metric on the
 * right; each run has its own colour, training is solid and validation dashed.
 */
export function trainingCurves(runs: TrainingRun[], options: TrainingCurvesOptions = {}): Figure {
  if (runs.length === 0) {
    throw new RangeError("trainingCurves：runs 为空，至少需要一次训练记录（history）");
  }
  const metric = options.metric ?? "acc";
  const metricLabel = options.metricLabel ?? "准确率（accuracy）";
  const left = { xaxis: "x", yaxis: "y" };
  const right = { xaxis: "x2", yaxis: "y2" };
  const data: Trace[] = [];

  runs.forEach((run, index) => {
    const color = runColor(index);
    const traces = [
      series(run, "loss", color, left, "训练", true),
      series(run, "val_loss", color, left, "验证", true),
      series(run, metric, color, right, "训练", false),
      series(run, `val_${metric}`, color, right, "验证", false),
    ];
    data.push(...(traces.filter(Boolean) as Trace[]));
  });

  const layout = {
    ...baseLayout(options.title ?? "训练曲线（training curves）：实线 = 训练集，虚线 = 验证集", options.height ?? 440),
    grid: { rows: 1, columns: 2, pattern: "independent" },
    xaxis: axis("轮次（epoch）", { domain: [0, 0.46] }),
    yaxis: axis("损失（loss）"),
    xaxis2: axis("轮次（epoch）", { domain: [0.54, 1], anchor: "y2" }),
    yaxis2: axis(metricLabel, { anchor: "x2" }),
  };
  return { data, layout };
}
