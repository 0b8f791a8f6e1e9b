/**
 * Polynomial least-squares regression, the classic example of capacity:
 * degree d has d + 1 coefficients. Inputs are mapped to [-1, 1] and the
 * basis is Legendre polynomials, which keeps the normal equations well
 * conditioned up to degree 20 or so (plain powers x^k are nearly collinear
 * on [-1, 1] by degree 10). The fit runs in float64 in JavaScript.
 */

/** A fitted polynomial: its degree, input range and Legendre coefficients. */
export interface PolynomialModel {
  degree: number;
  xMin: number;
  xMax: number;
  coefficients: number[];
}

function scale(x: number, xMin: number, xMax: number): number {
  return xMax === xMin ? 0 : (2 * (x - xMin)) / (xMax - xMin) - 1;
}

/** Returns P_0(t) … P_degree(t), the Legendre polynomials at t, by Bonnet's recursion. */
export function legendreBasis(t: number, degree: number): number[] {
  const values = [1, t];
  for (let n = 1; n < degree; n++) {
    values.push(((2 * n + 1) * t * values[n] - n * values[n - 1]) / (n + 1));
  }
  return values.slice(0, degree + 1);
}

/** Solves the symmetric system A w = b by Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], vector: number[]): number[] {
  const n = vector.length;
  const a = matrix.map((row, i) => [...row, vector[i]]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) pivot = row;
    [a[column], a[pivot]] = [a[pivot], a[column]];
    for (let row = column + 1; row < n; row++) {
      const factor = a[row][column] / a[column][column];
      for (let k = column; k <= n; k++) a[row][k] -= factor * a[column][k];
    }
  }
  const w = new Array(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let sum = a[row][n];
    for (let k = row + 1; k < n; k++) sum -= a[row][k] * w[k];
    w[row] = sum / a[row][row];
  }
  return w;
}

/**
 * Fits a polynomial of `degree` to (x, y) by least squares. `ridge` adds
 * ridge · ‖w‖² to the objective (default 1e-9, only to keep the system
 * solvable when degree + 1 exceeds the number of distinct x).
 */
export function fitPolynomial(x: ArrayLike<number>, y: ArrayLike<number>, degree: number, ridge = 1e-9): PolynomialModel {
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`fitPolynomial：degree 必须是非负整数，收到 ${degree}`);
  if (x.length !== y.length) throw new RangeError(`fitPolynomial：x 有 ${x.length} 个值，y 有 ${y.length} 个，两者必须相等`);
  if (x.length === 0) throw new RangeError("fitPolynomial：x 为空");

  const xs = Array.from(x);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const size = degree + 1;
  const normal = Array.from({ length: size }, () => new Array(size).fill(0));
  const rhs = new Array(size).fill(0);

  xs.forEach((value, i) => {
    const basis = legendreBasis(scale(value, xMin, xMax), degree);
    for (let r = 0; r < size; r++) {
      rhs[r] += basis[r] * y[i];
      for (let c = 0; c < size; c++) normal[r][c] += basis[r] * basis[c];
    }
  });
  for (let r = 0; r < size; r++) normal[r][r] += ridge * xs.length;

  return { degree, xMin, xMax, coefficients: solve(normal, rhs) };
}

/** Evaluates a fitted polynomial at each x (x outside the training range extrapolates). */
export function predictPolynomial(model: PolynomialModel, x: ArrayLike<number>): number[] {
  return Array.from(x, (value) => {
    const basis = legendreBasis(scale(value, model.xMin, model.xMax), model.degree);
    return basis.reduce((sum, b, k) => sum + b * model.coefficients[k], 0);
  });
}

/** Mean squared error between two equally long arrays. */
export function meanSquaredError(actual: ArrayLike<number>, predicted: ArrayLike<number>): number {
  if (actual.length !== predicted.length || actual.length === 0) {
    throw new RangeError(`meanSquaredError：长度必须相等且大于 0，收到 ${actual.length} 和 ${predicted.length}`);
  }
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += (actual[i] - predicted[i]) ** 2;
  return sum / actual.length;
}

/** Training and validation error of one polynomial degree. */
export interface DegreeResult {
  degree: number;
  trainMse: number;
  validationMse: number;
}

/** Fits one polynomial per degree on `train` and returns its MSE on `train` and `validation`. */
export function degreeSweep(
  train: { x: ArrayLike<number>; y: ArrayLike<number> },
  validation: { x: ArrayLike<number>; y: ArrayLike<number> },
  degrees: number[],
): DegreeResult[] {
  return degrees.map((degree) => {
    const model = fitPolynomial(train.x, train.y, degree);
    return {
      degree,
      trainMse: meanSquaredError(train.y, predictPolynomial(model, train.x)),
      validationMse: meanSquaredError(validation.y, predictPolynomial(model, validation.x)),
    };
  });
}
