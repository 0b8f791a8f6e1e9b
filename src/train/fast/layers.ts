/**
 * Fused forward and backward passes for the layers the notebooks use.
 * A tfjs layer records every small op on the gradient tape and replays
 * its gradient op by op, so an LSTM over 50 steps costs about 5,000 ops
 * per batch. Here each layer is one tf.customGrad node whose forward and
 * backward are a few TensorFlow ops: MatMul + BiasAdd + Relu for Dense,
 * ReluGrad in place of tfjs's five-op step function, BlockLSTMV2 and
 * BlockLSTMGradV2 for a whole LSTM sequence, GRUBlockCell per GRU step.
 *
 * Dense, Conv2D, MaxPooling2D and Flatten give the same bits as tfjs.
 * The recurrent ops add x·W and h·U in one matrix product, so LSTM and
 * GRU results match tfjs to float32 rounding only. Layers and settings
 * not handled here (dropout, batch normalisation, masking, hard-sigmoid
 * gates, …) run through the layer's own `apply`, recorded on the tape.
 */
import { tf } from "../../backend";
import { boolAttr, ConstantCache, floatAttr, floatType, freeHandle, hasNativeBackend, int64Scalar, intAttr, RawHandle, runOp, runOp1, stringAttr, sumOver } from "./native";

/** Runs a model's layers on a batch. */
export interface ForwardPlan {
  /** Returns the model output for `x`; `training` switches dropout and similar layers. */
  run(x: tf.Tensor, training: boolean): tf.Tensor;
  /** Class names of the layers that run fused (e.g. ["Dense", "LSTM"]). */
  readonly fusedLayers: string[];
  /** Frees cached constants (zero states, int64 handles). */
  dispose(): void;
}

type Step = (input: tf.Tensor, training: boolean) => tf.Tensor;

/** The fields of tfjs layers that the fused steps read. */
interface LayerFields {
  name: string;
  getClassName(): string;
  apply(input: tf.Tensor, kwargs: { training: boolean }): tf.Tensor | tf.Tensor[];
  trainableWeights: unknown[];
  activityRegularizer?: unknown;
  activation?: { getClassName(): string };
  kernel?: { read(): tf.Tensor };
  recurrentKernel?: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  useBias?: boolean;
  strides?: number[];
  padding?: string;
  dataFormat?: string;
  dilationRate?: number[];
  rank?: number;
  poolSize?: number[];
  cell?: LayerFields & { units: number; dropout: number; recurrentDropout: number; recurrentActivation: { getClassName(): string } };
  returnSequences?: boolean;
  returnState?: boolean;
  goBackwards?: boolean;
  stateful?: boolean;
  maskZero?: boolean;
  resetAfter?: boolean;
}

type SaveFunc = (tensors: tf.Tensor[]) => void;

/** Gradients of a fused layer: the input's (computed only when asked) and one per weight. */
interface LayerGrads {
  input?: () => tf.Tensor;
  weights: tf.Tensor[];
}

type LayerForward = (x: tf.Tensor, weights: tf.Tensor[], save: SaveFunc) => { value: tf.Tensor; backward: (dy: tf.Tensor, saved: tf.Tensor[]) => LayerGrads };

/**
 * Wraps a layer's forward and backward as one gradient-tape node. When the
 * layer input needs no gradient (the first layer with weights), the input
 * is not a node input, so its gradient, often the costliest product of the
 * backward pass, is never computed.
 */
function fusedLayer(inputNeedsGrad: boolean, forward: LayerForward): (x: tf.Tensor, weights: tf.Tensor[]) => tf.Tensor {
  let currentInput: tf.Tensor | undefined;
  const node = tf.customGrad(((...args: unknown[]) => {
    const save = args.pop() as SaveFunc;
    const inputs = args as tf.Tensor[];
    const x = inputNeedsGrad ? inputs[0] : (currentInput as tf.Tensor);
    const { value, backward } = forward(x, inputNeedsGrad ? inputs.slice(1) : inputs, save);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const grads = backward(dy, saved);
        return inputNeedsGrad ? [grads.input!(), ...grads.weights] : grads.weights;
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  return (x, weights) => {
    if (!inputNeedsGrad && weights.length === 0) {
      // Nothing here needs a gradient: run the forward off the tape.
      return forward(x, weights, () => undefined).value;
    }
    currentInput = x;
    try {
      return inputNeedsGrad ? node(x, ...weights) : node(...weights);
    } finally {
      currentInput = undefined;
    }
  };
}

function readWeights(layer: LayerFields): tf.Tensor[] {
  const owner = layer.cell ?? layer;
  const weights = [owner.kernel!.read()];
  if (owner.recurrentKernel) weights.push(owner.recurrentKernel.read());
  if (owner.bias) weights.push(owner.bias.read());
  return weights;
}

const matMul = (a: tf.Tensor, b: tf.Tensor, adjA = false, adjB = false) =>
  runOp1("BatchMatMulV2", [floatType(), boolAttr("adj_x", adjA), boolAttr("adj_y", adjB)], [a, b]);
const biasAdd = (x: tf.Tensor, bias: tf.Tensor) => runOp1("BiasAdd", [floatType(), stringAttr("data_format", "NHWC")], [x, bias]);

/** Activations with a one-op forward and a short exact backward. */
const ACTIVATIONS: Record<string, { forward: (z: tf.Tensor) => tf.Tensor; backward: (dy: tf.Tensor, y: tf.Tensor, constants: ConstantCache) => tf.Tensor }> = {
  linear: { forward: (z) => z, backward: (dy) => dy },
  relu: {
    forward: (z) => runOp1("Relu", [floatType()], [z]),
    // y > 0 exactly where the pre-activation is > 0, so y serves as "features".
    backward: (dy, y) => runOp1("ReluGrad", [floatType()], [dy, y]),
  },
  sigmoid: { forward: (z) => runOp1("Sigmoid", [floatType()], [z]), backward: (dy, y) => runOp1("SigmoidGrad", [floatType()], [y, dy]) },
  tanh: { forward: (z) => runOp1("Tanh", [floatType()], [z]), backward: (dy, y) => runOp1("TanhGrad", [floatType()], [y, dy]) },
  softmax: {
    forward: (z) => runOp1("Softmax", [floatType()], [z]),
    // tfjs's softmax gradient, op for op: dy·y − sum(dy·y)·y.
    backward: (dy, y, constants) => {
      const dyTimesY = runOp1("Mul", [floatType()], [dy, y]);
      const total = sumOver(dyTimesY, [y.rank - 1], true, constants);
      return runOp1("Sub", [floatType()], [dyTimesY, runOp1("Mul", [floatType()], [total, y])]);
    },
  },
};

function activationOf(layer: LayerFields): string | undefined {
  const name = layer.activation?.getClassName();
  return name !== undefined && name in ACTIVATIONS ? name : undefined;
}

/** Dense on rank-2 input: MatMul + BiasAdd + activation; backward with ReluGrad and two MatMuls. */
function denseStep(layer: LayerFields, inputNeedsGrad: boolean, constants: ConstantCache): Step | undefined {
  const activationName = activationOf(layer);
  if (!activationName || layer.activityRegularizer || !layer.kernel) return undefined;
  const activation = ACTIVATIONS[activationName];

  const run = fusedLayer(inputNeedsGrad, (x, [kernel, bias], save) => {
    const z = matMul(x, kernel);
    const y = activation.forward(bias ? biasAdd(z, bias) : z);
    save([x, kernel, y]);
    return {
      value: y,
      backward: (dy, [savedX, savedKernel, savedY]) => {
        const dz = activation.backward(dy, savedY, constants);
        const weights = [matMul(savedX, dz, true, false)];
        if (bias) weights.push(sumOver(dz, [0], false, constants));
        return { input: () => matMul(dz, savedKernel, false, true), weights };
      },
    };
  });

  return (input, training) => (input.rank === 2 ? run(input, readWeights(layer)) : (layer.apply(input, { training }) as tf.Tensor));
}

function convAttrs(layer: LayerFields) {
  const [strideH, strideW] = layer.strides!;
  return [
    floatType(),
    intAttr("strides", [1, strideH, strideW, 1]),
    stringAttr("padding", layer.padding === "same" ? "SAME" : "VALID"),
    stringAttr("data_format", "NHWC"),
    boolAttr("use_cudnn_on_gpu", true),
    intAttr("dilations", [1, 1, 1, 1]),
  ];
}

/** Conv2D (channels last, no dilation): Conv2D + BiasAdd + activation; backward with the two backprop ops. */
function conv2dStep(layer: LayerFields, inputNeedsGrad: boolean, constants: ConstantCache): Step | undefined {
  const activationName = activationOf(layer);
  const plain = layer.rank === 2 && layer.dataFormat === "channelsLast" && layer.dilationRate!.every((rate) => rate === 1);
  if (!activationName || activationName === "softmax" || !plain || layer.activityRegularizer || !layer.kernel) return undefined;
  const activation = ACTIVATIONS[activationName];
  const attrs = convAttrs(layer);

  const run = fusedLayer(inputNeedsGrad, (x, [kernel, bias], save) => {
    const z = runOp1("Conv2D", attrs, [x, kernel]);
    const y = activation.forward(bias ? biasAdd(z, bias) : z);
    save([x, kernel, y]);
    return {
      value: y,
      backward: (dy, [savedX, savedKernel, savedY]) => {
        const dz = activation.backward(dy, savedY, constants);
        const filterSizes = constants.get(`sizes:${savedKernel.shape}`, () => tf.tensor1d(savedKernel.shape, "int32"));
        const weights = [runOp1("Conv2DBackpropFilter", attrs, [savedX, filterSizes, dz])];
        if (bias) weights.push(sumOver(dz, [0, 1, 2], false, constants));
        const inputSizes = () => constants.get(`sizes:${savedX.shape}`, () => tf.tensor1d(savedX.shape, "int32"));
        return { input: () => runOp1("Conv2DBackpropInput", attrs, [inputSizes(), savedKernel, dz]), weights };
      },
    };
  });

  return (input) => run(input, readWeights(layer));
}

/** MaxPooling2D (channels last): MaxPool forward, MaxPoolGrad backward. */
function maxPoolStep(layer: LayerFields, inputNeedsGrad: boolean): Step | undefined {
  if (layer.dataFormat !== "channelsLast") return undefined;
  const [poolH, poolW] = layer.poolSize!;
  const [strideH, strideW] = layer.strides!;
  const padding = layer.padding === "same" ? "SAME" : "VALID";
  const attrs = [floatType(), intAttr("ksize", [1, poolH, poolW, 1]), intAttr("strides", [1, strideH, strideW, 1]), stringAttr("padding", padding), stringAttr("data_format", "NHWC")];

  const run = fusedLayer(inputNeedsGrad, (x, _weights, save) => {
    const y = runOp1("MaxPool", attrs, [x]);
    save([x, y]);
    return { value: y, backward: (dy, [savedX, savedY]) => ({ input: () => runOp1("MaxPoolGrad", attrs, [savedX, savedY, dy]), weights: [] }) };
  });
  return (input) => run(input, []);
}

/** Flatten (channels last): one reshape on the tape. */
function flattenStep(layer: LayerFields): Step | undefined {
  if (layer.dataFormat !== undefined && layer.dataFormat !== "channelsLast") return undefined;
  return (input) => tf.reshape(input, [input.shape[0], -1]);
}

/** Checks the recurrent-layer settings the fused ops support. */
function plainRecurrent(layer: LayerFields): boolean {
  const cell = layer.cell;
  if (!cell) return false;
  return (
    !layer.returnState &&
    !layer.goBackwards &&
    !layer.stateful &&
    !layer.activityRegularizer &&
    cell.dropout === 0 &&
    cell.recurrentDropout === 0 &&
    cell.activation?.getClassName() === "tanh" &&
    cell.recurrentActivation.getClassName() === "sigmoid"
  );
}

/** Constants the fused layers reuse across batches: cached tensors and int64 sequence lengths. */
class PlanConstants extends ConstantCache {
  private readonly lengths = new Map<number, RawHandle>();

  zerosOf(shape: number[]): tf.Tensor {
    return this.zeros(shape);
  }

  length(steps: number): RawHandle {
    let handle = this.lengths.get(steps);
    if (!handle) {
      handle = int64Scalar(steps);
      this.lengths.set(steps, handle);
    }
    return handle;
  }

  dispose(): void {
    super.dispose();
    this.lengths.forEach((handle) => freeHandle(handle));
    this.lengths.clear();
  }
}

/** Turns a [T, B, U] stack of gradients for the last output (or all outputs) into BlockLSTM's h_grad. */
function outputGradient(dy: tf.Tensor, returnSequences: boolean, steps: number, constants: PlanConstants): tf.Tensor {
  if (returnSequences) return tf.transpose(dy, [1, 0, 2]);
  const [batch, units] = dy.shape;
  if (steps === 1) return tf.expandDims(dy, 0);
  return tf.concat([constants.zerosOf([steps - 1, batch, units]), tf.expandDims(dy, 0)], 0);
}

/**
 * LSTM through BlockLSTMV2 (the whole sequence in one op, gates in
 * Keras's i, f, c, o order) and BlockLSTMGradV2.
 */
function lstmStep(layer: LayerFields, inputNeedsGrad: boolean, constants: PlanConstants): Step | undefined {
  const cell = layer.cell;
  if (!cell || !plainRecurrent(layer) || !cell.kernel || !cell.recurrentKernel) return undefined;
  const units = cell.units;
  const returnSequences = Boolean(layer.returnSequences);
  const hasBias = Boolean(cell.bias);

  const run = fusedLayer(inputNeedsGrad, (x, [kernel, recurrentKernel, bias], save) => {
    const [batch, steps, features] = x.shape;
    const xt = tf.transpose(x, [1, 0, 2]);
    const w = tf.concat([kernel, recurrentKernel], 0);
    const b = bias ?? constants.zerosOf([4 * units]);
    const state = constants.zerosOf([batch, units]);
    const peephole = constants.zerosOf([units]);
    // cell_clip <= 0 turns clipping off.
    const gates = runOp(
      "BlockLSTMV2",
      [floatType(), floatAttr("cell_clip", 0), boolAttr("use_peephole", false)],
      [constants.length(steps), xt, state, state, w, peephole, peephole, peephole, b],
      7,
    );
    const h = gates[6];
    const value = returnSequences ? tf.transpose(h, [1, 0, 2]) : tf.reshape(tf.slice(h, [steps - 1, 0, 0], [1, batch, units]), [batch, units]);
    save([xt, w, b, ...gates]);

    return {
      value,
      backward: (dy, [savedX, savedW, savedB, ...savedGates]) => {
        const hGrad = outputGradient(dy, returnSequences, steps, constants);
        const csGrad = constants.zerosOf([steps, batch, units]);
        const [xGrad, , , wGrad, , , , bGrad] = runOp(
          "BlockLSTMGradV2",
          [floatType(), boolAttr("use_peephole", false)],
          [constants.length(steps), savedX, state, state, savedW, peephole, peephole, peephole, savedB, ...savedGates, csGrad, hGrad],
          8,
        );
        const weights = tf.split(wGrad, [features, units], 0);
        if (hasBias) weights.push(bGrad);
        return { input: () => tf.transpose(xGrad, [1, 0, 2]), weights };
      },
    };
  });

  return (input) => run(input, readWeights(layer));
}

/**
 * GRU (reset gate before the matrix product, as tfjs's GRU) through
 * GRUBlockCell per step and GRUBlockCellGrad per step backwards; weight
 * gradients are summed over time with one matrix product each.
 */
function gruStep(layer: LayerFields, inputNeedsGrad: boolean, constants: PlanConstants): Step | undefined {
  const cell = layer.cell;
  if (!cell || !plainRecurrent(layer) || !cell.kernel || !cell.recurrentKernel || layer.resetAfter) return undefined;
  const units = cell.units;
  const returnSequences = Boolean(layer.returnSequences);
  const attrs = [floatType()];

  const run = fusedLayer(inputNeedsGrad, (x, [kernel, recurrentKernel, bias], save) => {
    const [batch, steps, features] = x.shape;

    // tfjs keeps gates as columns [z | r | h] of kernel and recurrentKernel;
    // GRUBlockCell wants w_ru = [x, h]·[r | u] (u = z) and w_c = [x, r∘h]·h.
    const stacked = tf.concat([kernel, recurrentKernel], 0);
    const [wz, wr, wh] = tf.split(stacked, 3, 1);
    const wRu = tf.concat([wr, wz], 1);
    const [bz, br, bh] = bias ? tf.split(bias, 3, 0) : [constants.zerosOf([units]), constants.zerosOf([units]), constants.zerosOf([units])];
    const bRu = tf.concat([br, bz], 0);

    const inputs = tf.unstack(tf.transpose(x, [1, 0, 2]));
    let h = constants.zerosOf([batch, units]);
    const previous: tf.Tensor[] = [];
    const resets: tf.Tensor[] = [];
    const updates: tf.Tensor[] = [];
    const candidates: tf.Tensor[] = [];
    const outputs: tf.Tensor[] = [];
    for (let t = 0; t < steps; t++) {
      previous.push(h);
      const [r, u, c, next] = runOp("GRUBlockCell", attrs, [inputs[t], h, wRu, wh, bRu, bh], 4);
      resets.push(r);
      updates.push(u);
      candidates.push(c);
      outputs.push(next);
      h = next;
    }
    const value = returnSequences ? tf.stack(outputs, 1) : h;
    save([wRu, wh, bRu, bh, ...inputs, ...previous, ...resets, ...updates, ...candidates]);

    return {
      value,
      backward: (dy, saved) => {
        const [sWRu, sWh, sBRu, sBh] = saved;
        const part = (index: number) => saved.slice(4 + index * steps, 4 + (index + 1) * steps);
        const [sInputs, sPrevious, sResets, sUpdates, sCandidates] = [0, 1, 2, 3, 4].map(part);
        const perStepDy = returnSequences ? tf.unstack(dy, 1) : undefined;

        const dxs: tf.Tensor[] = new Array(steps);
        const dRu: tf.Tensor[] = new Array(steps);
        const dC: tf.Tensor[] = new Array(steps);
        let dh = perStepDy ? perStepDy[steps - 1] : dy;
        for (let t = steps - 1; t >= 0; t--) {
          const [dx, dhPrev, dcBar, druBar] = runOp("GRUBlockCellGrad", attrs, [sInputs[t], sPrevious[t], sWRu, sWh, sBRu, sBh, sResets[t], sUpdates[t], sCandidates[t], dh], 4);
          dxs[t] = dx;
          dRu[t] = druBar;
          dC[t] = dcBar;
          dh = perStepDy && t > 0 ? tf.add(dhPrev, perStepDy[t - 1]) : dhPrev;
        }

        // Weight gradients over all steps at once: [x, h_prev]ᵀ·dRU and [x, r∘h_prev]ᵀ·dC.
        const xs = tf.stack(sInputs);
        const hs = tf.stack(sPrevious);
        const rows = steps * batch;
        const xh = tf.reshape(tf.concat([xs, hs], 2), [rows, features + units]);
        const xrh = tf.reshape(tf.concat([xs, tf.mul(hs, tf.stack(sResets))], 2), [rows, features + units]);
        const dRuAll = tf.reshape(tf.stack(dRu), [rows, 2 * units]);
        const dCAll = tf.reshape(tf.stack(dC), [rows, units]);
        const [dWr, dWz] = tf.split(matMul(xh, dRuAll, true, false), 2, 1);
        const dWh = matMul(xrh, dCAll, true, false);
        const [kernelGrad, recurrentGrad] = tf.split(tf.concat([dWz, dWr, dWh], 1), [features, units], 0);
        const weightGrads = [kernelGrad, recurrentGrad];
        if (bias) {
          const [dBr, dBz] = tf.split(tf.sum(dRuAll, 0), 2, 0);
          weightGrads.push(tf.concat([dBz, dBr, tf.sum(dCAll, 0)], 0));
        }
        return { input: () => tf.stack(dxs, 1), weights: weightGrads };
      },
    };
  });

  return (input) => run(input, readWeights(layer));
}

/** Falls back to the layer's own call (recorded op by op on the tape). */
function genericStep(layer: LayerFields): Step {
  return (input, training) => layer.apply(input, { training }) as tf.Tensor;
}

interface ModelInternals {
  layers: LayerFields[];
}

/** Returns the layers of a Sequential model in order, or undefined for other models. */
function sequentialLayers(model: tf.LayersModel): LayerFields[] | undefined {
  if (!(model instanceof tf.Sequential)) return undefined;
  const inner = (model as unknown as { model: ModelInternals }).model;
  const layers = inner.layers.filter((layer) => layer.getClassName() !== "InputLayer");
  // Masks travel between layers only through the model's own execution, so
  // a model with masking (Embedding maskZero, a Masking layer) runs as a whole.
  const masked = layers.some((layer) => layer.maskZero === true || layer.getClassName() === "Masking");
  return masked ? undefined : layers;
}

function fusedStep(layer: LayerFields, inputNeedsGrad: boolean, constants: PlanConstants): Step | undefined {
  switch (layer.getClassName()) {
    case "Dense":
      return denseStep(layer, inputNeedsGrad, constants);
    case "Conv2D":
      return conv2dStep(layer, inputNeedsGrad, constants);
    case "MaxPooling2D":
      return maxPoolStep(layer, inputNeedsGrad);
    case "Flatten":
      return flattenStep(layer);
    case "LSTM":
      return lstmStep(layer, inputNeedsGrad, constants);
    case "GRU":
      return gruStep(layer, inputNeedsGrad, constants);
    default:
      return undefined;
  }
}

/**
 * Plans the forward pass of `model`: with `fused` (default) on the
 * tensorflow backend each layer of a Sequential model runs fused where it
 * can, and through its own `apply` otherwise; other models and backends
 * run `model.apply`.
 */
export function planForward(model: tf.LayersModel, fused = true): ForwardPlan {
  const layers = fused && hasNativeBackend() ? sequentialLayers(model) : undefined;
  if (!layers) {
    return { run: (x, training) => model.apply(x, { training }) as tf.Tensor, fusedLayers: [], dispose: () => undefined };
  }

  const constants = new PlanConstants();
  const fusedLayers: string[] = [];
  let inputNeedsGrad = false;
  const steps = layers.map((layer) => {
    const fused = fusedStep(layer, inputNeedsGrad, constants);
    if (fused) fusedLayers.push(layer.getClassName());
    if (layer.trainableWeights.length > 0) inputNeedsGrad = true;
    return fused ?? genericStep(layer);
  });

  return {
    run: (x, training) => steps.reduce((value, step) => step(value, training), x),
    fusedLayers,
    dispose: () => constants.dispose(),
  };
}
