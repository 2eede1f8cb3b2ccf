// now() for transforms: Kusto fixes now() for a whole query; a transform is a query per record, so
// each record sees the time it is processed. The clock reads Date.now() and reuses the bigint of
// the last millisecond (a bigint per record would cost more than the rest of a simple transform).

import { TICKS_PER_MILLISECOND } from '../datetime.js';
import type { RuntimeServices } from '../functions/index.js';

export function systemClock(): RuntimeServices {
  let lastMs = -1;
  let lastTicks = 0n;
  return {
    now(): bigint {
      const ms = Date.now();
      if (ms !== lastMs) {
        lastMs = ms;
        lastTicks = BigInt(ms) * TICKS_PER_MILLISECOND;
      }
      return lastTicks;
    },
  };
}

/** A clock fixed at one instant (tests, dry runs, and queries where now() must not move). */
export function fixedClock(ticks: bigint): RuntimeServices {
  return { now: () => ticks };
}
