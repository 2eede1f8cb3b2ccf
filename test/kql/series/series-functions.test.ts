// The series_* functions Vigil runs in JS (src/kql/runtime/series), through the DuckDB dialect,
// against the documented examples of the Kusto reference (values quoted per test) and the scores
// Kusto's team published for series_outliers.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KqlRunner } from '../dialects/run-kql.js';

let k: KqlRunner;
before(async () => { k = await KqlRunner.create(); });
after(() => k.close());

const close = (a: number, b: number, eps = 1e-9) => Math.abs(a - b) <= eps * Math.max(1, Math.abs(b));

test('series_fit_line: the documented fit of y = [2, 5, 6, …] (series-fit-line-function.md)', async () => {
  const r = await k.run('print y = dynamic([2, 5, 6, 8, 11, 15, 17, 18, 25, 26, 30, 30]) | extend (RSquare, Slope, Variance, RVariance, Interception, LineFit) = series_fit_line(y) | project-away y');
  const [rs, slope, v, rv, b, line] = r.rows[0] as [number, number, number, number, number, number[]];
  // The doc shows 0.982, 2.730, 98.628, 1.686, -1.666 and a line starting 1.064, 3.7945, 6.526.
  assert.ok(rs > 0.982 && rs < 0.983 && slope > 2.730 && slope < 2.731, `${rs} ${slope}`);
  assert.ok(v > 98.628 && v < 98.629 && rv > 1.686 && rv < 1.687 && b > -1.667 && b < -1.666, `${v} ${rv} ${b}`);
  assert.equal(line.length, 12);
  assert.ok(close(line[0]!, b + slope) && line[1]! > 3.7945 && line[1]! < 3.795);
});

test('series_outliers: the scores Kusto published for [-3, 2.4, 15, …] (custom Tukey, 10th/90th percentiles)', async () => {
  const s = await k.scalar('print series_outliers(dynamic([-3, 2.4, 15, 3.9, 5, 6, 4.5, 5.2, 3, 4, 5, 16, 7, 5, 5, 4]))') as number[];
  const expected = [-1.9040785483608571, -0.10021466044004519, 1.3361954725339347, 0, 0, 0, 0, 0, 0, 0, 0, 1.6702443406674186, 0, 0, 0, 0];
  assert.equal(s.length, expected.length);
  s.forEach((x, i) => assert.ok(close(x, expected[i]!), `${i}: ${x} vs ${expected[i]}`));
});

test('series_seasonal: detected periods 6 and 5, none for a 12-point series, a forced period 3 (series-seasonal-function.md)', async () => {
  const r = await k.run(`print s=dynamic([2, 5, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1])
| union (print s=dynamic([8, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10]))
| union (print s=dynamic([1, 3, 5, 2, 4, 6, 1, 3, 5, 2, 4, 6]))
| extend auto = series_seasonal(s), forced = series_seasonal(s, 3)
| extend n = array_length(s) | sort by n desc | project auto, forced`);
  assert.deepEqual(r.rows[0]![0], [1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1]);
  assert.deepEqual(r.rows[1]![0], [10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10, 10, 12, 14, 12, 10]);
  assert.deepEqual(r.rows[2]![0], new Array(12).fill(0));
  assert.deepEqual(r.rows[2]![1], [1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5, 1.5, 3.5, 5.5]);
});

const TRAFFIC = 'dynamic([80, 139, 87, 110, 68, 54, 50, 51, 53, 133, 86, 141, 97, 156, 94, 149, 95, 140, 77, 61, 50, 54, 47, 133, 72, 152, 94, 148, 105, 162, 101, 160, 87, 63, 53, 55, 54, 151, 103, 189, 108, 183, 113, 175, 113, 178, 90, 71, 62, 62, 65, 165, 109, 181, 115, 182, 121, 178, 114, 170])';

test('series_periods_detect / validate: the weekly period 14 of the documented traffic, and no other (series-periods-detect-function.md)', async () => {
  const d = await k.run(`print y=${TRAFFIC} | project series_periods_detect(y, 0.0, 50.0, 2)`);
  assert.deepEqual(d.columns.map((c) => c.name), ['series_periods_detect_y_periods', 'series_periods_detect_y_scores']);
  const [periods, scores] = d.rows[0] as [number[], number[]];
  assert.deepEqual(periods, [14, 0]);
  assert.ok(scores[0]! > 0.5 && scores[1] === 0);
  const v = await k.run(`print y=${TRAFFIC} | project series_periods_validate(y, 14.0, 10.0)`);
  const [vp, vs] = v.rows[0] as [number[], number[]];
  assert.deepEqual(vp, [14, 10]);
  assert.ok(vs[0]! > 0.5 && vs[1] === 0);
});

test('series_decompose_anomalies flags the outliers added to a weekly-periodic series and not the regular points', async () => {
  // As in series-decompose-anomalies-function.md: a weekly pattern (hourly bins, 5 weeks) plus three spikes.
  // The page's noise is 2*rand(); a fixed pseudo-random sequence in [0, 2) keeps the test repeatable.
  const r = await k.run(`range t from 1 to 24*7*5 step 1
| extend y = 2.0*((t*7919)%1009)/1009.0 + iff((t/24)%7>=5, 10.0, 15.0) - (((t%24)/10)*((t%24)/10))
| extend y = iff(t in (150, 200, 780), y - 10.0, y)
| extend y = iff(t in (300, 400, 600), y + 10.0, y)
| summarize t = make_list(t), y = make_list(y)
| extend (flag, score, baseline) = series_decompose_anomalies(y, 1.5, -1, 'linefit')
| mv-expand t to typeof(long), flag to typeof(long)
| where flag != 0
| project t, flag
| sort by t asc`);
  const flagged = new Map(r.rows.map((row) => [Number(row[0]), Number(row[1])]));
  for (const t of [150, 200, 780]) assert.equal(flagged.get(t), -1, `t=${t}`);
  for (const t of [300, 400, 600]) assert.equal(flagged.get(t), 1, `t=${t}`);
  assert.ok(flagged.size <= 12, `only the spikes and few others are flagged: ${[...flagged.keys()]}`);
});

test('series_decompose: baseline = seasonal + trend, residual = series − baseline; avg trend, period given', async () => {
  const r = await k.run('print y = dynamic([1, 5, 2, 6, 3, 7, 4, 8]) | extend (b, s, t, res) = series_decompose(y, 2, "avg") | project b, s, t, res');
  const [b, s, t, res] = r.rows[0] as number[][];
  // Phase medians: even positions 1,2,3,4 → 2.5; odd 5,6,7,8 → 6.5; de-seasonalised mean 0.
  assert.deepEqual(s, [2.5, 6.5, 2.5, 6.5, 2.5, 6.5, 2.5, 6.5]);
  assert.deepEqual(t, new Array(8).fill(0));
  assert.deepEqual(b, s);
  assert.deepEqual(res, [-1.5, -1.5, -0.5, -0.5, 0.5, 0.5, 1.5, 1.5]);
});

test('series_decompose_forecast: the test points are extrapolated by the trend line learnt before them', async () => {
  const r = await k.run('print y = dynamic([10, 20, 30, 40, 50, 0, 0, 0]) | extend f = series_decompose_forecast(y, 3, 0)');
  assert.deepEqual(r.columns.map((c) => c.name), ['y', 'f', 'series_decompose_forecast_y_seasonal', 'series_decompose_forecast_y_trend', 'series_decompose_forecast_y_residual']);
  const f = r.rows[0]![1] as number[];
  [10, 20, 30, 40, 50, 60, 70, 80].forEach((x, i) => assert.ok(close(f[i]!, x), `${i}: ${f[i]}`));
});

test('series_fit_2lines: a series that rises, jumps and falls is split at the jump', async () => {
  const r = await k.run('print y = dynamic([1, 2, 3, 4, 5, 6, 10, 9, 8, 7]) | extend (rs, idx, v, rv, line) = series_fit_2lines(y) | project rs, idx, line, right_slope = series_fit_2lines_y_right_slope');
  const [rs, idx, line, rslope] = r.rows[0] as [number, bigint, number[], number];
  assert.ok(close(rs, 1), String(rs));
  assert.equal(idx, 6n);
  assert.ok(close(rslope, -1));
  [1, 2, 3, 4, 5, 6, 10, 9, 8, 7].forEach((x, i) => assert.ok(close(line[i]!, x), `${i}: ${line[i]}`));
});

test('series_iir: the documented running sum (series-iir-function.md); series_fir: moving average', async () => {
  assert.deepEqual(await k.scalar('print series_iir(dynamic([1, 2, 3, 4]), dynamic([1]), dynamic([1, -1]))'), [1, 3, 6, 10]);
  assert.deepEqual(await k.scalar('print series_fir(dynamic([1, 2, 3, 4]), dynamic([1, 1]))'), [0.5, 1.5, 2.5, 3.5]);
  assert.deepEqual(await k.scalar('print series_fir(dynamic([1, 2, 3, 4]), dynamic([1, 1]), false)'), [1, 3, 5, 7]);
});

test('series_stats: the documented values (series-stats-function.md)', async () => {
  const r = await k.run('print x=dynamic([23, 46, 23, 87, 4, 8, 3, 75, 2, 56, 13, 75, 32, 16, 29]) | project series_stats(x)');
  assert.deepEqual(r.columns.map((c) => `${c.name}:${c.type}`), [
    'series_stats_x_min:real', 'series_stats_x_min_idx:long', 'series_stats_x_max:real', 'series_stats_x_max_idx:long',
    'series_stats_x_avg:real', 'series_stats_x_stdev:real', 'series_stats_x_variance:real',
  ]);
  const row = r.rows[0] as [number, bigint, number, bigint, number, number, number];
  assert.deepEqual(row.slice(0, 5), [2, 8n, 87, 3n, 32.8]);
  assert.ok(close(row[5], 28.5036338535483, 1e-12) && close(row[6], 812.457142857143, 1e-12));
});

test('series_outliers with other percentiles is refused by name (its scale is not documented)', () => {
  const c = k.compile('print series_outliers(dynamic([1, 2, 3]), "ctukey", double(null), 5, 95)');
  assert.equal(c.sql, undefined);
  assert.match(c.diagnostics[0]!.message, /series_outliers with percentiles other than 10 and 90/);
});
