/**
 * Gradient descent on the one-dimensional quadratic L(θ) = a·θ²/2, the
 * model problem behind learning-rate limits: each step multiplies θ by
 * (1 − η·a), so descent converges exactly when 0 < η·a < 2.
 */

/** Returns θ_0 … θ_steps of gradient descent with learning rate `learningRate` on a·θ²/2. */
export function quadraticDescent(curvature: number, learningRate: number, steps: number, start = 1): number[] {
  if (!(curvature > 0)) throw new RangeError(`curvature 必须是正数，收到 ${curvature}`);
  if (!(learningRate > 0)) throw new RangeError(`learningRate 必须是正数，收到 ${learningRate}`);
  if (!Number.isInteger(steps) || steps < 1) throw new RangeError(`steps 必须是正整数，收到 ${steps}`);

  const path = [start];
  for (let step = 0; step < steps; step++) {
    const theta = path[path.length - 1];
    path.push(theta - learningRate * curvature * theta);
  }
  return path;
}
