/**
 * Early stopping with restore-best-weights: watch the validation loss, stop
 * after `patience` epochs without improvement, and put back the weights of
 * the best epoch.
 */
import { tf } from "../backend";

/** Options of early stopping. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before training stops (a positive integer). */
  patience: number;
  /** Smallest decrease of the validation loss that counts as improvement (default 0). */
  minDelta?: number;
  /** Restore the weights of the best epoch when training ends (default true). */
  restoreBestWeights?: boolean;
}

/** Tracks the best validation loss of one training run and a copy of its weights. */
export class EarlyStopper {
  private best = Infinity;
  private bestWeights: tf.Tensor[] | undefined;
  private waited = 0;
  /** 1-based epoch with the lowest validation loss so far (0 before the first). */
  bestEpoch = 0;

  constructor(private readonly model: tf.LayersModel, private readonly options: EarlyStoppingOptions) {
    if (!Number.isInteger(options.patience) || options.patience < 1) {
      throw new RangeError(`earlyStopping.patience 必须是正整数，收到 ${options.patience}`);
    }
  }

  /** Records epoch `epoch` (1-based) and returns true when training should stop. */
  update(epoch: number, validationLoss: number | undefined): boolean {
    if (validationLoss === undefined) {
      throw new Error("提前停止（early stopping）需要验证集：请在 fitWithProgress 中传入 validationData");
    }
    if (validationLoss < this.best - (this.options.minDelta ?? 0)) {
      this.best = validationLoss;
      this.bestEpoch = epoch;
      this.waited = 0;
      if (this.options.restoreBestWeights ?? true) {
        tf.dispose(this.bestWeights);
        this.bestWeights = this.model.getWeights().map((weight) => weight.clone());
      }
      return false;
    }
    this.waited += 1;
    return this.waited >= this.options.patience;
  }

  /** Puts back the best weights (if kept) and frees the copy. Returns true if weights were restored. */
  finish(): boolean {
    if (!this.bestWeights) return false;
    this.model.setWeights(this.bestWeights);
    tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
    return true;
  }
}
