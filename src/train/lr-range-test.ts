/**
 * Learning-rate range test: train one throwaway model for one pass over the
 * data while the learning rate grows exponentially from `minLearningRate`
 * to `maxLearningRate`, recording the loss at every step. The loss first
 * falls, then flattens, then blows up; a good learning rate lies below the
 * minimum of the smoothed loss.
 */
import { tf } from "../backend";
import { createLiveDisplay } from "../display/bridge";
import { shuffledIndices } from "../data/split";
import { disposeDeep } from "../memory";
import { withSeed } from "../random";
import { InterruptedError, watchInterrupt } from "./interrupt";
import { setLearningRate } from "./learning-rate";

/** Options for `lrRangeTest`. */
export interface RangeTestOptions {
  /** First learning rate (default 1e-6). */
  minLearningRate?: number;
  /** Last learning rate (default 10). */
  maxLearningRate?: number;
  /** Samples per step (default 64). */
  batchSize?: number;
  /** Number of steps (default: one pass over the data). */
  steps?: number;
  /** Seed of the model's initial weights and of the batch order (default 0). */
  seed?: number;
  /** Weight of the exponential moving average of the loss (default 0.9). */
  smoothing?: number;
  /** Stop once the smoothed loss exceeds this multiple of its minimum (default 4). */
  divergeFactor?: number;
}

/** One step of the test. `diverged` marks the step where the loss blew up. */
export interface RangeTestPoint {
  lr: number;
  loss: number;
  smoothedLoss: number;
  diverged: boolean;
}

/** Result of the test: every step, and the learning rate it suggests. */
export interface RangeTestResult {
  points: RangeTestPoint[];
  /** Learning rate at the minimum of the smoothed loss. */
  minLossLearningRate: number;
  /** One tenth of `minLossLearningRate`: a safe rate to train with. */
  suggestedLearningRate: number;
}

function checkRangeOptions(minimum: number, maximum: number, steps: number, batchSize: number): void {
  if (!(minimum > 0 && Number.isFinite(minimum))) throw new RangeError(`minLearningRate 必须是正数，收到 ${minimum}`);
  if (!(maximum > minimum && Number.isFinite(maximum))) throw new RangeError(`maxLearningRate 必须大于 minLearningRate（${minimum}），收到 ${maximum}`);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`steps 必须是不小于 2 的整数，收到 ${steps}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize 必须是正整数，收到 ${batchSize}`);
}

/** Trains on the batch of rows `rows` and returns its loss. */
async function trainStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, rows: Int32Array): Promise<number> {
  const [xBatch, yBatch] = tf.tidy(() => {
    const indices = tf.tensor1d(rows, "int32");
    return [tf.gather(x, indices), tf.gather(y, indices)];
  });
  try {
    const result = await model.trainOnBatch(xBatch, yBatch);
    return Array.isArray(result) ? result[0] : result;
  } finally {
    tf.dispose([xBatch, yBatch]);
  }
}

/**
 * Runs the range test on a fresh model from `build` (compiled, with the
 * optimizer to test) and disposes that model afterwards.
 */
export async function lrRangeTest(build: () => tf.LayersModel, x: tf.Tensor, y: tf.Tensor, options: RangeTestOptions = {}): Promise<RangeTestResult> {
  const minimum = options.minLearningRate ?? 1e-6;
  const maximum = options.maxLearningRate ?? 10;
  const batchSize = options.batchSize ?? 64;
  const samples = x.shape[0];
  const steps = options.steps ?? Math.max(2, Math.ceil(samples / batchSize));
  checkRangeOptions(minimum, maximum, steps, batchSize);

  const seed = options.seed ?? 0;
  const beta = options.smoothing ?? 0.9;
  const order = shuffledIndices(samples, seed);
  const model = withSeed(seed, build);
  const display = createLiveDisplay();
  const points: RangeTestPoint[] = [];
  let average = 0;
  let best = Infinity;
  const interrupt = watchInterrupt();

  try {
    for (let step = 0; step < steps; step++) {
      if (interrupt.interrupted) throw new InterruptedError(`学习率范围测试在第 ${step + 1} 步停止`);
      const lr = minimum * (maximum / minimum) ** (step / (steps - 1));
      setLearningRate(model.optimizer, lr);

      const start = (step * batchSize) % samples;
      const rows = Int32Array.from({ length: Math.min(batchSize, samples) }, (_, i) => order[(start + i) % samples]);
      const loss = await trainStep(model, x, y, rows);

      average = beta * average + (1 - beta) * loss;
      const smoothedLoss = average / (1 - beta ** (step + 1));
      const diverged = !Number.isFinite(loss) || smoothedLoss > (options.divergeFactor ?? 4) * best;
      best = Math.min(best, smoothedLoss);
      points.push({ lr, loss, smoothedLoss, diverged });

      if (step % 10 === 0 || diverged || step === steps - 1) {
        const line = `学习率范围测试（LR range test）· 第 ${step + 1}/${steps} 步 · 学习率 ${lr.toExponential(2)} · 平滑损失 ${smoothedLoss.toFixed(4)}${diverged ? " · 损失发散，测试结束" : ""}`;
        display.update({ "text/plain": line });
      }
      if (diverged) break;
    }
  } finally {
    interrupt.stop();
    disposeDeep(model);
  }

  const lowest = points.filter((point) => !point.diverged).reduce((a, b) => (b.smoothedLoss < a.smoothedLoss ? b : a), points[0]);
  return { points, minLossLearningRate: lowest.lr, suggestedLearningRate: lowest.lr / 10 };
}
