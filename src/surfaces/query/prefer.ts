// The `Prefer` request header of the query API (spec/azure-wire-contracts.md §6.1): comma-joined
// preferences `wait=<seconds>`, `include-statistics=true`, `include-render=true` (others, such as
// include-dataSources, are accepted and ignored). Several Prefer headers are read as one list.

export interface Preferences {
  /** Requested server timeout, seconds (the executor clamps it). */
  waitSeconds?: number;
  includeStatistics: boolean;
  includeRender: boolean;
}

export function parsePrefer(header: string | readonly string[] | undefined): Preferences {
  const out: Preferences = { includeStatistics: false, includeRender: false };
  const text = Array.isArray(header) ? header.join(',') : (header as string | undefined) ?? '';
  for (const part of text.split(/[,;]/)) {
    const [rawKey, ...rest] = part.split('=');
    const key = (rawKey ?? '').trim().toLowerCase();
    if (key === '') continue;
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    // A bare preference (`include-render`) means true, as RFC 7240 preferences do.
    const on = value === '' || value === 'true';
    switch (key) {
      case 'wait': {
        const n = Number(value);
        if (Number.isFinite(n) && n > 0) out.waitSeconds = n;
        break;
      }
      case 'include-statistics':
        out.includeStatistics = on;
        break;
      case 'include-render':
        out.includeRender = on;
        break;
    }
  }
  return out;
}
