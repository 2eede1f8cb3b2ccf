// series_iir, series_fir and series_stats (series-iir-function.md, series-fir-function.md,
// series-stats-function.md).

import { mean, numbers, variance } from './numeric.js';

/**
 * Infinite impulse response filter: y[n] = (Σ b[i]·x[n−i] − Σ_{j≥1} a[j]·y[n−j]) / a[0]
 * (the documented running sum: b = [1], a = [1, −1]). Missing inputs count as 0.
 */
export function seriesIir(series: unknown, numerators: unknown, denominators: unknown): number[] | null {
  const x = numbers(series);
  const b = numbers(numerators);
  const a = numbers(denominators);
  if (!x || !b || !a || a.length === 0 || !a[0]) return null;
  const a0 = a[0];
  const y: number[] = [];
  for (let n = 0; n < x.length; n++) {
    let v = 0;
    for (let i = 0; i < b.length && i <= n; i++) v += (b[i] ?? 0) * (x[n - i] ?? 0);
    for (let j = 1; j < a.length && j <= n; j++) v -= (a[j] ?? 0) * y[n - j]!;
    y.push(v / a0);
  }
  return y;
}

/**
 * Finite impulse response filter: y[n] = Σ f[i]·x[n−i], the filter divided by its sum when
 * `normalize` (default true), and centred on n when `center` (default false). Values outside the
 * series count as 0.
 */
export function seriesFir(series: unknown, filter: unknown, normalize: boolean | null, center: boolean | null): number[] | null {
  const x = numbers(series);
  const f0 = numbers(filter);
  if (!x || !f0 || f0.length === 0) return null;
  let f = f0.map((v) => v ?? 0);
  if (normalize ?? true) {
    const s = f.reduce((p, q) => p + q, 0);
    if (s !== 0) f = f.map((v) => v / s);
  }
  const shift = center ? Math.floor((f.length - 1) / 2) : 0;
  return x.map((_v, n) => {
    let v = 0;
    for (let i = 0; i < f.length; i++) {
      const k = n - i + shift;
      if (k >= 0 && k < x.length) v += f[i]! * (x[k] ?? 0);
    }
    return v;
  });
}

export interface SeriesStats {
  min: number | null;
  min_idx: number | null;
  max: number | null;
  max_idx: number | null;
  avg: number | null;
  stdev: number | null;
  variance: number | null;
}

/** min/max (first position), mean, sample standard deviation and variance of the known values. */
export function seriesStats(series: unknown, ignoreNonFinite: boolean | null): SeriesStats | null {
  void ignoreNonFinite; // non-finite values are never numbers here: they are always left out
  const x = numbers(series);
  if (!x) return null;
  const known: number[] = [];
  let min: number | null = null;
  let max: number | null = null;
  let minIdx: number | null = null;
  let maxIdx: number | null = null;
  x.forEach((v, i) => {
    if (v === null) return;
    known.push(v);
    if (min === null || v < min) { min = v; minIdx = i; }
    if (max === null || v > max) { max = v; maxIdx = i; }
  });
  if (known.length === 0) return { min: null, min_idx: null, max: null, max_idx: null, avg: null, stdev: null, variance: null };
  const v = variance(known);
  return { min, min_idx: minIdx, max, max_idx: maxIdx, avg: mean(known), stdev: Math.sqrt(v), variance: v };
}
