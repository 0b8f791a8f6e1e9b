/**
 * Live training progress: one output that `fit` overwrites at every epoch
 * with the epoch, loss, accuracy, elapsed time and a small loss curve, so a
 * long training run shows where it is without flooding the cell.
 */
import { createLiveDisplay, LiveDisplay } from "../display/bridge";
import { escapeHtml } from "../display/escape";
import { TrainingHistory } from "./history";

const SPARK_WIDTH = 220;
const SPARK_HEIGHT = 44;

function polyline(values: number[], low: number, high: number, count: number): string {
  const span = high - low || 1;
  return values
    .map((value, index) => {
      const x = count <= 1 ? 0 : (index / (count - 1)) * SPARK_WIDTH;
      const y = SPARK_HEIGHT - 2 - ((value - low) / span) * (SPARK_HEIGHT - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(" ");
}

/** Returns an inline SVG of training (solid) and validation (dashed) loss. */
export function lossSparkline(history: TrainingHistory, totalEpochs: number): string {
  const train = (history.loss ?? []).filter(Number.isFinite);
  const validation = (history.val_loss ?? []).filter(Number.isFinite);
  const all = [...train, ...validation];
  if (all.length === 0) return "";

  const low = Math.min(...all);
  const high = Math.max(...all);
  const count = Math.max(totalEpochs, 2);
  const trainLine = `<polyline fill="none" stroke="#0072B2" stroke-width="2" points="${polyline(train, low, high, count)}"/>`;
  const validationLine = validation.length
    ? `<polyline fill="none" stroke="#D55E00" stroke-width="2" stroke-dasharray="4 3" points="${polyline(validation, low, high, count)}"/>`
    : "";
  return `<svg width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" role="img" aria-label="loss">${trainLine}${validationLine}</svg>`;
}

function formatMetric(name: string, value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (name.endsWith("acc")) return `${(value * 100).toFixed(2)}%`;
  return Number.isFinite(value) ? value.toFixed(4) : String(value);
}

const LABELS: Record<string, string> = {
  loss: "训练损失",
  acc: "训练准确率",
  val_loss: "验证损失",
  val_acc: "验证准确率",
};

/** A live progress output for one training run. */
export class TrainingProgress {
  private readonly display: LiveDisplay = createLiveDisplay();
  private readonly started = Date.now();
  private readonly notes: string[] = [];

  constructor(private readonly label: string, private readonly totalEpochs: number) {}

  /** Adds a remark (such as an early stop) to the line from the next update on. */
  note(text: string): void {
    this.notes.push(text);
  }

  /** Shows the state after `epochsDone` epochs; `finished` marks the last update. */
  show(history: TrainingHistory, epochsDone: number, finished = false): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const parts = Object.keys(LABELS)
      .map((key) => {
        const values = history[key];
        const text = formatMetric(key, values?.[values.length - 1]);
        return text === undefined ? undefined : `${LABELS[key]} ${text}`;
      })
      .filter(Boolean);
    const status = finished ? "完成" : "训练中";
    const line = [this.label, status, `轮次（epoch）${epochsDone}/${this.totalEpochs}`, ...parts, `用时 ${seconds} s`, ...this.notes].join(" · ");

    this.display.update({
      "text/html": `<div class="dl30-progress" style="display:flex;gap:12px;align-items:center;font-family:monospace">${lossSparkline(history, this.totalEpochs)}<span>${escapeHtml(line)}</span></div>`,
      "text/plain": line,
    });
  }
}
