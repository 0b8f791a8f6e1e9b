import assert from "node:assert/strict";
import { test } from "node:test";
import { quadraticDescent } from "../../src/optim/quadratic";
import { degreeSweep, fitPolynomial, legendreBasis, meanSquaredError, predictPolynomial } from "../../src/regression/polynomial";

test("legendreBasis matches closed forms", () => {
  const t = 0.3;
  const [p0, p1, p2, p3] = legendreBasis(t, 3);
  assert.equal(p0, 1);
  assert.equal(p1, t);
  assert.ok(Math.abs(p2 - (3 * t * t - 1) / 2) < 1e-15);
  assert.ok(Math.abs(p3 - (5 * t ** 3 - 3 * t) / 2) < 1e-15);
  assert.deepEqual(legendreBasis(0.5, 0), [1]);
});

test("fitPolynomial recovers an exact cubic", () => {
  const x = [-3, -2, -1, 0, 1, 2, 3, 4];
  const y = x.map((v) => 2 - v + 0.5 * v ** 3);
  const model = fitPolynomial(x, y, 3);
  const predicted = predictPolynomial(model, [-2.5, 0.5, 5]);
  [-2.5, 0.5, 5].forEach((v, i) => assert.ok(Math.abs(predicted[i] - (2 - v + 0.5 * v ** 3)) < 1e-6, `at ${v}: ${predicted[i]}`));
});

test("fitPolynomial degree 1 is the least-squares line", () => {
  // Points (0,1), (1,2), (2,2): slope 0.5, intercept 7/6 by the normal equations.
  const model = fitPolynomial([0, 1, 2], [1, 2, 2], 1);
  const [at0, at2] = predictPolynomial(model, [0, 2]);
  assert.ok(Math.abs(at0 - 7 / 6) < 1e-6, `${at0}`);
  assert.ok(Math.abs(at2 - (7 / 6 + 1)) < 1e-6, `${at2}`);
});

test("training error falls as degree rises", () => {
  const x = Array.from({ length: 15 }, (_, i) => i);
  const y = x.map((v) => Math.sin(v / 2) + (v % 3) * 0.1);
  const errors = [1, 3, 6, 10].map((degree) => meanSquaredError(y, predictPolynomial(fitPolynomial(x, y, degree), x)));
  errors.forEach((error, i) => i > 0 && assert.ok(error <= errors[i - 1] + 1e-9, `degree step ${i}: ${errors}`));
});

test("fitPolynomial names bad arguments", () => {
  assert.throws(() => fitPolynomial([1, 2], [1], 1), /x 有 2 个值，y 有 1 个/);
  assert.throws(() => fitPolynomial([1], [1], -1), /degree 必须是非负整数，收到 -1/);
  assert.throws(() => fitPolynomial([], [], 1), /x 为空/);
  assert.throws(() => meanSquaredError([1], [1, 2]), /收到 1 和 2/);
});

test("quadraticDescent converges below 2/a", () => {
  // θ_t = (1 − ηa)^t θ_0: with a = 2, η = 0.25 the factor is 0.5.
  assert.deepEqual(quadraticDescent(2, 0.25, 3), [1, 0.5, 0.25, 0.125]);
  const stable = quadraticDescent(1, 1.9, 50);
  const unstable = quadraticDescent(1, 2.1, 50);
  assert.ok(Math.abs(stable[50]) < 0.01, `η·a = 1.9 converges: ${stable[50]}`);
  assert.ok(Math.abs(unstable[50]) > 10, `η·a = 2.1 diverges: ${unstable[50]}`);
  assert.throws(() => quadraticDescent(0, 1, 3), /curvature 必须是正数，收到 0/);
});

test("degreeSweep reports train and validation error", () => {
  // y = x² sampled exactly: degree 2 fits both sets, degree 1 cannot.
  const train = { x: [-2, -1, 0, 1, 2], y: [4, 1, 0, 1, 4] };
  const validation = { x: [-1.5, 0.5, 1.5], y: [2.25, 0.25, 2.25] };
  const [line, parabola] = degreeSweep(train, validation, [1, 2]);
  assert.equal(line.degree, 1);
  assert.ok(Math.abs(line.trainMse - 2.8) < 1e-6, `line MSE on train ${line.trainMse}`);
  assert.ok(parabola.trainMse < 1e-9, `parabola MSE on train ${parabola.trainMse}`);
  assert.ok(parabola.validationMse < 1e-9, `parabola MSE on validation ${parabola.validationMse}`);
});
