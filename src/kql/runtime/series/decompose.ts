// series_decompose, series_decompose_anomalies, series_decompose_forecast, series_seasonal and
// series_outliers, as the Kusto reference documents them:
//   seasonal  the median of the learning points in the same phase of the period (detected with the
//             seasonality threshold, given, or none: 0);
//   trend     avg: the mean of the de-seasonalised learning points; linefit: their least-squares
//             line, extended over the test points; none: 0;
//   baseline  seasonal + trend; residual = series − baseline.
// The learning points are all but the last `test_points` (forecasting leaves them out).
// series_outliers scores a value by a custom Tukey test: (x − P_high) / (P_high − P_low) above the
// range, (x − P_low) / (P_high − P_low) below it, 0 inside, scaled so that 1.5 means a mild anomaly
// as with the standard 25/75 test. For the default 10/90 range the factor is 2.7726056055079…,
// the value of Kusto's published example (the Kusto team's answer on Stack Overflow: scores
// −1.9040785483608571 … for [−3, 2.4, 15, …] with P10 = 2.7, P90 = 11); for 25/75 it is 1.
// Percentiles interpolate linearly between ranks (P10 = 2.7 there).

import { fitLine, median, numbers, percentile } from './numeric.js';
import { autoPeriod } from './periods.js';

/** The default ctukey range's scale factor, from Kusto's published scores (see above). */
export const CTUKEY_10_90_FACTOR = (1.9040785483608571 * 8.3) / 5.7;

export type TrendKind = 'avg' | 'linefit' | 'none';

export interface Decomposition {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: Array<number | null>;
  /** Number of learning points. */
  learn: number;
}

function seasonalOf(ys: ReadonlyArray<number | null>, learn: number, period: number): number[] {
  const n = ys.length;
  if (period <= 0) return new Array<number>(n).fill(0);
  const phase: number[][] = Array.from({ length: period }, () => []);
  for (let i = 0; i < learn; i++) if (ys[i] !== null) phase[i % period]!.push(ys[i]!);
  const medians = phase.map((p) => (p.length ? median(p) : 0));
  return ys.map((_y, i) => medians[i % period]!);
}

export function decompose(ys: ReadonlyArray<number | null>, seasonality: number, trend: TrendKind, testPoints: number, seasonalityThreshold: number): Decomposition {
  const n = ys.length;
  const learn = Math.max(0, n - Math.max(0, testPoints));
  const period = seasonality < 0 ? autoPeriod(ys.slice(0, learn), seasonalityThreshold) : seasonality;
  const seasonal = seasonalOf(ys, learn, period);
  const xs: number[] = [];
  const ds: number[] = [];
  for (let i = 0; i < learn; i++) if (ys[i] !== null) { xs.push(i); ds.push(ys[i]! - seasonal[i]!); }
  let trendValues: number[];
  if (trend === 'none' || ds.length === 0) {
    trendValues = new Array<number>(n).fill(0);
  } else if (trend === 'avg') {
    const m = ds.reduce((a, b) => a + b, 0) / ds.length;
    trendValues = new Array<number>(n).fill(m);
  } else {
    const line = fitLine(xs, ds);
    trendValues = ys.map((_y, i) => line.interception + line.slope * i);
  }
  const baseline = seasonal.map((s, i) => s + trendValues[i]!);
  const residual = ys.map((y, i) => (y === null ? null : y - baseline[i]!));
  return { baseline, seasonal, trend: trendValues, residual, learn };
}

/** Anomaly scores of `xs` against the percentile range of `reference` (the learning values). */
export function outlierScores(xs: ReadonlyArray<number | null>, reference: readonly number[], kind: 'tukey' | 'ctukey'): number[] {
  const [lo, hi, factor] = kind === 'tukey' ? [25, 75, 1] : [10, 90, CTUKEY_10_90_FACTOR];
  if (reference.length === 0) return xs.map(() => 0);
  const sorted = [...reference].sort((a, b) => a - b);
  const pLo = percentile(sorted, lo);
  const pHi = percentile(sorted, hi);
  const range = pHi - pLo;
  return xs.map((x) => {
    if (x === null) return 0;
    if (x > pHi) return range === 0 ? (x === pHi ? 0 : Infinity) : ((x - pHi) / range) * factor;
    if (x < pLo) return range === 0 ? -Infinity : ((x - pLo) / range) * factor;
    return 0;
  });
}

const DEFAULT_SEASONALITY_THRESHOLD = 0.6;

function trendKind(t: string | null, dflt: TrendKind): TrendKind | undefined {
  if (t === null || t === '') return dflt;
  return t === 'avg' || t === 'linefit' || t === 'none' ? t : undefined;
}

function seasonalityArg(s: number | null): number | undefined {
  if (s === null) return -1;
  return Number.isInteger(s) && s >= -1 ? s : undefined;
}

export interface DecomposeResult {
  baseline: number[];
  seasonal: number[];
  trend: number[];
  residual: Array<number | null>;
}

export function seriesDecompose(series: unknown, seasonality: number | null, trend: string | null, testPoints: number | null, threshold: number | null): DecomposeResult | null {
  const ys = numbers(series);
  const s = seasonalityArg(seasonality);
  const t = trendKind(trend, 'avg');
  if (!ys || s === undefined || t === undefined) return null;
  const d = decompose(ys, s, t, testPoints ?? 0, threshold ?? DEFAULT_SEASONALITY_THRESHOLD);
  return { baseline: d.baseline, seasonal: d.seasonal, trend: d.trend, residual: d.residual };
}

export interface AnomaliesResult {
  ad_flag: number[];
  ad_score: number[];
  baseline: number[];
}

export function seriesDecomposeAnomalies(
  series: unknown, threshold: number | null, seasonality: number | null, trend: string | null,
  testPoints: number | null, method: string | null, seasonalityThreshold: number | null,
): AnomaliesResult | null {
  const ys = numbers(series);
  const s = seasonalityArg(seasonality);
  const t = trendKind(trend, 'avg');
  const kind = method === null || method === '' ? 'ctukey' : method;
  if (!ys || s === undefined || t === undefined || (kind !== 'ctukey' && kind !== 'tukey')) return null;
  const k = threshold ?? 1.5;
  const d = decompose(ys, s, t, testPoints ?? 0, seasonalityThreshold ?? DEFAULT_SEASONALITY_THRESHOLD);
  const reference = d.residual.slice(0, d.learn).filter((r): r is number => r !== null);
  const scores = outlierScores(d.residual, reference, kind);
  return {
    ad_flag: scores.map((x) => (x > k ? 1 : x < -k ? -1 : 0)),
    ad_score: scores,
    baseline: d.baseline,
  };
}

/** series_decompose_forecast: the decomposition with the last `points` values as test points. */
export function seriesDecomposeForecast(series: unknown, points: number | null, seasonality: number | null, trend: string | null, threshold: number | null): DecomposeResult | null {
  const ys = numbers(series);
  const s = seasonalityArg(seasonality);
  const t = trendKind(trend, 'linefit');
  if (!ys || points === null || points < 0 || s === undefined || t === undefined) return null;
  const d = decompose(ys, s, t, points, threshold ?? DEFAULT_SEASONALITY_THRESHOLD);
  return { baseline: d.baseline, seasonal: d.seasonal, trend: d.trend, residual: d.residual };
}

/** series_seasonal: the seasonal component (period detected with threshold 0.7, or given). */
export function seriesSeasonal(series: unknown, period: number | null): number[] | null {
  const ys = numbers(series);
  if (!ys) return null;
  const p = period === null || period === -1 ? autoPeriod(ys, 0.7) : Number.isInteger(period) && period > 0 ? period : 0;
  return seasonalOf(ys, ys.length, p);
}

/**
 * series_outliers(series, kind, ignore_val, min_percentile, max_percentile): nulls and values equal
 * to ignore_val score 0 and are left out of the percentiles. Only the default ranges are known
 * (see above); another range is rejected by the dialect before a query runs.
 */
export function seriesOutliers(series: unknown, kind: string | null, ignore: number | null): number[] | null {
  const ys = numbers(series);
  const k = kind === null || kind === '' ? 'ctukey' : kind;
  if (!ys || (k !== 'tukey' && k !== 'ctukey')) return null;
  const xs = ys.map((y) => (y !== null && ignore !== null && y === ignore ? null : y));
  return outlierScores(xs, xs.filter((x): x is number => x !== null), k);
}
