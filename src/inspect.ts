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

/**
 * Returns, for the first `count` units of the first dense layer, how far
 * training moved each incoming weight: trained minus initial. Random
 * initial values hide what was learned (inputs that are always 0, such as
 * MNIST's border pixels, get no gradient and keep them), so the change
 * shows the learned structure. `initial` is the same model untrained,
 * e.g. rebuilt with the same seed.
 */
export function denseKernelChangeImages(trained: tf.LayersModel, initial: tf.LayersModel, count: number): Float32Array[] {
  const after = denseKernelImages(trained, count);
  const before = denseKernelImages(initial, count);
  if (after[0].length !== before[0].length) {
    throw new RangeError(`denseKernelChangeImages：两个模型第一层的输入数不同（${after[0].length} 与 ${before[0].length}），initial 必须是同一结构的未训练模型`);
  }
  return after.map((image, unit) => image.map((value, pixel) => value - before[unit][pixel]));
}
