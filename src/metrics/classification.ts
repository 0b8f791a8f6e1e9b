/**
 * Classification report: precision (精确率), recall (召回率), F1 score and
 * support (支持数) per class, with their macro (宏平均) and weighted
 * (加权平均) averages, all read off the confusion matrix.
 */
import { confusionMatrix } from "./confusion";
import { NumberArray } from "./inputs";

/** Scores of one class, or an average over classes. */
export interface ClassScores {
  /** TP / (TP + FP): of the samples predicted as this class, the share that are. */
  precision: number;
  /** TP / (TP + FN): of the samples of this class, the share found. */
  recall: number;
  /** 2 · precision · recall / (precision + recall), the harmonic mean. */
  f1: number;
  /** Number of samples whose true class is this class (for averages: all samples). */
  support: number;
}

/** Result of `classificationReport`. */
export interface ClassificationReport {
  /** Scores of class `c` at index `c`, for every class 0..numClasses-1. */
  perClass: ClassScores[];
  /** Unweighted mean over the classes in `macroClasses`. */
  macro: ClassScores;
  /** Mean over all classes weighted by support. */
  weighted: ClassScores;
  /** Class ids the macro average runs over: those seen in labels or predictions. */
  macroClasses: number[];
  /** Fraction of correct predictions. */
  accuracy: number;
  /** The confusion matrix the scores come from (rows true, columns predicted). */
  confusion: number[][];
}

/** Returns a / b, or 0 when b is 0 (the zero-division convention of this module). */
function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function scoresOfClass(matrix: number[][], c: number): ClassScores {
  const truePositives = matrix[c][c];
  const support = matrix[c].reduce((sum, count) => sum + count, 0);
  const predicted = matrix.reduce((sum, row) => sum + row[c], 0);

  const precision = ratio(truePositives, predicted);
  const recall = ratio(truePositives, support);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { precision, recall, f1, support };
}

function wasSeen(matrix: number[][], c: number): boolean {
  return matrix[c].some((count) => count > 0) || matrix.some((row) => row[c] > 0);
}

function macroAverage(perClass: ClassScores[], classes: number[], total: number): ClassScores {
  const mean = (key: "precision" | "recall" | "f1") => classes.reduce((sum, c) => sum + perClass[c][key], 0) / classes.length;
  return { precision: mean("precision"), recall: mean("recall"), f1: mean("f1"), support: total };
}

function weightedAverage(perClass: ClassScores[], total: number): ClassScores {
  const mean = (key: "precision" | "recall" | "f1") => perClass.reduce((sum, scores) => sum + scores.support * scores[key], 0) / total;
  return { precision: mean("precision"), recall: mean("recall"), f1: mean("f1"), support: total };
}

/**
 * Returns precision, recall, F1 and support for each class, their macro and
 * weighted averages, the accuracy and the confusion matrix.
 *
 * Conventions for 0/0 (the same as scikit-learn with `zero_division=0`):
 * - a class never predicted (TP + FP = 0) has precision 0;
 * - a class with no true samples (TP + FN = 0) has recall 0 and support 0;
 * - when precision + recall = 0, F1 is 0.
 *
 * Averages:
 * - macro = plain mean over `macroClasses`, the classes that occur in
 *   `labels` or in `predictions` (scikit-learn's default set). A class that
 *   occurs in neither carries no information and would only pull the mean
 *   down, so it is left out. A class that was predicted but has no true
 *   samples stays in, with recall 0, because all its predictions were wrong.
 *   Macro F1 is the mean of per-class F1, not the F1 of macro precision and
 *   macro recall.
 * - weighted = mean over all classes weighted by support, so classes with
 *   no true samples weigh 0; weighted recall always equals the accuracy.
 * - When all labels are one class, macro and weighted agree unless other
 *   classes were predicted (each such class adds a 0 to the macro mean).
 *
 * @param labels true class ids in [0, numClasses)
 * @param predictions predicted class ids, same length
 * @param numClasses number of classes (10 for MNIST)
 * @throws RangeError/TypeError as `confusionMatrix` does for bad input
 */
export function classificationReport(labels: NumberArray, predictions: NumberArray, numClasses: number): ClassificationReport {
  const confusion = confusionMatrix(labels, predictions, numClasses);
  const total = labels.length;

  const classIds = Array.from({ length: numClasses }, (_, c) => c);
  const perClass = classIds.map((c) => scoresOfClass(confusion, c));
  const macroClasses = classIds.filter((c) => wasSeen(confusion, c));

  const correct = classIds.reduce((sum, c) => sum + confusion[c][c], 0);
  return {
    perClass,
    macro: macroAverage(perClass, macroClasses, total),
    weighted: weightedAverage(perClass, total),
    macroClasses,
    accuracy: correct / total,
    confusion,
  };
}
