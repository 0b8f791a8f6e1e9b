/** Classification accuracy of a model on labelled data. */
import { tf } from "../backend";

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
