import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { test } from "node:test";
import { barChart } from "../../src/plot/bar";
import { Figure, figureBundle, PLOTLY_MIME } from "../../src/plot/figure";
import { minValidationEpoch, overfittingGap } from "../../src/plot/gap";
import { heatmap } from "../../src/plot/heatmap";
import { countIntoBins, equalWidthBins, histogram } from "../../src/plot/histogram";
import { lineChart } from "../../src/plot/line";
import { formatLearningRate, lrSweep } from "../../src/plot/lr-sweep";
import { scatterChart } from "../../src/plot/scatter";
import { translucent } from "../../src/plot/style";

const MALICIOUS = "</script><script>alert(1)</script>";
const ESCAPED = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;";

type AnyTrace = Record<string, any>;
const trace = (figure: Figure, index: number) => figure.data[index] as AnyTrace;
const layoutOf = (figure: Figure) => figure.layout as Record<string, any>;

const HISTORY = {
  loss: [1.2, 0.8, 0.5, 0.3, 0.2],
  val_loss: [1.3, 0.9, 0.7, 0.75, 0.7],
  acc: [0.6, 0.7, 0.8, 0.9, 0.95],
  val_acc: [0.55, 0.65, 0.72, 0.71, 0.7],
};

// --- minValidationEpoch -------------------------------------------------

test("minValidationEpoch picks the earliest minimum, 1-based", () => {
  assert.equal(minValidationEpoch(HISTORY), 3);
  assert.equal(minValidationEpoch({ val_loss: [0.5] }), 1);
  assert.equal(minValidationEpoch({ val_loss: [3, 2, 1] }), 3);
});

test("minValidationEpoch skips diverged epochs", () => {
  assert.equal(minValidationEpoch({ val_loss: [NaN, 2, 1.5, NaN, Infinity] }), 3);
});

test("minValidationEpoch names what is missing", () => {
  assert.throws(() => minValidationEpoch({ loss: [1, 2] }), /没有 val_loss（现有键：loss）/);
  assert.throws(() => minValidationEpoch({ val_loss: [] }), /没有 val_loss/);
  assert.throws(() => minValidationEpoch({ val_loss: [NaN, NaN] }), /2 个值都不是有限数（例如 NaN）/);
});

// --- overfittingGap -----------------------------------------------------

test("overfittingGap shades between train and validation", () => {
  const figure = overfittingGap({ kind: "history", history: HISTORY });
  const [train, gap, validation] = [trace(figure, 0), trace(figure, 1), trace(figure, 2)];

  assert.deepEqual(train.x, [1, 2, 3, 4, 5]);
  assert.deepEqual(train.y, HISTORY.loss);
  assert.equal(train.fill, undefined);
  assert.deepEqual(gap.y, HISTORY.val_loss);
  assert.equal(gap.fill, "tonexty", "the band fills down to the trace before it (training)");
  assert.equal(gap.name, "泛化差距（generalization gap）");
  assert.match(gap.fillcolor, /^rgba\(\d+,\d+,\d+,0\.22\)$/);
  assert.equal(gap.line.width, 0);
  assert.deepEqual(validation.y, HISTORY.val_loss);
  assert.equal(validation.line.dash, "dash");
  assert.equal(layoutOf(figure).xaxis.title.text, "轮次（epoch）");
  assert.equal(layoutOf(figure).yaxis.title.text, "损失（loss）");
  assert.equal(layoutOf(figure).legend.traceorder, "normal", "training listed first");
});

test("overfittingGap marks the lowest validation loss", () => {
  const figure = overfittingGap({ kind: "history", history: HISTORY });
  const marker = trace(figure, 3);
  assert.equal(figure.data.length, 4);
  assert.deepEqual(marker.x, [3]);
  assert.deepEqual(marker.y, [0.7]);
  assert.equal(marker.mode, "markers");

  const [shape] = layoutOf(figure).shapes;
  assert.equal(shape.x0, 3);
  assert.equal(shape.x1, 3);
  assert.equal(shape.yref, "paper");
  assert.equal(shape.line.dash, "dash");
  const [note] = layoutOf(figure).annotations;
  assert.equal(note.text, "验证损失最低：第 3 轮");
  assert.equal(note.x, 3);
});

test("overfittingGap on accuracy marks val_loss's epoch", () => {
  const figure = overfittingGap({ kind: "history", history: HISTORY, metric: "accuracy" });
  assert.deepEqual(trace(figure, 0).y, HISTORY.acc);
  assert.deepEqual(trace(figure, 3).x, [3]);
  assert.deepEqual(trace(figure, 3).y, [0.72], "marker sits on the drawn validation curve");
  assert.equal(layoutOf(figure).yaxis.title.text, "准确率（accuracy）");
});

test("overfittingGap without val_loss or with markBest off has no marker", () => {
  const noValLoss = overfittingGap({ kind: "history", history: { acc: [0.5, 0.6], val_acc: [0.4, 0.5] }, metric: "acc" });
  assert.equal(noValLoss.data.length, 3);
  assert.equal(layoutOf(noValLoss).shapes, undefined);
  const off = overfittingGap({ kind: "history", history: HISTORY }, { markBest: false });
  assert.equal(off.data.length, 3);
});

test("overfittingGap learning curve uses training-set size", () => {
  const figure = overfittingGap({ kind: "learningCurve", sizes: new Int32Array([100, 1000, 10000]), train: [0.05, 0.1, 0.15], validation: new Float32Array([0.9, 0.5, 0.3]) }, { logX: true });
  assert.deepEqual(trace(figure, 0).x, [100, 1000, 10000]);
  assert.deepEqual(trace(figure, 2).y, [0.9, 0.5, 0.3], "Float32 values rounded back to short decimals");
  assert.equal(trace(figure, 1).fill, "tonexty");
  assert.equal(figure.data.length, 3);
  assert.equal(layoutOf(figure).xaxis.title.text, "训练样本数（training-set size）");
  assert.equal(layoutOf(figure).xaxis.type, "log");
  assert.match(layoutOf(figure).title.text, /学习曲线（learning curve）/);
});

test("overfittingGap learning curve sorts by size", () => {
  const figure = overfittingGap({ kind: "learningCurve", sizes: [1000, 100], train: [0.1, 0.05], validation: [0.3, 0.6], metric: "acc" });
  assert.deepEqual(trace(figure, 0).x, [100, 1000]);
  assert.deepEqual(trace(figure, 0).y, [0.05, 0.1]);
  assert.deepEqual(trace(figure, 2).y, [0.6, 0.3]);
  assert.equal(layoutOf(figure).yaxis.title.text, "准确率（accuracy）");
});

test("overfittingGap names bad input", () => {
  assert.throws(() => overfittingGap({ kind: "history", history: { loss: [1, 2] } }), /没有 "val_loss"（现有键：loss）/);
  assert.throws(() => overfittingGap({ kind: "history", history: { loss: [1, 2, 3], val_loss: [1, 2] } }), /history\.loss 有 3 个值，history\.val_loss 有 2 个值/);
  assert.throws(() => overfittingGap({ kind: "history", history: { loss: [], val_loss: [] } }), /history\.loss 为空/);
  assert.throws(() => overfittingGap({ kind: "learningCurve", sizes: [10, 20], train: [1, 2, 3], validation: [1, 2] }), /sizes 有 2 个值，train 有 3 个值/);
  assert.throws(() => overfittingGap({ kind: "learningCurve", sizes: [10, -5], train: [1, 2], validation: [1, 2] }), /sizes\[1\] 必须是正数.*收到 -5/);
  assert.throws(() => overfittingGap({ kind: "curves" } as never), /input\.kind 必须是 "history" 或 "learningCurve"，收到 "curves"/);
});

// --- lrSweep ------------------------------------------------------------

const SWEEP = [
  { lr: 0.1, loss: 0.9 },
  { lr: 0.001, loss: 2.0 },
  { lr: 1, loss: NaN },
  { lr: 0.01, loss: 0.5 },
  { lr: 3, loss: Infinity },
];

test("lrSweep draws loss on a log learning-rate axis", () => {
  const figure = lrSweep(SWEEP);
  const curve = trace(figure, 0);
  assert.equal(layoutOf(figure).xaxis.type, "log");
  assert.equal(layoutOf(figure).xaxis.title.text, "学习率（learning rate）");
  assert.deepEqual(curve.x, [0.001, 0.01, 0.1, 1, 3], "sorted by learning rate");
  assert.deepEqual(curve.y, [2, 0.5, 0.9, null, null], "the line breaks at diverged rates");
  assert.equal(curve.mode, "lines+markers");
});

test("lrSweep keeps diverged points, flagged at the top", () => {
  const figure = lrSweep(SWEEP);
  const diverged = trace(figure, 1);
  const [bottom, top] = layoutOf(figure).yaxis.range;

  assert.deepEqual(diverged.x, [1, 3]);
  assert.deepEqual(diverged.text, ["发散（diverged）", "发散（diverged）"]);
  assert.deepEqual(diverged.customdata, ["NaN", "Infinity"]);
  assert.equal(diverged.marker.symbol, "x");
  assert.equal(diverged.name, "发散（diverged）");
  // Finite losses span 0.5–2.0; pad = 0.08 × 1.5 = 0.12.
  assert.equal(bottom, 0.38);
  assert.equal(top, 2.24);
  assert.deepEqual(diverged.y, [2.12, 2.12], "above every finite loss, inside the range");
});

test("lrSweep marks the suggested rate", () => {
  const figure = lrSweep(SWEEP, { suggestedLr: 0.01 });
  const [shape] = layoutOf(figure).shapes;
  const [note] = layoutOf(figure).annotations;
  assert.equal(shape.x0, 0.01, "shapes take data values on a log axis");
  assert.equal(note.x, -2, "annotations take log10 of the value on a log axis");
  assert.equal(note.text, "建议学习率 0.01");
});

test("lrSweep with every point diverged still shows them", () => {
  const figure = lrSweep([{ lr: 1, loss: NaN }, { lr: 10, loss: NaN }], { markers: false });
  assert.deepEqual(trace(figure, 1).x, [1, 10]);
  assert.deepEqual(trace(figure, 0).y, [null, null]);
  assert.equal(trace(figure, 0).mode, "lines");
  // No finite loss: the range is 0–1 padded by 8 %, the crosses sit at 1.08.
  assert.deepEqual(layoutOf(figure).yaxis.range, [0, 1.16]);
  assert.deepEqual(trace(figure, 1).y, [1.08, 1.08]);
});

test("lrSweep names a bad learning rate", () => {
  assert.throws(() => lrSweep([{ lr: 0.1, loss: 1 }, { lr: 0, loss: 1 }]), /points\[1\]\.lr 必须是有限的正数.*收到 0/);
  assert.throws(() => lrSweep([{ lr: -0.5, loss: 1 }]), /points\[0\]\.lr .*收到 -0\.5/);
  assert.throws(() => lrSweep([{ lr: NaN, loss: 1 }]), /收到 NaN/);
  assert.throws(() => lrSweep([{ lr: 0.1, loss: 1 }], { suggestedLr: Infinity }), /suggestedLr 必须是有限的正数.*收到 Infinity/);
  assert.throws(() => lrSweep([{ lr: 0.1, loss: "1" as never }]), /points\[0\]\.loss 必须是数字/);
  assert.throws(() => lrSweep([]), /points 为空/);
});

test("formatLearningRate is short", () => {
  assert.equal(formatLearningRate(0.01), "0.01");
  assert.equal(formatLearningRate(0.0312), "0.031");
  assert.equal(formatLearningRate(0.0003), "3.0e-4");
});

// --- lineChart ----------------------------------------------------------

test("lineChart draws named series from typed arrays", () => {
  const figure = lineChart([
    { name: "ReLU", x: [-1, 0, 1], y: new Float32Array([0, 0, 1]) },
    { name: "tanh", y: [0.1 + 0.2, 0.5], dash: "dash" },
  ], { xLabel: "输入", logY: false });
  assert.deepEqual(trace(figure, 0).x, [-1, 0, 1]);
  assert.deepEqual(trace(figure, 0).y, [0, 0, 1]);
  assert.deepEqual(trace(figure, 1).x, [0, 1], "x defaults to 0, 1, …");
  assert.deepEqual(trace(figure, 1).y, [0.3, 0.5], "rounded to 5 significant digits");
  assert.equal(trace(figure, 1).line.dash, "dash");
  assert.notEqual(trace(figure, 0).line.color, trace(figure, 1).line.color);
  assert.equal(layoutOf(figure).xaxis.title.text, "输入");
  assert.equal(layoutOf(figure).title.text, "折线图（line chart）");
});

test("lineChart names bad input", () => {
  assert.throws(() => lineChart([{ name: "a", x: [1, 2], y: [1, 2, 3] }]), /series\[0\]\.x 有 2 个值，series\[0\]\.y 有 3 个值/);
  assert.throws(() => lineChart([{ name: "a", x: [0, 1], y: [1, 2] }], { logX: true }), /logX 时 x 必须为正数，series\[0\]\.x\[0\] 收到 0/);
  assert.throws(() => lineChart([]), /series 为空/);
  assert.throws(() => lineChart([{ name: "a", y: "12" as never }]), /series\[0\]\.y 必须是数字数组.*收到 "12"/);
});

// --- barChart -----------------------------------------------------------

test("barChart draws one value per category", () => {
  const figure = barChart(["SGD", "Adam"], new Float64Array([0.91234, 0.97]), { showValues: true, digits: 2 });
  const bars = trace(figure, 0);
  assert.equal(bars.type, "bar");
  assert.deepEqual(bars.x, ["SGD", "Adam"]);
  assert.deepEqual(bars.y, [0.91234, 0.97]);
  assert.deepEqual(bars.text, ["0.91", "0.97"]);
  assert.equal(layoutOf(figure).xaxis.type, "category");
});

test("barChart groups series, horizontal", () => {
  const figure = barChart([1, 2, 3], [{ name: "训练", values: [1, 2, 3] }, { name: "验证", values: [4, 5, 6] }], { horizontal: true });
  assert.equal(figure.data.length, 2);
  assert.equal(layoutOf(figure).barmode, "group");
  assert.equal(trace(figure, 1).orientation, "h");
  assert.deepEqual(trace(figure, 1).x, [4, 5, 6]);
  assert.deepEqual(trace(figure, 1).y, ["1", "2", "3"], "numeric categories become labels");
  assert.equal(layoutOf(figure).yaxis.autorange, "reversed", "first category at the top");
});

test("barChart names bad input", () => {
  assert.throws(() => barChart(["a", "b"], [1]), /categories 有 2 个值，values 有 1 个值/);
  assert.throws(() => barChart(["a"], [{ name: "s", values: [NaN] }]), /values\[0\]\.values\[0\] 必须是有限的数字，收到 NaN/);
  assert.throws(() => barChart([], [1]), /categories 为空/);
});

// --- scatterChart -------------------------------------------------------

test("scatterChart takes points with hover text", () => {
  const figure = scatterChart([{ x: 1, y: 2, text: "猫" }, { x: 3, y: 4 }], { equalAxes: true });
  const points = trace(figure, 0);
  assert.deepEqual(points.x, [1, 3]);
  assert.deepEqual(points.y, [2, 4]);
  assert.deepEqual(points.text, ["猫", ""]);
  assert.match(points.hovertemplate, /%\{text\}/);
  assert.equal(layoutOf(figure).yaxis.scaleanchor, "x");
});

test("scatterChart takes named series", () => {
  const figure = scatterChart([
    { name: "0", x: new Float32Array([0.5, 1.5]), y: [1, 2] },
    { name: "1", x: [3], y: [4], text: ["x"] },
  ]);
  assert.equal(figure.data.length, 2);
  assert.deepEqual(trace(figure, 0).x, [0.5, 1.5]);
  assert.equal(trace(figure, 0).text, undefined);
  assert.equal(layoutOf(figure).showlegend, true);
});

test("scatterChart names bad input", () => {
  assert.throws(() => scatterChart([{ name: "a", x: [1, 2], y: [1] }]), /input\[0\]\.x 有 2 个值，input\[0\]\.y 有 1 个值/);
  assert.throws(() => scatterChart([{ name: "a", x: [1], y: [1], text: ["p", "q"] }]), /input\[0\]\.text 有 2 个值/);
  assert.throws(() => scatterChart([{ x: 1, y: 2 }, { x: 1 } as never]), /points\[1\] 必须是 \{ x: 数字, y: 数字, text\? \}，收到 \{"x":1\}/);
  assert.throws(() => scatterChart([{ x: Infinity, y: 2 }]), /points\.x\[0\] 必须是有限的数字，收到 Infinity/);
});

// --- heatmap ------------------------------------------------------------

test("heatmap puts row 0 at the top and writes values", () => {
  const confusion = [new Int32Array([50, 2, 0]), new Int32Array([3, 40, 7])];
  const figure = heatmap(confusion, { xLabels: ["猫", "狗", "鸟"], yLabels: ["猫", "狗"], showValues: true, xLabel: "预测类别", yLabel: "真实类别" });
  const cells = trace(figure, 0);
  assert.equal(cells.type, "heatmap");
  assert.deepEqual(cells.z, [[50, 2, 0], [3, 40, 7]], "z[0] is row 0");
  assert.deepEqual(cells.y, ["猫", "狗"]);
  assert.deepEqual(cells.text, [["50", "2", "0"], ["3", "40", "7"]]);
  assert.equal(cells.texttemplate, "%{text}");
  assert.equal(layoutOf(figure).yaxis.autorange, "reversed");
  assert.equal(layoutOf(figure).yaxis.title.text, "真实类别");
  assert.deepEqual(cells.colorscale[0], [0, "#f7fbff"], "low counts are white");
  assert.equal(trace(heatmap([[1]], { colorscale: "Viridis" }), 0).colorscale, "Viridis");
});

test("heatmap rounds values and can put row 0 at the bottom", () => {
  const figure = heatmap([[0.123456, 1 / 3]], { showValues: true, digits: 2, rowZeroAtBottom: true });
  assert.deepEqual(trace(figure, 0).z, [[0.12346, 0.33333]]);
  assert.deepEqual(trace(figure, 0).text, [["0.12", "0.33"]]);
  assert.deepEqual(trace(figure, 0).x, ["0", "1"]);
  assert.equal(layoutOf(figure).yaxis.autorange, true);
  assert.equal(heatmap([[1]]).data[0].text, undefined, "no text without showValues");
});

test("heatmap names bad input", () => {
  assert.throws(() => heatmap([[1, 2], [3]]), /matrix\[1\] 有 1 列，matrix\[0\] 有 2 列/);
  assert.throws(() => heatmap([[1, 2]], { xLabels: ["a"] }), /xLabels 有 1 个值，matrix 的列数 有 2 个值/);
  assert.throws(() => heatmap([]), /matrix 为空/);
});

// --- histogram ----------------------------------------------------------

test("histogram counts values into equal bins", () => {
  // Range 0–4 in 2 bins of width 2: [0, 2) contains 0 and 1, [2, 4] contains 2, 3 and 4.
  const figure = histogram(new Float32Array([0, 1, 2, 3, 4]), { bins: 2 });
  const bars = trace(figure, 0);
  assert.deepEqual(bars.x, [1, 3]);
  assert.deepEqual(bars.y, [2, 3]);
  assert.equal(bars.width, 2);
  assert.deepEqual(bars.customdata, [[0, 2], [2, 4]]);
  assert.equal(layoutOf(figure).yaxis.title.text, "个数（count）");
});

test("histogram overlays groups on shared bins", () => {
  const figure = histogram([{ name: "训练前", values: [0, 0, 1] }, { name: "训练后", values: [3, 4] }], { bins: 4, norm: "percent" });
  assert.equal(layoutOf(figure).barmode, "overlay");
  assert.deepEqual(trace(figure, 0).x, trace(figure, 1).x, "both groups use the same bins");
  // Range 0–4 in bins of width 1; 4 falls into the last bin, with 3.
  assert.deepEqual(trace(figure, 0).y, [66.667, 33.333, 0, 0]);
  assert.deepEqual(trace(figure, 1).y, [0, 0, 0, 100]);
  assert.equal(trace(figure, 0).marker.opacity, 0.55);
});

test("histogram density integrates to one", () => {
  const figure = histogram([0, 0.5, 1, 1.5, 2, 9], { bins: 3, norm: "density" });
  const bars = trace(figure, 0);
  const area = (bars.y as number[]).reduce((sum, height) => sum + height * bars.width, 0);
  assert.ok(Math.abs(area - 1) < 1e-4, `area ${area}`);
});

test("equalWidthBins handles equal values", () => {
  const bins = equalWidthBins([2, 2, 2], 4);
  assert.deepEqual(bins, { start: 1.5, width: 0.25, count: 4 });
  assert.deepEqual(countIntoBins([2, 2, 2], bins), [0, 0, 3, 0]);
});

test("histogram names bad input", () => {
  assert.throws(() => histogram([1, NaN]), /values\[1\] 必须是有限的数字，收到 NaN/);
  assert.throws(() => histogram([{ name: "a", values: [] }]), /input\[0\]\.values 为空/);
  assert.throws(() => histogram([1, 2], { bins: 0 }), /bins 必须是正整数，收到 0/);
  assert.throws(() => histogram([1, 2], { norm: "log" as never }), /norm 必须是.*收到 "log"/);
});

test("translucent converts hex to rgba", () => {
  assert.equal(translucent("#D55E00", 0.25), "rgba(213,94,0,0.25)");
  assert.throws(() => translucent("red", 0.5), /收到 red/);
});

// --- all helpers: escaping and rendering --------------------------------

function sampleFigures(title?: string): Record<string, Figure> {
  const lrPoints = Array.from({ length: 60 }, (_, index) => {
    const lr = 1e-5 * 10 ** (index / 10);
    const loss = lr > 2 ? NaN : 0.4 + 1.9 * Math.exp(-lr * 300) + (lr > 0.3 ? (lr - 0.3) * 4 : 0);
    return { lr, loss };
  });
  const epochs = Array.from({ length: 20 }, (_, epoch) => epoch);
  const history = {
    loss: epochs.map((epoch) => 1.6 * Math.exp(-epoch / 4) + 0.05),
    val_loss: epochs.map((epoch) => 1.6 * Math.exp(-epoch / 4) + 0.2 + 0.004 * (epoch - 8) ** 2),
  };
  return {
    gap: overfittingGap({ kind: "history", history }, { title }),
    learningCurve: overfittingGap({ kind: "learningCurve", sizes: [500, 1000, 2000, 5000, 10000], train: [0.02, 0.05, 0.08, 0.1, 0.11], validation: [0.6, 0.4, 0.28, 0.2, 0.16] }, { title, logX: true }),
    lr: lrSweep(lrPoints, { suggestedLr: 3e-3, title }),
    line: lineChart([{ name: "a", y: [1, 3, 2] }, { name: "b", y: [2, 1, 3] }], { title }),
    bar: barChart(["SGD", "Adam", "RMSProp"], [{ name: "训练", values: [0.9, 0.97, 0.95] }, { name: "验证", values: [0.88, 0.95, 0.93] }], { title, showValues: true }),
    scatter: scatterChart([{ x: 1, y: 2, text: "一" }, { x: 2, y: 3, text: "二" }, { x: 3, y: 1, text: "三" }], { title }),
    heatmap: heatmap([[50, 2, 1], [3, 40, 7], [0, 5, 45]], { xLabels: ["猫", "狗", "鸟"], yLabels: ["猫", "狗", "鸟"], showValues: true, title }),
    histogram: histogram([{ name: "训练前", values: epochs.map((epoch) => Math.sin(epoch)) }, { name: "训练后", values: epochs.map((epoch) => Math.cos(epoch) * 0.5) }], { bins: 10, title }),
  };
}

test("every helper escapes a script in the title", () => {
  for (const [kind, figure] of Object.entries(sampleFigures(MALICIOUS))) {
    const bundle = figureBundle(figure);
    const plotly = bundle[PLOTLY_MIME] as { layout: { title: { text: string } } };
    assert.equal(plotly.layout.title.text, ESCAPED, kind);
    assert.ok(JSON.stringify(plotly).includes("&lt;/script&gt;"), kind);
    const html = bundle["text/html"] as string;
    assert.equal(html.match(/<script/gi)?.length, 1, `${kind}: only the bundle's own script element`);
    assert.equal(html.match(/<\/script/gi)?.length, 1, kind);
  }
});

// --- rendering in Chromium ----------------------------------------------

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const chromiumMissing = !fs.existsSync(CHROMIUM) && !process.env.CI ? `Chromium 不在 ${CHROMIUM}：apt-get install chromium` : false;

interface SectionReport {
  kind: string;
  plots: number;
  svgs: number;
  fills: number;
  crosses: number;
  cellTexts: number;
  guideX: number;
  noteX: number;
}

// Runs in the page: per chart, what was drawn and where the guide line and its note are.
const REPORT_SCRIPT = `Array.from(document.querySelectorAll("section")).map(function (section) {
  function centreX(element) {
    if (!element) return NaN;
    var box = element.getBoundingClientRect();
    return box.left + box.width / 2;
  }
  return {
    kind: section.getAttribute("data-kind"),
    plots: section.querySelectorAll(".js-plotly-plot").length,
    svgs: section.querySelectorAll(".js-plotly-plot svg.main-svg").length,
    fills: section.querySelectorAll("path.js-fill").length,
    crosses: section.querySelectorAll(".scatterlayer .trace:nth-of-type(2) path.point").length,
    cellTexts: section.querySelectorAll(".heatmaplayer text").length,
    guideX: centreX(section.querySelector(".shapelayer path")),
    noteX: centreX(section.querySelector(".annotation")),
  };
})`;

function writePage(figures: Record<string, Figure>): string {
  const plotly = fs.readFileSync(path.join(__dirname, "..", "..", "node_modules", "plotly.js-dist-min", "plotly.min.js"), "utf8");
  const sections = Object.entries(figures).map(([kind, figure]) => `<section data-kind="${kind}">\n${figureBundle(figure)["text/html"]}\n</section>`);
  const page = `<!doctype html><html><head><meta charset="utf-8"><script>${plotly}</script></head><body style="width:900px">\n${sections.join("\n")}\n</body></html>`;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dl30-plot-")), "charts.html");
  fs.writeFileSync(file, page);
  return file;
}

test("every helper renders in Chromium", { skip: chromiumMissing, timeout: 120_000 }, async () => {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const file = writePage(sampleFigures());
  try {
    const context = await browser.newContext({ viewport: { width: 960, height: 800 } });
    const blocked: string[] = [];
    await context.route(/^https?:/, (route) => {
      blocked.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(pathToFileURL(file).href);
    await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot .main-svg").length >= 8, undefined, { timeout: 60_000 });

    // Passed as source text: tsx would wrap named inner functions in a helper the page lacks.
    const report: SectionReport[] = await page.evaluate(REPORT_SCRIPT);

    assert.deepEqual(errors, []);
    assert.deepEqual(blocked, []);
    for (const section of report) {
      assert.equal(section.plots, 1, `${section.kind}: one plot`);
      assert.ok(section.svgs >= 1, `${section.kind}: drawn as SVG`);
    }
    const byKind = Object.fromEntries(report.map((section) => [section.kind, section]));
    assert.ok(byKind.gap.fills >= 1, "the gap is shaded");
    assert.ok(byKind.learningCurve.fills >= 1, "the learning-curve gap is shaded");
    assert.ok(byKind.lr.crosses >= 5, `diverged markers drawn: ${byKind.lr.crosses}`);
    assert.ok(Math.abs(byKind.lr.guideX - byKind.lr.noteX) < 3, `suggested-LR note above its line: ${byKind.lr.guideX} vs ${byKind.lr.noteX}`);
    assert.ok(Math.abs(byKind.gap.guideX - byKind.gap.noteX) < 3, `best-epoch note above its line: ${byKind.gap.guideX} vs ${byKind.gap.noteX}`);
    assert.equal(byKind.heatmap.cellTexts, 9, "one number per cell");

    const shot = process.env.DL30_PLOT_SCREENSHOT;
    if (shot) await page.screenshot({ path: shot, fullPage: true });
  } finally {
    await browser.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
});

test("lrSweep flags points marked diverged", () => {
  const figure = lrSweep([
    { lr: 0.01, loss: 0.5 },
    { lr: 0.1, loss: 0.3 },
    { lr: 10, loss: 14.5, diverged: true },
  ]);
  const line = figure.data[0] as { y: (number | null)[] };
  assert.deepEqual(line.y, [0.5, 0.3, null]);
  const crosses = figure.data.find((trace) => (trace as { name?: string }).name === "发散（diverged）") as { x: number[]; customdata: string[] };
  assert.deepEqual(crosses.x, [10]);
  assert.deepEqual(crosses.customdata, ["14.5"]);
});
