import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { createLiveDisplay, MimeBundle, setDisplaySink, showBundle } from "../../src/display/bridge";
import { escapeHtml, jsonForScript } from "../../src/display/escape";
import { formatTable } from "../../src/display/table";

afterEach(() => setDisplaySink(undefined));

test("escapeHtml escapes markup characters", () => {
  assert.equal(escapeHtml(`<b a="1">'&'</b>`), "&lt;b a=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;");
});

test("jsonForScript cannot close a script element", () => {
  const json = jsonForScript({ title: "</script><script>alert(1)</script>", line: "a\u2028b" });
  assert.ok(!json.includes("</script"), json);
  assert.ok(!json.includes("<"), json);
  assert.deepEqual(JSON.parse(json), { title: "</script><script>alert(1)</script>", line: "a\u2028b" });
});

test("showBundle sends one new output", () => {
  const sent: [MimeBundle, string | undefined, boolean][] = [];
  setDisplaySink((bundle, id, update) => sent.push([bundle, id, update]));
  showBundle({ "text/plain": "hello" });
  assert.equal(sent.length, 1);
  assert.equal(sent[0][1], undefined);
  assert.equal(sent[0][2], false);
});

test("live display updates one output in place", () => {
  const sent: [MimeBundle, string | undefined, boolean][] = [];
  setDisplaySink((bundle, id, update) => sent.push([bundle, id, update]));
  const live = createLiveDisplay();
  live.update({ "text/plain": "1" });
  live.update({ "text/plain": "2" });
  live.update({ "text/plain": "3" });
  assert.equal(sent.length, 3);
  assert.ok(sent[0][1], "display id must be set");
  assert.ok(sent.every(([, id]) => id === sent[0][1]), "all updates share one display id");
  assert.deepEqual(sent.map(([, , update]) => update), [false, true, true]);
});

test("formatTable escapes cells and formats numbers", () => {
  const { html, text } = formatTable([{ 模型: "<MLP>", 准确率: 0.98765, 参数量: 7850 }], { title: "结果", digits: 3 });
  assert.ok(html.includes("&lt;MLP&gt;"), html);
  assert.ok(!html.includes("<MLP>"), html);
  assert.ok(html.includes("<td>0.988</td>"), html);
  assert.ok(html.includes("<td>7850</td>"), html);
  assert.equal(text.split("\n")[0], "结果");
});

test("formatTable rejects empty rows", () => {
  assert.throws(() => formatTable([]), /rows 为空/);
});
