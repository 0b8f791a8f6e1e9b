import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { tf } from "../../src/backend";
import { assertDataError } from "../support/data-error";
import { loadCo2, loadSeattleWeather, loadUsBirths, usBirthsFile, vegaDataFile } from "../../src/data/series";
import { fitStandardizer, makeWindows, splitSeries, windowArrays } from "../../src/data/windows";

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "dl30-series-"));
after(() => fs.rmSync(tempDir, { recursive: true, force: true }));

/** Writes a copy of `source` with `edit` applied to its lines and returns the copy's path. */
function damagedCopy(source: string, name: string, edit: (lines: string[]) => string[]): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, edit(fs.readFileSync(source, "utf8").split("\n")).join("\n"));
  return file;
}

test("loadCo2 reads 741 months", () => {
  const co2 = loadCo2();
  assert.equal(co2.dates.length, 741);
  assert.equal(co2.values.length, 741);
  assert.equal(co2.adjusted.length, 741);
  assert.deepEqual([co2.dates[0], co2.values[0], co2.adjusted[0]], ["1958-03-01", 315.7, 314.44]);
  assert.deepEqual([co2.dates[3], co2.values[3]], ["1958-07-01", 315.86]);
  assert.deepEqual([co2.dates[740], co2.values[740], co2.adjusted[740]], ["2020-04-01", 416.18, 413.35]);
});

test("loadSeattleWeather reads 1461 days", () => {
  const weather = loadSeattleWeather();
  assert.equal(weather.dates.length, 1461);
  assert.deepEqual(
    [weather.dates[0], weather.precipitation[0], weather.tempMax[0], weather.tempMin[0], weather.wind[0], weather.weather[0]],
    ["2012-01-01", 0, 12.8, 5, 4.7, "drizzle"],
  );
  assert.deepEqual([weather.dates[1], weather.precipitation[1], weather.weather[1]], ["2012-01-02", 10.9, "rain"]);
  assert.deepEqual([weather.dates[1460], weather.tempMin[1460], weather.weather[1460]], ["2015-12-31", -2.1, "sun"]);
});

test("loadUsBirths reads 5479 days", () => {
  const births = loadUsBirths();
  assert.equal(births.births.length, 5479);
  assert.deepEqual(births.births.slice(0, 4), [9083, 8006, 11363, 13032]);
  assert.deepEqual(births.dayOfWeek.slice(0, 2), [6, 7]);
  assert.deepEqual([births.dates[0], births.dates[5478], births.births[5478]], ["2000-01-01", "2014-12-31", 11990]);
  assert.equal(births.dates[59], "2000-02-29");
});

test("loaders name a malformed value", () => {
  const co2 = damagedCopy(vegaDataFile("co2-concentration.csv"), "co2-bad.csv", (lines) => {
    lines[3] = lines[3].replace("317.51", "317.5x");
    return lines;
  });
  assertDataError(() => loadCo2({ file: co2 }), /co2-bad\.csv/, /第 4 行/, /列 CO2/, /"317\.5x"/);

  const weather = damagedCopy(vegaDataFile("seattle-weather.csv"), "weather-bad.csv", (lines) => {
    lines[3] = "2012-01-03,,11.7,7.2,2.3,rain";
    return lines;
  });
  assertDataError(() => loadSeattleWeather({ file: weather }), /weather-bad\.csv 第 4 行/, /precipitation 的值 ""/);

  const kind = damagedCopy(vegaDataFile("seattle-weather.csv"), "weather-kind.csv", (lines) => {
    lines[2] = lines[2].replace(",rain", ",hail");
    return lines;
  });
  assertDataError(() => loadSeattleWeather({ file: kind }), /第 3 行/, /"hail"/);
});

test("loaders reject truncated files and bad headers", () => {
  const truncated = damagedCopy(usBirthsFile(), "births-cut.csv", (lines) => lines.slice(0, 5000));
  assertDataError(() => loadUsBirths({ file: truncated }), /births-cut\.csv/, /4999 行数据，应为 5479 行/);

  const header = damagedCopy(vegaDataFile("co2-concentration.csv"), "co2-header.csv", (lines) => ["date,co2,adjusted", ...lines.slice(1)]);
  assertDataError(() => loadCo2({ file: header }), /第 1 行/, /"date,co2,adjusted"/);

  const missing = path.join(tempDir, "no-such.csv");
  assertDataError(() => loadSeattleWeather({ file: missing }), new RegExp(`找不到数据文件 ${missing.replace(/[.\\]/g, "\\$&")}`));
});

test("loaders check dates", () => {
  const gap = damagedCopy(vegaDataFile("seattle-weather.csv"), "weather-gap.csv", (lines) => {
    [lines[10], lines[11]] = [lines[11], lines[10]];
    return lines;
  });
  assertDataError(() => loadSeattleWeather({ file: gap }), /第 11 行/, /"2012-01-11"/, /"2012-01-09"/);

  const leap = damagedCopy(usBirthsFile(), "births-leap.csv", (lines) => {
    lines[400] = "2001,02,29,4,9000";
    return lines;
  });
  assertDataError(() => loadUsBirths({ file: leap }), /第 401 行/, /"2001-02-29"/);
});

test("windowArrays cuts windows by hand", () => {
  const windows = windowArrays([1, 2, 3, 4, 5, 6], 3, 2);
  assert.equal(windows.count, 2);
  assert.deepEqual(Array.from(windows.x), [1, 2, 3, 2, 3, 4]);
  assert.deepEqual(Array.from(windows.y), [4, 5, 5, 6]);

  const single = windowArrays([7, 8], 1, 1);
  assert.deepEqual([single.count, Array.from(single.x), Array.from(single.y)], [1, [7], [8]]);
});

test("makeWindows returns [n, w, 1] and [n, h] tensors", () => {
  const before = tf.memory().numTensors;
  const { x, y } = makeWindows([10, 20, 30, 40, 50], 2, 1);
  assert.deepEqual(x.shape, [3, 2, 1]);
  assert.deepEqual(y.shape, [3, 1]);
  assert.deepEqual(x.arraySync(), [[[10], [20]], [[20], [30]], [[30], [40]]]);
  assert.deepEqual(y.arraySync(), [[30], [40], [50]]);
  tf.dispose([x, y]);
  assert.equal(tf.memory().numTensors, before);
});

test("windowing names bad arguments", () => {
  assert.throws(() => windowArrays([1, 2, 3], 0, 1), /windowSize 必须是 ≥ 1 的整数，收到 0/);
  assert.throws(() => windowArrays([1, 2, 3], 1, 1.5), /horizon 必须是 ≥ 1 的整数，收到 1\.5/);
  assert.throws(() => windowArrays([1, 2, 3, 4], 3, 2), /长度 4.*3 \+ 2 = 5/);
  assert.throws(() => makeWindows([1, NaN, 3], 1, 1), /第 1 个值是 NaN/);
});

test("splitSeries splits by time", () => {
  const series = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const split = splitSeries(series, 0.7);
  assert.deepEqual(split.train, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(split.test, [7, 8, 9]);
  assert.equal(split.splitIndex, 7);

  const withContext = splitSeries(series, 0.7, { context: 3 });
  assert.deepEqual(withContext.test, [4, 5, 6, 7, 8, 9]);
  assert.equal(withContext.testStart, 4);
  assert.deepEqual(Array.from(windowArrays(withContext.test, 3, 1).y), [7, 8, 9]);

  assert.throws(() => splitSeries(series, 1), /trainFraction 必须在 0 和 1 之间.*收到 1/);
  assert.throws(() => splitSeries([1, 2], 0.1), /长度 2.*0\.1/);
  assert.throws(() => splitSeries(series, 0.5, { context: 6 }), /context 必须是 0 到 5.*收到 6/);
});

test("fitStandardizer uses only the training part", () => {
  const split = splitSeries([1, 2, 3, 4, 100], 0.8);
  const scaler = fitStandardizer(split.train);
  assert.equal(scaler.mean, 2.5);
  assert.ok(Math.abs(scaler.std - Math.sqrt(1.25)) < 1e-12);

  const scaled = scaler.apply(split.test);
  assert.ok(Math.abs(scaled[0] - 97.5 / Math.sqrt(1.25)) < 1e-9);
  const train = scaler.apply(split.train);
  assert.ok(Math.abs(train.reduce((a, b) => a + b, 0)) < 1e-12, "training part has mean 0");
  assert.ok(Math.abs(scaler.invert(scaled)[0] - 100) < 1e-9);

  assert.throws(() => fitStandardizer([5, 5, 5]), /标准差为 0.*5/);
  assert.throws(() => fitStandardizer([1]), /至少需要 2 个值，收到 1 个/);
});

test("windows of real CO2 data line up with the series", () => {
  const co2 = loadCo2();
  const split = splitSeries(co2.values, 0.8, { context: 12 });
  const scaler = fitStandardizer(split.train);
  const windows = windowArrays(scaler.apply(split.test), 12, 3);
  assert.equal(windows.count, 741 - split.splitIndex - 2);
  const firstTarget = scaler.invert([windows.y[0]])[0];
  assert.ok(Math.abs(firstTarget - co2.values[split.splitIndex]) < 1e-3);
});
