/**
 * Sweeps: train one model per setting, keep the numbers, dispose the model.
 * A sweep over any number of settings leaves `tf.memory().numTensors`
 * where it started.
 */
import { tf } from "../backend";
import { TableValue } from "../display/table";
import { disposeDeep } from "../memory";
import { DivergedError } from "./fit";
import { TrainingHistory } from "./history";

/** Settings of a sweep, with the functions that build, train and score a model for each. */
export interface SweepOptions<S> {
  settings: S[];
  /** Display name of a setting, e.g. "lr = 0.01". */
  name: (setting: S) => string;
  /** Builds a compiled model for the setting. */
  build: (setting: S) => tf.LayersModel;
  /** Trains the model (usually with fitWithProgress) and returns its history. */
  train: (model: tf.LayersModel, setting: S) => Promise<TrainingHistory>;
  /** Scores the trained model, e.g. test accuracy; skipped for diverged runs. */
  evaluate?: (model: tf.LayersModel, setting: S) => Record<string, number>;
  /**
   * Extra test for divergence on a finished history. A NaN or infinite loss
   * always counts as diverged. This test catches runs whose loss stayed
   * finite but blew up, such as clipped cross-entropy stuck far above its
   * starting value.
   */
  divergedIf?: (history: TrainingHistory) => boolean;
}

/** One finished run of a sweep; its model is already disposed. */
export interface SweepRun<S> {
  setting: S;
  name: string;
  history: TrainingHistory;
  /** True when training stopped on a NaN or infinite loss. */
  diverged: boolean;
  /** The scores from `evaluate` (empty when diverged). */
  scores: Record<string, number>;
}

/**
 * Trains one model per setting in order and returns the runs. A run whose
 * loss diverges is recorded as diverged and the sweep goes on; any other
 * error stops the sweep. Every model is disposed, including on errors.
 */
export async function runSweep<S>(options: SweepOptions<S>): Promise<SweepRun<S>[]> {
  if (options.settings.length === 0) {
    throw new RangeError("runSweep：settings 为空，至少需要一个设置");
  }
  const runs: SweepRun<S>[] = [];

  for (const setting of options.settings) {
    const model = options.build(setting);
    try {
      const history = await options.train(model, setting);
      const diverged = options.divergedIf?.(history) ?? false;
      const scores = options.evaluate && !diverged ? options.evaluate(model, setting) : {};
      runs.push({ setting, name: options.name(setting), history, diverged, scores });
    } catch (error) {
      if (!(error instanceof DivergedError)) throw error;
      runs.push({ setting, name: options.name(setting), history: error.history, diverged: true, scores: {} });
    } finally {
      disposeDeep(model);
    }
  }
  return runs;
}

/** Returns one table row per run: name, final losses, status and scores. */
export function sweepTable<S>(runs: SweepRun<S>[]): Record<string, TableValue>[] {
  const last = (values: number[] | undefined) => (values && values.length > 0 ? values[values.length - 1] : NaN);
  return runs.map((run) => ({
    设置: run.name,
    状态: run.diverged ? "发散（diverged）" : "正常",
    轮数: run.history.loss?.length ?? 0,
    最终训练损失: last(run.history.loss),
    最终验证损失: last(run.history.val_loss),
    ...run.scores,
  }));
}
