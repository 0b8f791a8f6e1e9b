/**
 * Fused optimizer updates for the fast training loop. tfjs's Adam updates
 * a weight with about fourteen element-wise ops, each one pass over the
 * weight, while TensorFlow's ResourceApplyAdam does it in one pass.
 * During training the weights and the optimizer's slots (Adam's m and v,
 * momentum accumulators) live in TensorFlow resource variables. `finish`
 * writes the slots back into the tfjs optimizer, so a later `model.fit`
 * continues where the fast loop stopped.
 *
 * Plain SGD and momentum give the same bits as tfjs. Adam passes
 * ε·√(1−β₂ᵗ) as TensorFlow's ε: the same update written differently, so
 * it differs from tfjs by float32 rounding only.
 */
import { tf } from "../../backend";
import { boolAttr, floatType, hasNativeBackend, runOp, runOp1, shapeAttr, stringAttr, updateInPlace } from "./native";

/** Applies gradients to the model's variables, one call per batch. */
export interface WeightUpdater {
  /** Updates each variable named in `grads` (keys are tfjs variable names). */
  apply(grads: tf.NamedTensorMap): void;
  /** Writes the optimizer state back into the tfjs optimizer and frees native state. */
  finish(): void;
}

/** A slot of a tfjs optimizer: `{ originalName, variable }`. */
interface OptimizerSlot {
  originalName: string;
  variable: tf.Variable;
}

type Slots = (OptimizerSlot | undefined)[];

interface TfjsOptimizerFields {
  learningRate: number;
  iterations_: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Slots;
  accumulatedSecondMoment: Slots;
  momentum: number;
  useNesterov: boolean;
  accumulations: Slots;
  decay: number;
  centered: boolean;
  accumulatedMeanSquares: Slots;
  accumulatedMoments: Slots;
}

let resourceCounter = 0;

/** A TensorFlow resource variable (a weight or slot that ops update in place). */
class ResourceVariable {
  private constructor(readonly handle: tf.Tensor) {}

  /** Creates a resource variable holding a copy of `value`. */
  static from(value: tf.Tensor): ResourceVariable {
    resourceCounter += 1;
    const handle = runOp1(
      "VarHandleOp",
      [stringAttr("container", ""), stringAttr("shared_name", `dl30_fast_${process.pid}_${resourceCounter}`), floatType("dtype"), shapeAttr("shape", value.shape)],
      [],
    );
    runOp("AssignVariableOp", [floatType("dtype")], [handle, value], 0);
    // Created lazily inside the batch's tf.tidy: keep the handle past it.
    return new ResourceVariable(tf.keep(handle));
  }

  /** Returns the current value as a new tensor (shares the buffer until the next update). */
  read(): tf.Tensor {
    return runOp1("ReadVariableOp", [floatType("dtype")], [this.handle]);
  }

  /** Frees the variable and its handle. */
  destroy(): void {
    runOp("DestroyResourceOp", [boolAttr("ignore_lookup_error", true)], [this.handle], 0);
    this.handle.dispose();
  }
}

/** Returns a slot's current value, or zeros shaped like `like` when the optimizer has none yet. */
function slotValue(slot: OptimizerSlot | undefined, like: tf.Tensor): ResourceVariable {
  if (slot) return ResourceVariable.from(slot.variable);
  const zeros = tf.zerosLike(like);
  const resource = ResourceVariable.from(zeros);
  zeros.dispose();
  return resource;
}

/** Copies a resource variable into the tfjs optimizer slot `slots[index]`, creating it like tfjs does. */
function writeSlot(slots: Slots, index: number, name: string, suffix: string, resource: ResourceVariable): void {
  const value = resource.read();
  const slot = slots[index];
  if (slot) {
    slot.variable.assign(value);
    value.dispose();
  } else {
    slots[index] = { originalName: `${name}/${suffix}`, variable: value.variable(false) };
    value.dispose();
  }
}

/** Caches float32 scalar tensors by value, so constant hyper-parameters are uploaded once. */
class ScalarCache {
  private readonly cache = new Map<string, { value: number; tensor: tf.Scalar }>();

  get(key: string, value: number): tf.Scalar {
    const cached = this.cache.get(key);
    if (cached && cached.value === value) return cached.tensor;
    cached?.tensor.dispose();
    const tensor = tf.keep(tf.scalar(value));
    this.cache.set(key, { value, tensor });
    return tensor;
  }

  dispose(): void {
    this.cache.forEach((entry) => entry.tensor.dispose());
    this.cache.clear();
  }
}

/** One slot kind of a fused optimizer: where tfjs keeps it and its name suffix. */
interface SlotKind {
  slots: Slots;
  suffix: string;
}

/**
 * Shared machinery: weights and slots as resource variables, keyed the way
 * tfjs keys them (slot i belongs to the i-th gradient of the step).
 */
abstract class FusedUpdater implements WeightUpdater {
  private readonly weights = new Map<string, ResourceVariable>();
  private readonly slots: ResourceVariable[][] = [];
  private readonly names: string[] = [];
  protected readonly scalars = new ScalarCache();
  private steps = 0;

  constructor(protected readonly optimizer: tf.Optimizer & TfjsOptimizerFields, private readonly kinds: SlotKind[]) {}

  /** Runs the fused op that updates one weight and its slots in place. */
  protected abstract update(weight: ResourceVariable, slots: ResourceVariable[], gradient: tf.Tensor): void;

  /** Hook before the first weight of a step. */
  protected beforeStep(): void {}

  /** Hook after the last weight of a step. */
  protected afterStep(): void {}

  /** Hook for optimizers with scalar state (Adam's β powers). */
  protected writeBack(): void {}

  apply(grads: tf.NamedTensorMap): void {
    this.beforeStep();
    Object.keys(grads).forEach((name, index) => {
      const gradient = grads[name];
      if (gradient == null) return;
      const variable = tf.engine().registeredVariables[name];
      const weight = this.weightFor(name, variable);
      const slots = this.slotsFor(index, name, variable);
      const update = () => this.update(weight, slots, gradient);
      if (!updateInPlace(variable, update, () => weight.read())) {
        update();
        const value = weight.read();
        variable.assign(value);
        value.dispose();
      }
    });
    this.afterStep();
    this.steps += 1;
  }

  finish(): void {
    this.slots.forEach((resources, index) => {
      resources.forEach((resource, kind) => writeSlot(this.kinds[kind].slots, index, this.names[index], this.kinds[kind].suffix, resource));
    });
    this.optimizer.iterations_ += this.steps;
    this.writeBack();
    this.slots.flat().forEach((resource) => resource.destroy());
    this.weights.forEach((resource) => resource.destroy());
    this.slots.length = 0;
    this.weights.clear();
    this.scalars.dispose();
  }

  private weightFor(name: string, variable: tf.Variable): ResourceVariable {
    let weight = this.weights.get(name);
    if (!weight) {
      weight = ResourceVariable.from(variable);
      this.weights.set(name, weight);
    }
    return weight;
  }

  private slotsFor(index: number, name: string, variable: tf.Variable): ResourceVariable[] {
    if (!this.slots[index]) {
      this.slots[index] = this.kinds.map((kind) => slotValue(kind.slots[index], variable));
      this.names[index] = name;
    }
    return this.slots[index];
  }
}

const noLocking = () => boolAttr("use_locking", false);

/** Adam through ResourceApplyAdam, with tfjs's bias correction. */
class AdamUpdater extends FusedUpdater {
  private beta1Power: number;
  private beta2Power: number;
  private stepScalars: tf.Tensor[] = [];

  constructor(optimizer: tf.Optimizer & TfjsOptimizerFields) {
    super(optimizer, [
      { slots: optimizer.accumulatedFirstMoment, suffix: "m" },
      { slots: optimizer.accumulatedSecondMoment, suffix: "v" },
    ]);
    this.beta1Power = optimizer.accBeta1.dataSync()[0];
    this.beta2Power = optimizer.accBeta2.dataSync()[0];
  }

  protected beforeStep(): void {
    // tfjs divides by sqrt(v / (1 - beta2^t)) + eps; TensorFlow multiplies
    // the rate by sqrt(1 - beta2^t) and divides by sqrt(v) + eps'. With
    // eps' = eps * sqrt(1 - beta2^t) the two updates are the same.
    const oneMinusBeta2Power = Math.fround(1 - this.beta2Power);
    this.stepScalars = [tf.scalar(this.beta1Power), tf.scalar(this.beta2Power), tf.scalar(this.optimizer.epsilon * Math.sqrt(oneMinusBeta2Power))];
  }

  protected update(weight: ResourceVariable, [m, v]: ResourceVariable[], gradient: tf.Tensor): void {
    const [beta1Power, beta2Power, epsilon] = this.stepScalars;
    const { learningRate, beta1, beta2 } = this.optimizer;
    runOp(
      "ResourceApplyAdam",
      [floatType(), noLocking(), boolAttr("use_nesterov", false)],
      [weight.handle, m.handle, v.handle, beta1Power, beta2Power, this.scalars.get("lr", learningRate), this.scalars.get("beta1", beta1), this.scalars.get("beta2", beta2), epsilon, gradient],
      0,
    );
  }

  protected afterStep(): void {
    tf.dispose(this.stepScalars);
    this.stepScalars = [];
    // float32 products, as tfjs's accBeta variables compute them.
    this.beta1Power = Math.fround(this.beta1Power * Math.fround(this.optimizer.beta1));
    this.beta2Power = Math.fround(this.beta2Power * Math.fround(this.optimizer.beta2));
  }

  protected writeBack(): void {
    tf.tidy(() => {
      this.optimizer.accBeta1.assign(tf.scalar(this.beta1Power));
      this.optimizer.accBeta2.assign(tf.scalar(this.beta2Power));
    });
  }
}

/** Plain SGD through ResourceApplyGradientDescent (same bits as tfjs). */
class SgdUpdater extends FusedUpdater {
  constructor(optimizer: tf.Optimizer & TfjsOptimizerFields) {
    super(optimizer, []);
  }

  protected update(weight: ResourceVariable, _slots: ResourceVariable[], gradient: tf.Tensor): void {
    runOp("ResourceApplyGradientDescent", [floatType(), noLocking()], [weight.handle, this.scalars.get("lr", this.optimizer.learningRate), gradient], 0);
  }
}

/** SGD with momentum (not Nesterov) through ResourceApplyMomentum (same bits as tfjs). */
class MomentumUpdater extends FusedUpdater {
  constructor(optimizer: tf.Optimizer & TfjsOptimizerFields) {
    super(optimizer, [{ slots: optimizer.accumulations, suffix: "momentum" }]);
  }

  protected update(weight: ResourceVariable, [accumulation]: ResourceVariable[], gradient: tf.Tensor): void {
    runOp(
      "ResourceApplyMomentum",
      [floatType(), noLocking(), boolAttr("use_nesterov", false)],
      [weight.handle, accumulation.handle, this.scalars.get("lr", this.optimizer.learningRate), gradient, this.scalars.get("momentum", this.optimizer.momentum)],
      0,
    );
  }
}

/** RMSProp (not centred) through ResourceApplyRMSProp. */
class RmsPropUpdater extends FusedUpdater {
  constructor(optimizer: tf.Optimizer & TfjsOptimizerFields) {
    super(optimizer, [
      { slots: optimizer.accumulatedMeanSquares, suffix: "rms" },
      { slots: optimizer.accumulatedMoments, suffix: "momentum" },
    ]);
  }

  protected update(weight: ResourceVariable, [meanSquare, moment]: ResourceVariable[], gradient: tf.Tensor): void {
    const { learningRate, decay, momentum, epsilon } = this.optimizer;
    runOp(
      "ResourceApplyRMSProp",
      [floatType(), noLocking()],
      [weight.handle, meanSquare.handle, moment.handle, this.scalars.get("lr", learningRate), this.scalars.get("rho", decay), this.scalars.get("momentum", momentum), this.scalars.get("epsilon", epsilon), gradient],
      0,
    );
  }
}

/** Returns an updater that applies the tfjs optimizer's own update, for optimizers without a fused op. */
function tfjsUpdater(optimizer: tf.Optimizer): WeightUpdater {
  return {
    apply: (grads) => optimizer.applyGradients(grads),
    finish: () => undefined,
  };
}

/**
 * Returns the updater for `optimizer`: with `fused` (default) a fused
 * TensorFlow op for Adam, SGD, momentum (without Nesterov) and RMSProp (not
 * centred) on the tensorflow backend, otherwise tfjs's own `applyGradients`.
 */
export function createWeightUpdater(optimizer: tf.Optimizer, fused = true): WeightUpdater {
  if (!fused || !hasNativeBackend()) return tfjsUpdater(optimizer);

  const fields = optimizer as tf.Optimizer & TfjsOptimizerFields;
  switch (optimizer.getClassName()) {
    case "Adam":
      return new AdamUpdater(fields);
    case "SGD":
      return new SgdUpdater(fields);
    case "Momentum":
      return fields.useNesterov ? tfjsUpdater(optimizer) : new MomentumUpdater(fields);
    case "RMSProp":
      return fields.centered ? tfjsUpdater(optimizer) : new RmsPropUpdater(fields);
    default:
      return tfjsUpdater(optimizer);
  }
}
