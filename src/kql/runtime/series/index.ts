// The series_* functions that have no SQL form, as data: name, parameter types (KQL), result type
// and a per-row implementation over plain JS values (numbers, strings, booleans, parsed dynamic
// values; null for a missing argument). A multi-valued function (catalogue `outputs`) returns the
// array of its values in catalogue order. Dialects call them as JS functions
// (src/kql/dialects/duckdb/functions-js.ts).

import { seriesFit2Lines, seriesFitLine, type LineFit } from './fit.js';
import { seriesPeriodsDetect, seriesPeriodsValidate } from './periods.js';
import { seriesDecompose, seriesDecomposeAnomalies, seriesDecomposeForecast, seriesOutliers, seriesSeasonal } from './decompose.js';
import { seriesFir, seriesIir, seriesStats } from './filters.js';

export type JsParamType = 'real' | 'long' | 'string' | 'dynamic' | 'bool';
export type JsResultType = 'real' | 'long' | 'string' | 'dynamic' | 'bool';

export interface JsFunction {
  name: string;
  params: readonly JsParamType[];
  result: JsResultType;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (...args: any[]) => unknown;
}

const lineValues = (f: LineFit | null) => (f ? [f.rsquare, f.slope, f.variance, f.rvariance, f.interception, f.line_fit] : null);
const sideBag = (f: LineFit) => ({ rsquare: f.rsquare, slope: f.slope, interception: f.interception, variance: f.variance, rvariance: f.rvariance });

export const SERIES_JS_FUNCTIONS: readonly JsFunction[] = [
  { name: 'series_fit_line', params: ['dynamic'], result: 'dynamic', fn: (y: unknown) => lineValues(seriesFitLine(y)) },
  { name: 'series_fit_line_dynamic', params: ['dynamic'], result: 'dynamic', fn: (y: unknown) => seriesFitLine(y) },
  {
    name: 'series_fit_2lines', params: ['dynamic'], result: 'dynamic',
    fn: (y: unknown) => {
      const f = seriesFit2Lines(y);
      if (!f) return null;
      const r = f.right;
      const l = f.left;
      return [f.rsquare, f.split_idx, f.variance, f.rvariance, f.line_fit, r.rsquare, r.slope, r.interception, r.variance, r.rvariance, l.rsquare, l.slope, l.interception, l.variance, l.rvariance];
    },
  },
  {
    name: 'series_fit_2lines_dynamic', params: ['dynamic'], result: 'dynamic',
    fn: (y: unknown) => {
      const f = seriesFit2Lines(y);
      return f ? { rsquare: f.rsquare, split_idx: f.split_idx, variance: f.variance, rvariance: f.rvariance, line_fit: f.line_fit, right: sideBag(f.right), left: sideBag(f.left) } : null;
    },
  },
  {
    name: 'series_decompose', params: ['dynamic', 'long', 'string', 'long', 'real'], result: 'dynamic',
    fn: (y: unknown, s: number | null, t: string | null, tp: number | null, th: number | null) => {
      const d = seriesDecompose(y, s, t, tp, th);
      return d ? [d.baseline, d.seasonal, d.trend, d.residual] : null;
    },
  },
  {
    name: 'series_decompose_anomalies', params: ['dynamic', 'real', 'long', 'string', 'long', 'string', 'real'], result: 'dynamic',
    fn: (y: unknown, k: number | null, s: number | null, t: string | null, tp: number | null, m: string | null, th: number | null) => {
      const d = seriesDecomposeAnomalies(y, k, s, t, tp, m, th);
      return d ? [d.ad_flag, d.ad_score, d.baseline] : null;
    },
  },
  {
    name: 'series_decompose_forecast', params: ['dynamic', 'long', 'long', 'string', 'real'], result: 'dynamic',
    fn: (y: unknown, points: number | null, s: number | null, t: string | null, th: number | null) => {
      const d = seriesDecomposeForecast(y, points, s, t, th);
      return d ? [d.baseline, d.seasonal, d.trend, d.residual] : null;
    },
  },
  { name: 'series_seasonal', params: ['dynamic', 'long'], result: 'dynamic', fn: (y: unknown, p: number | null) => seriesSeasonal(y, p) },
  { name: 'series_outliers', params: ['dynamic', 'string', 'real'], result: 'dynamic', fn: (y: unknown, k: string | null, ignore: number | null) => seriesOutliers(y, k, ignore) },
  {
    name: 'series_periods_detect', params: ['dynamic', 'real', 'real', 'long'], result: 'dynamic',
    fn: (y: unknown, min: number | null, max: number | null, n: number | null) => {
      const r = seriesPeriodsDetect(y, min, max, n);
      return r ? [r.periods, r.scores] : null;
    },
  },
  {
    // The periods arrive as one dynamic array (the dialect packs the variadic arguments).
    name: 'series_periods_validate', params: ['dynamic', 'dynamic'], result: 'dynamic',
    fn: (y: unknown, periods: unknown) => {
      const r = seriesPeriodsValidate(y, Array.isArray(periods) ? periods.map((p) => (typeof p === 'number' ? p : null)) : []);
      return r ? [r.periods, r.scores] : null;
    },
  },
  { name: 'series_iir', params: ['dynamic', 'dynamic', 'dynamic'], result: 'dynamic', fn: (x: unknown, b: unknown, a: unknown) => seriesIir(x, b, a) },
  { name: 'series_fir', params: ['dynamic', 'dynamic', 'bool', 'bool'], result: 'dynamic', fn: (x: unknown, f: unknown, n: boolean | null, c: boolean | null) => seriesFir(x, f, n, c) },
  {
    name: 'series_stats', params: ['dynamic', 'bool'], result: 'dynamic',
    fn: (x: unknown, ignore: boolean | null) => {
      const s = seriesStats(x, ignore);
      return s ? [s.min, s.min_idx, s.max, s.max_idx, s.avg, s.stdev, s.variance] : null;
    },
  },
];
