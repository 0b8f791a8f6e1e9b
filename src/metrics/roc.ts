/**
 * ROC curve (ROC 曲线) of a binary classifier and the area under it (AUC).
 * Sweeping a threshold from high to low over the scores, each threshold gives
 * one point: the false positive rate (假正率, FPR) on x and the true positive
 * rate (真正率, TPR) on y.
 */
import { checkBinaryLabels, checkFinite, checkNumberArray, checkPairedLengths, NumberArray } from "./inputs";

/** Points of a ROC curve; index i of each array belongs to the same point. */
export interface RocCurve {
  /** False positive rate FP / N at each threshold, non-decreasing from 0 to 1. */
  fpr: number[];
  /** True positive rate TP / P at each threshold, non-decreasing from 0 to 1. */
  tpr: number[];
  /** Threshold of each point: predict positive when score ≥ threshold; the first is Infinity. */
  thresholds: number[];
}

function countPositives(caller: string, labels: NumberArray): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];

  if (positives === 0 || positives === labels.length) {
    const only = positives === 0 ? "0（负类）" : "1（正类）";
    throw new RangeError(`${caller}：labels 全部是 ${only}，共 ${labels.length} 个；只有一个类别时 ROC 曲线和 AUC 没有定义。请在同时含有正类和负类的样本上计算，例如增大样本量或按类别分层抽样`);
  }
  return positives;
}

function checkRocInputs(caller: string, labels: unknown, scores: unknown): void {
  checkNumberArray(caller, "labels", labels);
  checkNumberArray(caller, "scores", scores);
  checkPairedLengths(caller, ["labels", "scores"], labels, scores);
  checkBinaryLabels(caller, "labels", labels);
  checkFinite(caller, "scores", scores);
}

/**
 * Returns the ROC curve of binary labels and real-valued scores (higher
 * score = more likely positive, e.g. a sigmoid output or a logit).
 *
 * The curve starts at (0, 0) with threshold Infinity (nothing predicted
 * positive) and ends at (1, 1) with the lowest score as threshold
 * (everything positive). Samples with equal scores cross the threshold
 * together, so tied scores give one point, not a staircase. Every distinct
 * score gives one point, and collinear points are kept.
 *
 * @param labels 0 (negative class) or 1 (positive class) per sample
 * @param scores one finite score per sample
 * @throws RangeError naming the value for a length mismatch, empty input,
 *   a label other than 0/1, a non-finite score, or labels of one class only
 */
export function rocCurve(labels: NumberArray, scores: NumberArray): RocCurve {
  checkRocInputs("rocCurve", labels, scores);
  const positives = countPositives("rocCurve", labels);
  const negatives = labels.length - positives;

  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [Infinity] };
  let truePositives = 0;
  let falsePositives = 0;

  // Walk from the highest score down. Emit a point only after the last
  // sample of a run of equal scores, so ties move TP and FP in one step.
  order.forEach((index, k) => {
    if (labels[index] === 1) truePositives++;
    else falsePositives++;

    const nextIndex = order[k + 1];
    if (nextIndex !== undefined && scores[nextIndex] === scores[index]) return;
    curve.fpr.push(falsePositives / negatives);
    curve.tpr.push(truePositives / positives);
    curve.thresholds.push(scores[index]);
  });
  return curve;
}

/**
 * Returns the area under a curve by the trapezoidal rule (梯形法则):
 * the sum over neighbouring points of (x[i] − x[i−1]) · (y[i] + y[i−1]) / 2.
 *
 * @param fpr x coordinates, non-decreasing (as `rocCurve` returns them)
 * @param tpr y coordinates, same length
 * @throws RangeError naming the value for a length mismatch, fewer than
 *   two points, a non-finite value or a decreasing x
 */
export function auc(fpr: NumberArray, tpr: NumberArray): number {
  checkNumberArray("auc", "fpr", fpr);
  checkNumberArray("auc", "tpr", tpr);
  checkPairedLengths("auc", ["fpr", "tpr"], fpr, tpr);
  if (fpr.length < 2) {
    throw new RangeError(`auc：至少需要 2 个点，收到 ${fpr.length} 个`);
  }
  checkFinite("auc", "fpr", fpr);
  checkFinite("auc", "tpr", tpr);

  let area = 0;
  for (let i = 1; i < fpr.length; i++) {
    if (fpr[i] < fpr[i - 1]) {
      throw new RangeError(`auc：fpr 必须单调不减，fpr[${i}] = ${fpr[i]} 小于 fpr[${i - 1}] = ${fpr[i - 1]}；请先按 fpr 从小到大排序`);
    }
    area += ((fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1])) / 2;
  }
  return area;
}

/**
 * Returns the ROC AUC of binary labels and scores: 1 for a perfect ranking,
 * 0.5 for a random or constant one, 0 for an inverted one. It equals the
 * probability that a random positive scores higher than a random negative,
 * ties counting one half.
 *
 * @param labels 0 or 1 per sample
 * @param scores one finite score per sample
 * @throws RangeError as `rocCurve` does
 */
export function rocAuc(labels: NumberArray, scores: NumberArray): number {
  const curve = rocCurve(labels, scores);
  return auc(curve.fpr, curve.tpr);
}
