// series_periods_detect / series_periods_validate and the automatic seasonality of series_decompose
// and series_seasonal.
//
// Kusto documents what the functions return (periods in bins, ordered by a score in [0, 1]; only
// periods of at least 4 bins and at most half the series) but not how the score is computed. Vigil
// scores a period p by the autocorrelation of the linearly detrended series at lag p (normalised by
// the number of overlapping pairs, clamped to [0, 1]); a candidate must be a local maximum of that
// autocorrelation, and one within 20 % of a better period or of a multiple of it (side lobes and
// harmonics) is not reported, nor one scoring below 0.5 (insignificant: the documented outputs
// report no second period, and score 0 for a period the series does not have). On the documented example (a weekly pattern in 12-hour bins) this
// finds the documented period 14 and no second one, with a score of 0.98 where Kusto shows 0.84.
// The automatic seasonality searches periods of 4 … n/3 bins (at least three cycles), which gives
// the documented series_seasonal results (periods 6 and 5 found, none in a 12-point series).

import { fitLine, numbers } from './numeric.js';

/** The series with missing values as the mean of the others, minus its least-squares line. */
function detrended(ys: ReadonlyArray<number | null>): number[] | undefined {
  const known = ys.filter((y): y is number => y !== null);
  if (known.length < 2) return undefined;
  const m = known.reduce((a, b) => a + b, 0) / known.length;
  const filled = ys.map((y) => (y === null ? m : y));
  const xs = filled.map((_y, i) => i);
  const line = fitLine(xs, filled);
  return filled.map((y, i) => y - (line.interception + line.slope * i));
}

/** Autocorrelation at lag p, normalised by the number of pairs (the "unbiased" estimate). */
function autocorrelation(d: readonly number[], p: number): number {
  const n = d.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) den += d[i]! * d[i]!;
  if (den === 0 || p >= n) return 0;
  for (let i = 0; i + p < n; i++) num += d[i]! * d[i + p]!;
  return (num / (n - p)) / (den / n);
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
/** Scores below this are reported as no period (0). */
const SIGNIFICANT = 0.5;

export interface PeriodsResult {
  periods: number[];
  scores: number[];
}

/** The best `count` periods within [min, max] (padded with zeros), ordered by score. */
export function detectPeriods(ys: ReadonlyArray<number | null>, min: number, max: number, count: number): PeriodsResult {
  const out: PeriodsResult = { periods: [], scores: [] };
  const d = detrended(ys);
  const lo = Math.max(4, Math.ceil(min));
  const hi = Math.min(Math.floor(ys.length / 2), Math.floor(max));
  if (d && hi >= lo) {
    const acf = (p: number) => (p >= 1 && p < d.length ? autocorrelation(d, p) : -Infinity);
    const candidates: Array<{ p: number; score: number }> = [];
    for (let p = lo; p <= hi; p++) {
      const a = acf(p);
      if (a >= SIGNIFICANT && a >= acf(p - 1) && a >= acf(p + 1)) candidates.push({ p, score: clamp01(a) });
    }
    candidates.sort((x, y) => y.score - x.score || x.p - y.p);
    const near = (p: number, q: number) => {
      for (let k = 1; k * q <= p * 1.25; k++) if (Math.abs(p - k * q) <= 0.2 * k * q) return true;
      return false;
    };
    for (const c of candidates) {
      if (out.periods.length >= count) break;
      if (out.periods.some((q) => near(c.p, q))) continue;
      out.periods.push(c.p);
      out.scores.push(c.score);
    }
  }
  while (out.periods.length < count) { out.periods.push(0); out.scores.push(0); }
  return out;
}

/** The score of each given period (0 when the series shows no such period). */
export function validatePeriods(ys: ReadonlyArray<number | null>, periods: readonly number[]): PeriodsResult {
  const d = detrended(ys);
  return {
    periods: [...periods],
    scores: periods.map((p) => {
      const lag = Math.round(p);
      if (!d || lag < 1 || lag > ys.length / 2) return 0;
      const a = autocorrelation(d, lag);
      return a >= SIGNIFICANT ? clamp01(a) : 0;
    }),
  };
}

/** The automatically detected seasonal period, or 0 when no period scores at least `threshold`. */
export function autoPeriod(ys: ReadonlyArray<number | null>, threshold: number): number {
  const r = detectPeriods(ys, 4, Math.floor(ys.length / 3), 1);
  return r.periods[0]! > 0 && r.scores[0]! >= threshold ? r.periods[0]! : 0;
}

export function seriesPeriodsDetect(series: unknown, min: number | null, max: number | null, count: number | null): PeriodsResult | null {
  const ys = numbers(series);
  if (!ys || min === null || max === null || count === null || count < 1) return null;
  return detectPeriods(ys, min, max, Math.floor(count));
}

export function seriesPeriodsValidate(series: unknown, periods: readonly (number | null)[]): PeriodsResult | null {
  const ys = numbers(series);
  if (!ys) return null;
  return validatePeriods(ys, periods.filter((p): p is number => p !== null));
}
