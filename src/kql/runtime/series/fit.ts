// series_fit_line and series_fit_2lines (series-fit-line-function.md, series-fit-2lines-function.md).
// The x axis is the position 1…n (the documented example: y = [2, 5, 6, …] gives slope 2.730,
// interception −1.666 and a first fitted value 1.064 = −1.666 + 2.730·1); variance is the sample
// variance of the input and rvariance the residual sum of squares over n − 1 (the documented
// 98.628 and 1.686). Missing elements are left out of the fit; the fitted line covers every position.

import { fitLine, numbers, sumSquares, variance } from './numeric.js';

export interface LineFit {
  rsquare: number | null;
  slope: number | null;
  variance: number | null;
  rvariance: number | null;
  interception: number | null;
  line_fit: number[] | null;
}

interface Part {
  fit: LineFit;
  ssres: number;
}

function fitPart(ys: ReadonlyArray<number | null>): Part {
  const xs: number[] = [];
  const vs: number[] = [];
  ys.forEach((y, i) => { if (y !== null) { xs.push(i + 1); vs.push(y); } });
  if (vs.length === 0) {
    return { fit: { rsquare: null, slope: null, variance: null, rvariance: null, interception: null, line_fit: null }, ssres: 0 };
  }
  const line = fitLine(xs, vs);
  let ssres = 0;
  for (let i = 0; i < vs.length; i++) {
    const r = vs[i]! - (line.interception + line.slope * xs[i]!);
    ssres += r * r;
  }
  const sstot = sumSquares(vs);
  const rsquare = sstot === 0 ? (ssres === 0 ? 1 : 0) : 1 - ssres / sstot;
  return {
    fit: {
      rsquare,
      slope: line.slope,
      variance: variance(vs),
      rvariance: vs.length < 2 ? 0 : ssres / (vs.length - 1),
      interception: line.interception,
      line_fit: ys.map((_y, i) => line.interception + line.slope * (i + 1)),
    },
    ssres,
  };
}

export function seriesFitLine(series: unknown): LineFit | null {
  const ys = numbers(series);
  if (!ys) return null;
  return fitPart(ys).fit;
}

export interface TwoLinesFit {
  rsquare: number | null;
  split_idx: number | null;
  variance: number | null;
  rvariance: number | null;
  line_fit: number[] | null;
  right: LineFit;
  left: LineFit;
}

/**
 * Every split leaves at least two points on each side; each side gets its own line (as
 * series_fit_line of that part, so its x axis starts at 1), and the split with the largest total
 * r-square (1 − residual / total sum of squares of the whole series) wins. split_idx is the
 * position of the first point of the right part.
 */
export function seriesFit2Lines(series: unknown): TwoLinesFit | null {
  const ys = numbers(series);
  if (!ys) return null;
  const known = ys.filter((y): y is number => y !== null);
  const sstot = sumSquares(known);
  let best: { k: number; rsquare: number; left: Part; right: Part } | undefined;
  for (let k = 2; k <= ys.length - 2; k++) {
    const left = fitPart(ys.slice(0, k));
    const right = fitPart(ys.slice(k));
    const ssres = left.ssres + right.ssres;
    const rsquare = sstot === 0 ? (ssres === 0 ? 1 : 0) : 1 - ssres / sstot;
    if (!best || rsquare > best.rsquare) best = { k, rsquare, left, right };
  }
  if (!best) {
    // Too short to split: one line, on the left.
    const one = fitPart(ys);
    const none = fitPart([]).fit;
    return { rsquare: one.fit.rsquare, split_idx: ys.length, variance: one.fit.variance, rvariance: one.fit.rvariance, line_fit: one.fit.line_fit, right: none, left: one.fit };
  }
  const line = [...(best.left.fit.line_fit ?? []), ...(best.right.fit.line_fit ?? [])];
  return {
    rsquare: best.rsquare,
    split_idx: best.k,
    variance: variance(known),
    rvariance: known.length < 2 ? 0 : (best.left.ssres + best.right.ssres) / (known.length - 1),
    line_fit: line,
    right: best.right.fit,
    left: best.left.fit,
  };
}
