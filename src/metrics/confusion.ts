/**
 * Confusion matrix (混淆矩阵): how often each true class was predicted as
 * each class. Plain arrays in, plain arrays out, no tensors.
 *
 * tfjs-vis 1.5.1 has a `confusionMatrix` in dist/util/math, but it takes
 * tensors, is asynchronous and leaks the two int32 casts it makes. It also
 * accepts invalid predictions without an error: a fractional id is
 * truncated, a too-large one adds NaN cells, and -1 lands under a "-1" key. Counting here is
 * shorter than guarding it, so the unit tests use it only as a cross-check.
 */
import { checkClassPairs, NumberArray } from "./inputs";

/**
 * Returns the `numClasses` × `numClasses` confusion matrix of integer class
 * ids: `matrix[t][p]` counts samples whose true class (row) is `t` and whose
 * predicted class (column) is `p`. Row sums are the true counts (support) of
 * each class, column sums the predicted counts, the diagonal the correct
 * predictions.
 *
 * @param labels true class ids in [0, numClasses), e.g. `data.test.labels`
 * @param predictions predicted class ids, same length, e.g.
 *   `model.predict(x).argMax(-1).dataSync()`
 * @param numClasses number of classes (10 for MNIST)
 * @throws RangeError/TypeError naming the argument and the bad value for a
 *   length mismatch, empty input, a non-integer or out-of-range id
 */
export function confusionMatrix(labels: NumberArray, predictions: NumberArray, numClasses: number): number[][] {
  checkClassPairs("confusionMatrix", labels, predictions, numClasses);

  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < labels.length; i++) {
    matrix[labels[i]][predictions[i]] += 1;
  }
  return matrix;
}
