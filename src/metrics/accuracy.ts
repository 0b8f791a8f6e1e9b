/** Classification accuracy (准确率): of plain label arrays, and of a model on labelled data. */
import { tf } from "../backend";
import { checkClassPairs, NumberArray } from "./inputs";

/**
 * Returns the fraction of positions where `predictions` equals `labels`
 * (integer class ids), a number in [0, 1].
 *
 * @param labels true class ids (non-negative integers)
 * @param predictions predicted class ids, same length
 * @throws RangeError/TypeError naming the argument and the value for a
 *   length mismatch, empty input or an id that is not a non-negative integer
 */
export function accuracy(labels: NumberArray, predictions: NumberArray): number {
  checkClassPairs("accuracy", labels, predictions);

  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predictions[i] === labels[i]) correct++;
  }
  return correct / labels.length;
}

/**
 * Returns the fraction of rows of `x` whose arg-max prediction equals
 * `labels` (integer class ids), computed in batches of `batchSize`.
 */
export function modelAccuracy(model: tf.LayersModel, x: tf.Tensor, labels: Int32Array, batchSize = 1024): number {
  if (x.shape[0] !== labels.length) {
    throw new RangeError(`modelAccuracy：x 有 ${x.shape[0]} 行，labels 有 ${labels.length} 个，两者必须相等`);
  }
  if (labels.length === 0) {
    throw new RangeError("modelAccuracy：labels 为空，无法计算准确率");
  }
  const predicted = tf.tidy(() => (model.predict(x, { batchSize }) as tf.Tensor).argMax(-1).dataSync());
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] === labels[i]) correct++;
  }
  return correct / labels.length;
}
