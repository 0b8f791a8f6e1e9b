/**
 * Categorical cross-entropy as one gradient-tape node. tfjs computes it
 * from the softmax output p as mean(−Σ y·log(clip(p / Σp, ε, 1 − ε))) and
 * records about ten ops whose gradients add thirty more. This node runs
 * the same forward ops. Backwards it performs the float32 operations of
 * tfjs's gradients (mean → neg → sum → mul → log → clip → div → sum).
 * Loss and gradient are therefore bit for bit those of tfjs, in about
 * twenty TensorFlow ops and without tape bookkeeping.
 */
import { tf } from "../../backend";
import { boolAttr, ConstantCache, floatType, intType, runOp1, sumOver } from "./native";

const EPSILON = 1e-7;

/** A loss node; `dispose` frees its cached constants. */
export interface FusedLoss {
  (yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar;
  dispose(): void;
}

const binary = (op: string, a: tf.Tensor, b: tf.Tensor) => runOp1(op, [floatType()], [a, b]);

/** Returns the fused categorical cross-entropy of rank-2 predictions (tfjs semantics, ε = 1e-7). */
export function fusedCategoricalCrossentropy(): FusedLoss {
  const constants = new ConstantCache();
  const sum = (x: tf.Tensor, keepDims: boolean) => sumOver(x, [1], keepDims, constants);

  const node = tf.customGrad(((yTrue: tf.Tensor, yPred: tf.Tensor, save: (tensors: tf.Tensor[]) => void) => {
    const [rows, classes] = yPred.shape;
    const low = constants.get("low", () => tf.scalar(EPSILON));
    const high = constants.get("high", () => tf.scalar(1 - EPSILON));

    // Forward: the ops of tfjs-layers' categoricalCrossentropy, then the batch mean.
    const total = sum(yPred, true);
    const scaled = binary("RealDiv", yPred, total);
    const clipped = binary("Maximum", binary("Minimum", scaled, high), low);
    const perSample = runOp1("Neg", [floatType()], [sum(binary("Mul", yTrue, runOp1("Log", [floatType()], [clipped])), false)]);
    const loss = runOp1("Mean", [floatType(), intType("Tidx"), boolAttr("keep_dims", false)], [perSample, constants.axes([0])]) as tf.Scalar;
    save([yTrue, yPred, total, scaled, clipped]);

    return {
      value: loss,
      gradFunc: (dy: tf.Tensor, [savedTrue, savedPred, savedTotal, savedScaled, savedClipped]: tf.Tensor[]) => {
        // mean, neg and sum give every entry −dy/N; the mul keeps the y side.
        // tfjs computes −(dy/N); dy·(−1/N) has the same bits for the seed dy = 1.
        const negativeInverse = constants.get(`neg-inverse:${rows}`, () => tf.scalar(-Math.fround(1 / rows)));
        const dLog = binary("Mul", binary("Mul", dy, negativeInverse), savedTrue);
        const dClipped = binary("RealDiv", dLog, savedClipped);
        // The clip passes the gradient where ε ≤ x ≤ 1 − ε, i.e. where clipping left x unchanged.
        const inside = runOp1("Equal", [floatType(), boolAttr("incompatible_shape_error", true)], [savedClipped, savedScaled]);
        const zeros = constants.zeros([rows, classes]);
        const dScaled = runOp1("Select", [floatType()], [inside, dClipped, zeros]);

        // scaled = p / total: ∂/∂p = d/total, ∂/∂total = −Σ(d·p)/total²; total = Σp broadcasts back.
        const dFromDivision = binary("RealDiv", dScaled, savedTotal);
        const dTotal = runOp1("Neg", [floatType()], [binary("RealDiv", sum(binary("Mul", dScaled, savedPred), true), runOp1("Square", [floatType()], [savedTotal]))]);
        const dPred = binary("AddV2", dFromDivision, dTotal);
        // The labels need no gradient: the tape drops this one unused.
        return [zeros, dPred];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);

  const loss = ((yTrue: tf.Tensor, yPred: tf.Tensor) => node(yTrue, yPred) as tf.Scalar) as FusedLoss;
  loss.dispose = () => constants.dispose();
  return loss;
}
