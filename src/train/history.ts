/** Training history with one naming scheme for metrics. */

/**
 * Per-epoch values by metric name: "loss", "acc", "val_loss", "val_acc", …
 * tfjs reports accuracy as "acc" or "accuracy" depending on how the metric
 * was named in `compile`; `normalizeHistory` maps both to "acc".
 */
export interface TrainingHistory {
  [metric: string]: number[];
}

const ALIASES: Record<string, string> = {
  accuracy: "acc",
  val_accuracy: "val_acc",
};

/** Returns the metric name under the project's naming ("accuracy" → "acc"). */
export function normalizeMetricName(name: string): string {
  return ALIASES[name] ?? name;
}

/** Converts tfjs `History.history` (numbers or scalar tensors) to a TrainingHistory. */
export function normalizeHistory(raw: Record<string, (number | { dataSync(): ArrayLike<number> })[]>): TrainingHistory {
  const history: TrainingHistory = {};
  for (const [name, values] of Object.entries(raw)) {
    history[normalizeMetricName(name)] = values.map((value) => (typeof value === "number" ? value : value.dataSync()[0]));
  }
  return history;
}

/** Returns the last value of `metric`, or NaN when the history lacks it. */
export function lastValue(history: TrainingHistory, metric: string): number {
  const values = history[normalizeMetricName(metric)];
  return values && values.length > 0 ? values[values.length - 1] : NaN;
}
