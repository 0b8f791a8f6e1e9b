import assert from "node:assert/strict";
import { test } from "node:test";
import { trainingCurves } from "../../src/plot/curves";
import { escapeFigureText, figureBundle, PLOTLY_MIME } from "../../src/plot/figure";
import { imageGrid } from "../../src/plot/images";

const MALICIOUS = "</script><script>alert(1)</script>";

test("figureBundle carries plotly, html and text", () => {
  const bundle = figureBundle({ data: [{ type: "scatter", x: [1, 2], y: [3, 4] }], layout: { title: { text: "曲线" } } });
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  const plotly = bundle[PLOTLY_MIME] as { data: { y: number[] }[] };
  assert.deepEqual(plotly.data[0].y, [3, 4]);
  assert.match(bundle["text/html"] as string, /window\.Plotly\.newPlot/);
  assert.match(bundle["text/plain"] as string, /曲线/);
});

test("figureBundle escapes a script in the title", () => {
  const bundle = figureBundle({ data: [{ type: "scatter", name: MALICIOUS, x: [1], y: [1] }], layout: { title: { text: MALICIOUS }, xaxis: { title: { text: MALICIOUS } } } });
  const html = bundle["text/html"] as string;
  assert.equal(html.match(/<script>/g)?.length, 1, "only the bundle's own script element");
  assert.equal(html.match(/<\/script>/g)?.length, 1);
  const plotly = bundle[PLOTLY_MIME] as { layout: { title: { text: string } }; data: { name: string }[] };
  assert.equal(plotly.layout.title.text, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
  assert.equal(plotly.data[0].name, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
});

test("figureBundle keeps quotes in titles", () => {
  // plotly decodes &lt; &gt; &amp; but not &quot;, so quotes must stay as they are.
  const bundle = figureBundle({ data: [], layout: { title: { text: `每个数字一张"模板" & <b>` } } });
  const plotly = bundle[PLOTLY_MIME] as { layout: { title: { text: string } } };
  assert.equal(plotly.layout.title.text, `每个数字一张"模板" &amp; &lt;b&gt;`);
});

test("escapeFigureText keeps numbers and leaves the input unchanged", () => {
  const figure = { data: [{ type: "heatmap", z: [[1, null]], text: ["<a>"] }], layout: { title: "<t>" } };
  const escaped = escapeFigureText(figure);
  assert.deepEqual(escaped.data[0].z, [[1, null]]);
  assert.deepEqual(escaped.data[0].text, ["&lt;a&gt;"]);
  assert.equal(escaped.layout.title, "&lt;t&gt;");
  assert.equal(figure.layout.title, "<t>");
});

test("trainingCurves draws train solid and validation dashed", () => {
  const figure = trainingCurves([
    { name: "A", history: { loss: [1, 0.5], val_loss: [1.1, 0.7], acc: [0.5, 0.8], val_acc: [0.4, 0.7] } },
    { name: "B", history: { loss: [0.9, 0.4], acc: [0.6, 0.9] } },
  ]);
  assert.equal(figure.data.length, 6);
  const first = figure.data[0] as { x: number[]; y: number[]; line: { dash: string }; xaxis: string };
  assert.deepEqual(first.x, [1, 2]);
  assert.deepEqual(first.y, [1, 0.5]);
  assert.equal(first.line.dash, "solid");
  assert.equal((figure.data[1] as { line: { dash: string } }).line.dash, "dash");
  assert.equal((figure.data[2] as { yaxis: string }).yaxis, "y2");
  assert.notEqual((figure.data[0] as { line: { color: string } }).line.color, (figure.data[4] as { line: { color: string } }).line.color);
  assert.match(JSON.stringify(figure.layout), /轮次（epoch）/);
});

test("trainingCurves rejects no runs", () => {
  assert.throws(() => trainingCurves([]), /runs 为空/);
});

test("imageGrid tiles images with gaps", () => {
  const image = (value: number) => new Float32Array(4).fill(value);
  const figure = imageGrid([image(1), image(2), image(3)], { height: 2, width: 2, columns: 2, normalizeEach: false, captions: ["a", "b", "c"] });
  const z = (figure.data[0] as { z: (number | null)[][] }).z;
  assert.equal(z.length, 2 * 3 - 1);
  assert.equal(z[0].length, 2 * 3 - 1);
  assert.deepEqual(z[0], [1, 1, null, 2, 2]);
  assert.deepEqual(z[2], [null, null, null, null, null]);
  assert.deepEqual(z[3], [3, 3, null, null, null]);
  assert.equal((figure.layout.annotations as unknown[]).length, 3);
});

test("imageGrid names a wrongly sized image", () => {
  assert.throws(() => imageGrid([new Float32Array(4), new Float32Array(3)], { height: 2, width: 2 }), /第 1 张图像有 3 个像素.*2×2=4/);
  assert.throws(() => imageGrid([], { height: 2, width: 2 }), /images 为空/);
});
