/**
 * Direct calls into TensorFlow's C library through tfjs-node's binding.
 * tfjs-node runs every kernel as one TensorFlow eager op. This module runs
 * ops that tfjs does not wrap (ReluGrad, BlockLSTMV2, GRUBlockCell,
 * ResourceApplyAdam, …) the same way, so the fast training loop does in
 * one op what the layers do in five to fifty. Ops run here are not
 * recorded on the gradient tape, so callers wrap them in tf.customGrad.
 */
import { tf } from "../../backend";

/** One attribute of a TensorFlow op, in the binding's format. */
export interface OpAttr {
  name: string;
  type: number;
  value: unknown;
}

interface TensorMetadata {
  id: number;
  shape: number[];
  dtype: number;
}

interface Binding {
  TF_FLOAT: number;
  TF_INT32: number;
  TF_INT64: number;
  TF_BOOL: number;
  TF_ATTR_TYPE: number;
  TF_ATTR_BOOL: number;
  TF_ATTR_INT: number;
  TF_ATTR_FLOAT: number;
  TF_ATTR_STRING: number;
  TF_ATTR_SHAPE: number;
  executeOp(name: string, attrs: OpAttr[], inputIds: number[], outputs: number): TensorMetadata[];
  createTensor(shape: number[], dtype: number, values: Int32Array | Float32Array): number;
  deleteTensor(id: number): void;
}

/** tfjs-node's record of a tensor's data: a TensorFlow handle id, or values not yet uploaded. */
interface TensorRecord {
  id: number;
  values: unknown;
  refCount: number;
}

// NOTE: these shapes are tfjs-node 4.22 internals (its binding, tensorMap
// and createOutputTensor), not public API; recheck them when upgrading.
interface NodeBackend {
  binding: Binding;
  tensorMap: { get(dataId: object): TensorRecord | undefined };
  getInputTensorIds(tensors: tf.Tensor[]): number[];
  createOutputTensor(metadata: TensorMetadata): tf.Tensor;
}

/** A TensorFlow tensor handle made outside tfjs (e.g. an int64 scalar); free it with `freeHandle`. */
export interface RawHandle {
  rawId: number;
}

/** An op input: a tfjs tensor or a raw handle. */
export type OpInput = tf.Tensor | RawHandle;

/** Returns true when the active backend is tfjs-node's TensorFlow backend. */
export function hasNativeBackend(): boolean {
  return tf.getBackend() === "tensorflow" && typeof (tf.backend() as unknown as Partial<NodeBackend>).binding?.executeOp === "function";
}

function nodeBackend(): NodeBackend {
  if (!hasNativeBackend()) {
    throw new Error(`快速训练的原生算子（native op）需要 tensorflow 后端（backend），当前是 ${tf.getBackend()}`);
  }
  return tf.backend() as unknown as NodeBackend;
}

function binding(): Binding {
  return nodeBackend().binding;
}

/**
 * Runs the TensorFlow op `name` on `inputs` and returns its `outputs`
 * results as tfjs tensors (tracked by tf.tidy like any other tensor).
 */
export function runOp(name: string, attrs: OpAttr[], inputs: OpInput[], outputs = 1): tf.Tensor[] {
  const backend = nodeBackend();
  const ids = inputs.map((input) => ("rawId" in input ? input.rawId : backend.getInputTensorIds([input])[0]));
  return backend.binding.executeOp(name, attrs, ids, outputs).map((metadata) => backend.createOutputTensor(metadata));
}

/** Runs a single-output op; see `runOp`. */
export function runOp1(name: string, attrs: OpAttr[], inputs: OpInput[]): tf.Tensor {
  return runOp(name, attrs, inputs, 1)[0];
}

/** Returns the `T = float32` attribute most ops need (`attrName` for ops that name it differently). */
export function floatType(attrName = "T"): OpAttr {
  return { name: attrName, type: binding().TF_ATTR_TYPE, value: binding().TF_FLOAT };
}

/** Returns a type attribute set to int32. */
export function intType(attrName: string): OpAttr {
  return { name: attrName, type: binding().TF_ATTR_TYPE, value: binding().TF_INT32 };
}

/** Returns a type attribute for a tfjs dtype. */
export function dtypeAttr(attrName: string, dtype: "float32" | "int32" | "bool"): OpAttr {
  const codes = { float32: binding().TF_FLOAT, int32: binding().TF_INT32, bool: binding().TF_BOOL };
  return { name: attrName, type: binding().TF_ATTR_TYPE, value: codes[dtype] };
}

/** Returns a boolean attribute. */
export function boolAttr(name: string, value: boolean): OpAttr {
  return { name, type: binding().TF_ATTR_BOOL, value };
}

/** Returns an integer or integer-list attribute. */
export function intAttr(name: string, value: number | number[]): OpAttr {
  return { name, type: binding().TF_ATTR_INT, value };
}

/** Returns a float attribute. */
export function floatAttr(name: string, value: number): OpAttr {
  return { name, type: binding().TF_ATTR_FLOAT, value };
}

/** Returns a string attribute. */
export function stringAttr(name: string, value: string): OpAttr {
  return { name, type: binding().TF_ATTR_STRING, value };
}

/** Returns a shape attribute. */
export function shapeAttr(name: string, value: number[]): OpAttr {
  return { name, type: binding().TF_ATTR_SHAPE, value };
}

/**
 * Creates an int64 scalar handle (BlockLSTMV2 takes its sequence length as
 * int64, which tfjs tensors cannot hold). Free it with `freeHandle`.
 */
export function int64Scalar(value: number): RawHandle {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new RangeError(`int64Scalar：value 必须是 0 到 2^31-1 之间的整数，收到 ${value}`);
  }
  // Little-endian int64 as two int32 words: low word, then high word 0.
  return { rawId: binding().createTensor([], binding().TF_INT64, Int32Array.from([value, 0])) };
}

/** Frees a handle made by `int64Scalar`. */
export function freeHandle(handle: RawHandle): void {
  binding().deleteTensor(handle.rawId);
}

/**
 * Runs `update`, which writes a new value into the resource variable that
 * `variable` mirrors, and points `variable` at that new value without
 * copying. `variable`'s own TensorFlow handle is released first, so the
 * variable's buffer has one owner and TensorFlow updates it in place
 * (with a second owner it would copy the buffer first). `read` returns the
 * raw id of the new value. Returns false, doing nothing, when `variable`
 * shares its data with other tensors or its data is not uploaded yet; the
 * caller then updates and assigns the usual way.
 */
export function updateInPlace(variable: tf.Variable, update: () => void, read: () => tf.Tensor): boolean {
  const backend = nodeBackend();
  const record = backend.tensorMap.get(variable.dataId);
  if (!record || record.refCount !== 1 || record.values != null || record.id < 0) return false;

  backend.binding.deleteTensor(record.id);
  record.id = -1;
  try {
    update();
  } finally {
    // Take over the new value's handle and drop its tfjs wrapper without
    // freeing the handle: the variable's record owns it from now on.
    const value = read();
    const valueRecord = backend.tensorMap.get(value.dataId)!;
    record.id = valueRecord.id;
    valueRecord.id = -1;
    value.dispose();
  }
  return true;
}

/**
 * Small constant tensors (reduction axes, zeros, scalars) reused across
 * batches, so they are uploaded once per training run. `dispose` frees them.
 */
export class ConstantCache {
  private readonly tensors = new Map<string, tf.Tensor>();

  /** Returns the tensor cached under `key`, making it with `make` the first time. */
  get(key: string, make: () => tf.Tensor): tf.Tensor {
    let value = this.tensors.get(key);
    if (!value) {
      // Often first asked for inside a batch's tf.tidy: keep it past that.
      value = tf.keep(make());
      this.tensors.set(key, value);
    }
    return value;
  }

  /** Returns an int32 tensor of reduction axes. */
  axes(axes: number[]): tf.Tensor {
    return this.get(`axes:${axes.join(",")}`, () => tf.tensor1d(axes, "int32"));
  }

  /** Returns a float32 tensor of zeros. */
  zeros(shape: number[]): tf.Tensor {
    return this.get(`zeros:${shape.join("x")}`, () => tf.zeros(shape));
  }

  /** Frees every cached tensor. */
  dispose(): void {
    this.tensors.forEach((value) => value.dispose());
    this.tensors.clear();
  }
}

/** Sums `x` over `axes` with TensorFlow's Sum op (axes from `cache`). */
export function sumOver(x: tf.Tensor, axes: number[], keepDims: boolean, cache: ConstantCache): tf.Tensor {
  return runOp1("Sum", [floatType(), intType("Tidx"), boolAttr("keep_dims", keepDims)], [x, cache.axes(axes)]);
}
