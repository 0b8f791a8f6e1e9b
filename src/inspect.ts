/** Looking inside trained models: weights rendered as images. */
import { tf } from "./backend";

/**
 * Returns the incoming weights of the first `count` units of the model's
 * first dense layer, one Float32Array per unit. For a flattened 28×28 input
 * each array is that unit's 28×28 "template".
 */
export function denseKernelImages(model: tf.LayersModel, count: number): Float32Array[] {
  const dense = model.layers.find((layer) => layer.getClassName() === "Dense");
  if (!dense) {
    throw new Error(`denseKernelImages：模型 ${model.name} 中没有全连接层（Dense）`);
  }
  const kernel = dense.getWeights()[0];
  const [inputs, units] = kernel.shape;
  if (!Number.isInteger(count) || count < 1 || count > units) {
    throw new RangeError(`denseKernelImages：count 必须是 1 到 ${units} 之间的整数，收到 ${count}`);
  }

  const values = kernel.dataSync();
  return Array.from({ length: count }, (_, unit) => {
    const image = new Float32Array(inputs);
    for (let i = 0; i < inputs; i++) image[i] = values[i * units + unit];
    return image;
  });
}
