import assert from "node:assert/strict";
import { test } from "node:test";
import { confusionMatrix as visConfusionMatrix } from "@tensorflow/tfjs-vis/dist/util/math";
import { tf } from "../../src/backend";
import { accuracy } from "../../src/metrics/accuracy";
import { classificationReport, ClassScores } from "../../src/metrics/classification";
import { confusionMatrix } from "../../src/metrics/confusion";
import { auc, rocAuc, rocCurve } from "../../src/metrics/roc";
import { createRandom } from "../../src/random";

/** Asserts |actual − expected| < 1e-12, naming `quantity` on failure. */
function near(actual: number, expected: number, quantity: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${quantity}: got ${actual}, expected ${expected}`);
}

function nearScores(actual: ClassScores, expected: ClassScores, quantity: string): void {
  near(actual.precision, expected.precision, `${quantity} precision`);
  near(actual.recall, expected.recall, `${quantity} recall`);
  near(actual.f1, expected.f1, `${quantity} f1`);
  assert.equal(actual.support, expected.support, `${quantity} support`);
}

function nearArray(actual: number[], expected: number[], quantity: string): void {
  assert.equal(actual.length, expected.length, `${quantity} length`);
  actual.forEach((value, i) => near(value, expected[i], `${quantity}[${i}]`));
}

function randomIds(count: number, numClasses: number, random: () => number): Int32Array {
  return Int32Array.from({ length: count }, () => Math.floor(random() * numClasses));
}

// Worked example A, 3 classes, class 2 is never predicted:
//   labels      = [0, 0, 0, 1, 1, 2]
//   predictions = [0, 0, 1, 1, 0, 0]
// Confusion (rows true, columns predicted):
//   true 0: [2, 1, 0]   true 1: [1, 1, 0]   true 2: [1, 0, 0]
// Class 0: TP 2, predicted 4 → P 1/2; support 3 → R 2/3; F1 = 2·(1/2)(2/3)/(7/6) = 4/7
// Class 1: TP 1, predicted 2 → P 1/2; support 2 → R 1/2; F1 1/2
// Class 2: predicted 0 → P 0 (0/0 convention); TP 0 of 1 → R 0; F1 0
// Accuracy 3/6 = 1/2.
// Macro over {0, 1, 2}: P (1/2 + 1/2 + 0)/3 = 1/3; R (2/3 + 1/2 + 0)/3 = 7/18; F1 (4/7 + 1/2 + 0)/3 = 5/14
// Weighted by support 3, 2, 1: P (3/2 + 1 + 0)/6 = 5/12; R (2 + 1 + 0)/6 = 1/2; F1 (12/7 + 1 + 0)/6 = 19/42
const A_LABELS = [0, 0, 0, 1, 1, 2];
const A_PREDICTIONS = [0, 0, 1, 1, 0, 0];

test("confusionMatrix worked example", () => {
  assert.deepEqual(confusionMatrix(A_LABELS, A_PREDICTIONS, 3), [
    [2, 1, 0],
    [1, 1, 0],
    [1, 0, 0],
  ]);
});

test("confusionMatrix zero rows for empty classes", () => {
  // labels [1, 1], predictions [1, 3], 4 classes: one count at (1,1), one at (1,3).
  assert.deepEqual(confusionMatrix(new Int32Array([1, 1]), new Int32Array([1, 3]), 4), [
    [0, 0, 0, 0],
    [0, 1, 0, 1],
    [0, 0, 0, 0],
    [0, 0, 0, 0],
  ]);
});

test("confusionMatrix rejects bad input", () => {
  assert.throws(() => confusionMatrix([0, 1, 2], [0, 1], 3), /labels 有 3 个，predictions 有 2 个/);
  assert.throws(() => confusionMatrix([], [], 3), /labels 为空/);
  assert.throws(() => confusionMatrix([0, 10, 1], [0, 1, 1], 10), /labels\[1\] = 10 超出范围.*0 到 9/);
  assert.throws(() => confusionMatrix([0, 1], [0, -1], 2), /predictions\[1\] = -1 超出范围/);
  assert.throws(() => confusionMatrix([0, 1.5], [0, 1], 3), /labels\[1\] = 1\.5/);
  assert.throws(() => confusionMatrix([0, NaN], [0, 1], 3), /labels\[1\] = NaN/);
  assert.throws(() => confusionMatrix([0, 1], [0, 1], 0), /numClasses 必须是正整数，收到 0/);
  assert.throws(() => confusionMatrix([0, 1], [[0.9, 0.1], [0.2, 0.8]] as never, 2), /predictions\[0\] 不是数字，收到 \[0\.9, 0\.1\].*argmax/);
});

test("confusionMatrix names a tensor argument", () => {
  const before = tf.memory().numTensors;
  const predictions = tf.tensor1d([0, 1], "int32");
  assert.throws(() => confusionMatrix([0, 1], predictions as never, 2), /predictions 是张量（tensor）.*dataSync/);
  predictions.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("confusionMatrix matches tfjs-vis", async () => {
  const random = createRandom(11);
  const labels = randomIds(400, 7, random);
  const predictions = randomIds(400, 7, random);
  const before = tf.memory().numTensors;

  // tfjs-vis casts both inputs synchronously and never disposes the casts;
  // the tidy disposes them (the values are read before it ends).
  let pending: Promise<number[][]> | undefined;
  tf.tidy(() => {
    pending = visConfusionMatrix(tf.tensor1d(labels, "int32"), tf.tensor1d(predictions, "int32"), 7);
  });
  const expected = await pending!;

  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(confusionMatrix(labels, predictions, 7), expected);
});

test("accuracy counts equal positions", () => {
  // 3 of [0,0,0,1,1,2] vs [0,0,1,1,0,0] agree (positions 0, 1, 3) → 1/2.
  assert.equal(accuracy(A_LABELS, A_PREDICTIONS), 0.5);
  assert.equal(accuracy(new Int32Array([4, 4]), new Int32Array([4, 4])), 1);
  assert.equal(accuracy([1, 2, 3], [0, 0, 0]), 0);
});

test("accuracy rejects bad input", () => {
  assert.throws(() => accuracy([0, 1], [0]), /accuracy：labels 有 2 个，predictions 有 1 个/);
  assert.throws(() => accuracy([], []), /accuracy：labels 为空/);
  assert.throws(() => accuracy([0, -2], [0, 1]), /labels\[1\] = -2，类别编号必须是非负整数/);
});

test("classificationReport class never predicted", () => {
  const report = classificationReport(A_LABELS, A_PREDICTIONS, 3);
  nearScores(report.perClass[0], { precision: 1 / 2, recall: 2 / 3, f1: 4 / 7, support: 3 }, "class 0");
  nearScores(report.perClass[1], { precision: 1 / 2, recall: 1 / 2, f1: 1 / 2, support: 2 }, "class 1");
  nearScores(report.perClass[2], { precision: 0, recall: 0, f1: 0, support: 1 }, "class 2");
  assert.deepEqual(report.macroClasses, [0, 1, 2]);
  nearScores(report.macro, { precision: 1 / 3, recall: 7 / 18, f1: 5 / 14, support: 6 }, "macro");
  nearScores(report.weighted, { precision: 5 / 12, recall: 1 / 2, f1: 19 / 42, support: 6 }, "weighted");
  assert.equal(report.accuracy, 0.5);
  assert.deepEqual(report.confusion, confusionMatrix(A_LABELS, A_PREDICTIONS, 3));
});

test("classificationReport all labels one class", () => {
  // labels [1,1,1,1], predictions [1,1,0,1], 3 classes. Confusion row 1 = [1, 3, 0].
  // Class 0: no true samples, predicted once → P 0/1 = 0, R 0 (0/0), F1 0, support 0; in macro (it was predicted).
  // Class 1: TP 3, predicted 3 → P 1; R 3/4; F1 = 2·1·(3/4)/(7/4) = 6/7.
  // Class 2: never seen → all 0, left out of macro.
  // Macro over {0, 1}: P 1/2, R 3/8, F1 3/7. Weighted (only class 1 has support): P 1, R 3/4, F1 6/7.
  const report = classificationReport([1, 1, 1, 1], [1, 1, 0, 1], 3);
  nearScores(report.perClass[0], { precision: 0, recall: 0, f1: 0, support: 0 }, "class 0");
  nearScores(report.perClass[1], { precision: 1, recall: 3 / 4, f1: 6 / 7, support: 4 }, "class 1");
  nearScores(report.perClass[2], { precision: 0, recall: 0, f1: 0, support: 0 }, "class 2");
  assert.deepEqual(report.macroClasses, [0, 1]);
  nearScores(report.macro, { precision: 1 / 2, recall: 3 / 8, f1: 3 / 7, support: 4 }, "macro");
  nearScores(report.weighted, { precision: 1, recall: 3 / 4, f1: 6 / 7, support: 4 }, "weighted");
  assert.equal(report.accuracy, 0.75);
});

test("classificationReport perfect single class", () => {
  // labels = predictions = [2, 2], 3 classes: class 2 has P = R = F1 = 1; classes 0, 1 unseen.
  const report = classificationReport([2, 2], [2, 2], 3);
  assert.deepEqual(report.macroClasses, [2]);
  nearScores(report.macro, { precision: 1, recall: 1, f1: 1, support: 2 }, "macro");
  nearScores(report.weighted, { precision: 1, recall: 1, f1: 1, support: 2 }, "weighted");
  assert.equal(report.accuracy, 1);
});

test("classificationReport rejects out-of-range prediction", () => {
  assert.throws(() => classificationReport([0, 1], [0, 2], 2), /confusionMatrix：predictions\[1\] = 2 超出范围/);
});

test("classificationReport consistent on random predictions", () => {
  const random = createRandom(2024);
  const numClasses = 6;
  const labels = randomIds(1000, numClasses, random);
  const predictions = randomIds(1000, numClasses, random);
  const report = classificationReport(labels, predictions, numClasses);

  assert.equal(report.macroClasses.length, numClasses, "1000 random ids cover every class");
  const meanRecall = report.perClass.reduce((sum, scores) => sum + scores.recall, 0) / numClasses;
  near(report.macro.recall, meanRecall, "macro recall = mean per-class recall");

  report.confusion.forEach((row, c) => {
    const rowSum = row.reduce((sum, count) => sum + count, 0);
    const support = labels.filter((label) => label === c).length;
    assert.equal(rowSum, support, `row ${c} sums to its support`);
    assert.equal(report.perClass[c].support, support);
  });
  near(report.weighted.recall, report.accuracy, "weighted recall = accuracy");
  near(report.accuracy, accuracy(labels, predictions), "accuracy");
  assert.ok(Math.abs(report.accuracy - 1 / numClasses) < 0.05, `random guessing is near 1/${numClasses}, got ${report.accuracy}`);
});

// Worked example B, 3 positives and 3 negatives, one tie across classes:
//   labels = [1,   0,   1,   0,   1,   0  ]
//   scores = [0.9, 0.7, 0.7, 0.3, 0.2, 0.1]
// threshold ∞   → TP 0 FP 0 → (0, 0)
// threshold 0.9 → TP 1 FP 0 → (0, 1/3)
// threshold 0.7 → TP 2 FP 1 → (1/3, 2/3)   (the tied pair crosses together)
// threshold 0.3 → TP 2 FP 2 → (2/3, 2/3)
// threshold 0.2 → TP 3 FP 2 → (2/3, 1)
// threshold 0.1 → TP 3 FP 3 → (1, 1)
// Trapezoids: 0 + (1/3)(1/3 + 2/3)/2 + (1/3)(2/3) + 0 + (1/3)(1) = 1/6 + 2/9 + 1/3 = 13/18.
// Check by pairs: of 9 positive–negative pairs, 6 ranked right and 1 tie → 6.5/9 = 13/18.
const B_LABELS = [1, 0, 1, 0, 1, 0];
const B_SCORES = [0.9, 0.7, 0.7, 0.3, 0.2, 0.1];

test("rocCurve worked example with tie", () => {
  const curve = rocCurve(B_LABELS, B_SCORES);
  nearArray(curve.fpr, [0, 0, 1 / 3, 2 / 3, 2 / 3, 1], "fpr");
  nearArray(curve.tpr, [0, 1 / 3, 2 / 3, 2 / 3, 1, 1], "tpr");
  assert.deepEqual(curve.thresholds, [Infinity, 0.9, 0.7, 0.3, 0.2, 0.1]);
  near(rocAuc(B_LABELS, B_SCORES), 13 / 18, "AUC");
});

test("rocCurve accepts Float32Array scores", () => {
  const curve = rocCurve(new Int32Array(B_LABELS), Float32Array.from(B_SCORES));
  assert.equal(curve.fpr.length, 6);
  near(auc(curve.fpr, curve.tpr), 13 / 18, "AUC");
});

test("rocAuc perfect, inverted and constant", () => {
  const labels = [0, 0, 1, 1];
  // Perfect: (0,0) (0,1/2) (0,1) (1/2,1) (1,1) → area 1.
  const perfect = rocCurve(labels, [0.1, 0.2, 0.8, 0.9]);
  assert.deepEqual(perfect.fpr, [0, 0, 0, 0.5, 1]);
  assert.deepEqual(perfect.tpr, [0, 0.5, 1, 1, 1]);
  assert.equal(rocAuc(labels, [0.1, 0.2, 0.8, 0.9]), 1);
  // Inverted: (0,0) (1/2,0) (1,0) (1,1/2) (1,1) → area 0.
  assert.equal(rocAuc(labels, [0.9, 0.8, 0.2, 0.1]), 0);
  // All scores equal: one threshold, the diagonal (0,0) (1,1) → area 1/2.
  const constant = rocCurve(labels, [0.5, 0.5, 0.5, 0.5]);
  assert.deepEqual(constant, { fpr: [0, 1], tpr: [0, 1], thresholds: [Infinity, 0.5] });
  assert.equal(rocAuc(labels, [0.5, 0.5, 0.5, 0.5]), 0.5);
});

test("rocAuc equals pairwise ranking probability", () => {
  // AUC = P(score of a random positive > score of a random negative) + P(tie)/2,
  // counted over all pairs; scores rounded to one decimal to force many ties.
  const random = createRandom(5);
  const labels = Array.from({ length: 300 }, () => (random() < 0.3 ? 1 : 0));
  const scores = labels.map((label) => Math.round((random() + 0.3 * label) * 10) / 10);
  let wins = 0;
  let pairs = 0;
  labels.forEach((positive, i) => {
    if (positive !== 1) return;
    labels.forEach((negative, j) => {
      if (negative !== 0) return;
      pairs++;
      if (scores[i] > scores[j]) wins += 1;
      if (scores[i] === scores[j]) wins += 0.5;
    });
  });
  assert.ok(Math.abs(rocAuc(labels, scores) - wins / pairs) < 1e-12, `${rocAuc(labels, scores)} vs ${wins / pairs}`);
  const curve = rocCurve(labels, scores);
  assert.equal(new Set(curve.thresholds).size, curve.thresholds.length, "one point per distinct score");
  assert.equal(curve.thresholds.length, new Set(scores).size + 1);
});

test("rocCurve rejects a single class", () => {
  assert.throws(() => rocCurve([1, 1, 1], [0.2, 0.5, 0.9]), /labels 全部是 1（正类），共 3 个.*AUC 没有定义.*同时含有正类和负类/);
  assert.throws(() => rocAuc([0, 0], [0.2, 0.5]), /labels 全部是 0（负类），共 2 个/);
});

test("rocCurve rejects bad input", () => {
  assert.throws(() => rocCurve([0, 1, 1], [0.2, 0.5]), /rocCurve：labels 有 3 个，scores 有 2 个/);
  assert.throws(() => rocCurve([], []), /rocCurve：labels 为空/);
  assert.throws(() => rocCurve([0, 2, 1], [0.1, 0.2, 0.3]), /labels\[1\] = 2，二分类标签必须是 0（负类）或 1（正类）/);
  assert.throws(() => rocCurve([0, 1], [0.1, NaN]), /scores\[1\] = NaN，必须是有限的实数/);
});

test("auc by the trapezoidal rule", () => {
  // (0,0) (1/2,1) (1,1): (1/2)(0 + 1)/2 + (1/2)(1 + 1)/2 = 1/4 + 1/2 = 3/4.
  assert.equal(auc([0, 0.5, 1], [0, 1, 1]), 0.75);
  // A vertical step adds nothing: (0,0) (0,1) (1,1) → 1.
  assert.equal(auc([0, 0, 1], [0, 1, 1]), 1);
});

test("auc rejects bad input", () => {
  assert.throws(() => auc([0, 1], [0, 0.5, 1]), /auc：fpr 有 2 个，tpr 有 3 个/);
  assert.throws(() => auc([0], [0]), /auc：至少需要 2 个点，收到 1 个/);
  assert.throws(() => auc([0, 0.6, 0.4, 1], [0, 0.5, 0.7, 1]), /fpr\[2\] = 0\.4 小于 fpr\[1\] = 0\.6/);
  assert.throws(() => auc([0, Infinity], [0, 1]), /fpr\[1\] = Infinity/);
});
