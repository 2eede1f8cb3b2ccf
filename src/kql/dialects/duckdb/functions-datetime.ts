// Datetime and timespan functions in DuckDB SQL. datetime = TIMESTAMP (µs), timespan = BIGINT
// ticks (100 ns). Kusto weeks start on Sunday.

import { quoteString } from './types.js';
import { byArity, stringLiteralOf, type Arg, type EmitContext, type Template } from './template.js';

const TICKS = { day: 864000000000n, hour: 36000000000n, minute: 600000000n, second: 10000000n, ms: 10000n };

const PARTS: Record<string, string> = {
  year: 'year', quarter: 'quarter', month: 'month', week: 'week', day: 'day', hour: 'hour', minute: 'minute',
  second: 'second', millisecond: 'millisecond', microsecond: 'microsecond', nanosecond: 'nanosecond',
  dayofyear: 'dayofyear', weekofyear: 'week', weekday: 'dayofweek', week_of_year: 'week',
};

function part(a: Arg, c: EmitContext): string {
  const p = stringLiteralOf(a)?.toLowerCase();
  if (!p || !PARTS[p]) return c.fail(`unknown datetime part ${a.sql}`);
  return PARTS[p]!;
}

function startOf(unit: 'day' | 'week' | 'month' | 'year'): Template {
  const trunc = (d: string) => (unit === 'week' ? `(date_trunc('day', ${d}) - to_days(CAST(dayofweek(${d}) AS INTEGER)))` : `date_trunc('${unit}', ${d})`);
  const add = (x: string, n: string) => {
    switch (unit) {
      case 'day': return `(${x} + to_days(CAST(${n} AS INTEGER)))`;
      case 'week': return `(${x} + to_days(CAST(${n} AS INTEGER) * 7))`;
      case 'month': return `(${x} + to_months(CAST(${n} AS INTEGER)))`;
      case 'year': return `(${x} + to_years(CAST(${n} AS INTEGER)))`;
    }
  };
  return byArity({
    1: ([d]) => `CAST(${trunc(d!.sql)} AS TIMESTAMP)`,
    2: ([d, n]) => `CAST(${add(trunc(d!.sql), n!.sql)} AS TIMESTAMP)`,
  });
}

function endOf(unit: 'day' | 'week' | 'month' | 'year'): Template {
  const s = startOf(unit) as (a: Arg[], c: EmitContext) => string;
  const next = (args: Arg[], c: EmitContext) => {
    const n = args[1] ? `${args[1].sql} + 1` : '1';
    const fake: Arg = { sql: `(${n})`, type: 'long', expr: args[0]!.expr };
    return s([args[0]!, fake], c);
  };
  return (args, c) => `(${next(args, c)} - INTERVAL 1 MICROSECOND)`;
}

/** .NET custom datetime format → a concatenation of DuckDB strftime pieces. */
export function formatDatetimeSql(d: string, fmt: string, c: EmitContext): string {
  const pieces: string[] = [];
  let lit = '';
  const flush = () => { if (lit) { pieces.push(quoteString(lit)); lit = ''; } };
  const f = (spec: string) => { flush(); pieces.push(`strftime(${d}, '${spec}')`); };
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    let n = 1;
    while (fmt[i + n] === ch) n++;
    switch (ch) {
      case 'y': f(n <= 2 ? '%y' : '%Y'); break;
      case 'M': f(n === 1 ? '%-m' : '%m'); break;
      case 'd': f(n === 1 ? '%-d' : '%d'); break;
      case 'H': f(n === 1 ? '%-H' : '%H'); break;
      case 'h': f(n === 1 ? '%-I' : '%I'); break;
      case 'm': f(n === 1 ? '%-M' : '%M'); break;
      case 's': f(n === 1 ? '%-S' : '%S'); break;
      case 't': f('%p'); break;
      case 'f': case 'F':
        flush();
        pieces.push(`substr(strftime(${d}, '%f') || '0', 1, ${Math.min(n, 7)})`);
        break;
      case '\\': lit += fmt[i + 1] ?? ''; i += 2; continue;
      default:
        if (/[a-zA-Z]/.test(ch)) return c.fail(`format_datetime specifier '${ch.repeat(n)}'`);
        lit += ch.repeat(n);
    }
    i += n;
  }
  flush();
  return `CASE WHEN ${d} IS NULL THEN '' ELSE ${pieces.length ? pieces.join(' || ') : "''"} END`;
}

/** .NET custom timespan format (`d`, `hh`, `mm`, `ss`, `fff…`, literals) over ticks. */
export function formatTimespanSql(t: string, fmt: string, c: EmitContext): string {
  const pieces: string[] = [];
  let lit = '';
  const flush = () => { if (lit) { pieces.push(quoteString(lit)); lit = ''; } };
  const num = (expr: string, width: number) => { flush(); pieces.push(width > 1 ? `lpad(CAST(${expr} AS VARCHAR), ${width}, '0')` : `CAST(${expr} AS VARCHAR)`); };
  const a = `abs(${t})`;
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    let n = 1;
    while (fmt[i + n] === ch) n++;
    switch (ch) {
      case 'd': num(`${a} // ${TICKS.day}`, n); break;
      case 'h': case 'H': num(`(${a} // ${TICKS.hour}) % 24`, n); break;
      case 'm': num(`(${a} // ${TICKS.minute}) % 60`, n); break;
      case 's': num(`(${a} // ${TICKS.second}) % 60`, n); break;
      case 'f': case 'F': flush(); pieces.push(`substr(lpad(CAST(${a} % 10000000 AS VARCHAR), 7, '0'), 1, ${Math.min(n, 7)})`); break;
      case '\\': lit += fmt[i + 1] ?? ''; i += 2; continue;
      case "'": {
        const end = fmt.indexOf("'", i + 1);
        lit += fmt.slice(i + 1, end < 0 ? undefined : end);
        i = end < 0 ? fmt.length : end + 1;
        continue;
      }
      default:
        if (/[a-zA-Z]/.test(ch)) return c.fail(`format_timespan specifier '${ch.repeat(n)}'`);
        lit += ch.repeat(n);
    }
    i += n;
  }
  flush();
  return `CASE WHEN ${t} IS NULL THEN '' ELSE ${pieces.length ? pieces.join(' || ') : "''"} END`;
}

const unixTo = (perUs: string): Template => ([a]) => `make_timestamp(CAST(trunc(${a!.sql} * ${perUs}) AS BIGINT))`;

export const DATETIME_FUNCTIONS: Record<string, Template> = {
  now: byArity({
    0: (_a, c) => c.now,
    1: ([o], c) => `make_timestamp(epoch_us(${c.now}) + (${o!.sql}) // 10)`,
  }),
  startofday: startOf('day'),
  startofweek: startOf('week'),
  startofmonth: startOf('month'),
  startofyear: startOf('year'),
  endofday: endOf('day'),
  endofweek: endOf('week'),
  endofmonth: endOf('month'),
  endofyear: endOf('year'),
  dayofweek: `(CAST(dayofweek({0}) AS BIGINT) * ${TICKS.day})`,
  dayofmonth: 'CAST(day({0}) AS INTEGER)',
  dayofyear: 'CAST(dayofyear({0}) AS INTEGER)',
  hourofday: 'CAST(hour({0}) AS INTEGER)',
  getmonth: 'CAST(month({0}) AS INTEGER)',
  monthofyear: 'CAST(month({0}) AS INTEGER)',
  getyear: 'CAST(year({0}) AS INTEGER)',
  weekofyear: 'CAST(week({0}) AS INTEGER)',
  week_of_year: 'CAST(week({0}) AS INTEGER)',
  datetime_add: ([p, n, d], c) => {
    const unit = part(p!, c);
    const map: Record<string, string> = {
      year: 'to_years', quarter: 'to_months', month: 'to_months', week: 'to_weeks', day: 'to_days', hour: 'to_hours',
      minute: 'to_minutes', second: 'to_seconds', millisecond: 'to_milliseconds', microsecond: 'to_microseconds',
    };
    if (unit === 'nanosecond') return `make_timestamp(epoch_us(${d!.sql}) + (${n!.sql}) // 1000)`;
    const fn = map[unit];
    if (!fn) return c.fail(`datetime_add part ${unit}`);
    const k = unit === 'quarter' ? `CAST(${n!.sql} AS INTEGER) * 3` : `CAST(${n!.sql} AS ${unit === 'year' || unit === 'month' || unit === 'quarter' || unit === 'week' || unit === 'day' || unit === 'hour' || unit === 'minute' ? 'INTEGER' : 'BIGINT'})`;
    return `CAST(${d!.sql} + ${fn}(${k}) AS TIMESTAMP)`;
  },
  datetime_diff: ([p, a, b], c) => {
    const unit = part(p!, c);
    if (unit === 'week') {
      // Kusto weeks start on Sunday: count Sunday boundaries between the two dates.
      const w = (x: string) => `((epoch_us(date_trunc('day', ${x})) // 86400000000 + 4) // 7)`;
      return `(${w(a!.sql)} - ${w(b!.sql)})`;
    }
    if (unit === 'nanosecond') return `((epoch_us(${a!.sql}) - epoch_us(${b!.sql})) * 1000)`;
    return `date_diff('${unit}', ${b!.sql}, ${a!.sql})`;
  },
  datetime_part: ([p, d], c) => {
    const unit = part(p!, c);
    if (unit === 'nanosecond') return `CAST((epoch_us(${d!.sql}) % 1000000) * 1000 AS INTEGER)`;
    if (unit === 'millisecond') return `CAST(millisecond(${d!.sql}) % 1000 AS INTEGER)`;
    if (unit === 'microsecond') return `CAST(microsecond(${d!.sql}) % 1000000 AS INTEGER)`;
    return `CAST(date_part('${unit}', ${d!.sql}) AS INTEGER)`;
  },
  make_datetime: (args) => {
    const [y, m, d, h, mi, s] = args.map((a) => a.sql);
    // Seconds are kept to the tick (100 ns) and truncated to the stored microsecond.
    const base = `make_timestamp(CAST(${y} AS BIGINT), CAST(${m} AS BIGINT), CAST(${d} AS BIGINT), CAST(${h ?? '0'} AS BIGINT), CAST(${mi ?? '0'} AS BIGINT), 0.0)`;
    return `TRY(make_timestamp(epoch_us(${base}) + CAST(round(CAST(${s ?? '0'} AS DOUBLE) * 10000000) AS BIGINT) // 10))`;
  },
  make_timespan: (args) => {
    const v = args.map((a) => `CAST(${a.sql} AS DOUBLE)`);
    const T = (x: bigint) => x.toString();
    if (v.length === 2) return `CAST(${v[0]} * ${T(TICKS.hour)} + ${v[1]} * ${T(TICKS.minute)} AS BIGINT)`;
    if (v.length === 3) return `CAST(${v[0]} * ${T(TICKS.hour)} + ${v[1]} * ${T(TICKS.minute)} + ${v[2]} * ${T(TICKS.second)} AS BIGINT)`;
    return `CAST(${v[0]} * ${T(TICKS.day)} + ${v[1]} * ${T(TICKS.hour)} + ${v[2]} * ${T(TICKS.minute)} + ${v[3]} * ${T(TICKS.second)} AS BIGINT)`;
  },
  unixtime_seconds_todatetime: unixTo('1000000'),
  unixtime_milliseconds_todatetime: unixTo('1000'),
  unixtime_microseconds_todatetime: unixTo('1'),
  unixtime_nanoseconds_todatetime: unixTo('0.001'),
  format_datetime: ([d, f], c) => {
    const fmt = stringLiteralOf(f!);
    if (fmt === undefined) return c.fail('format_datetime needs a constant format');
    return formatDatetimeSql(d!.sql, fmt, c);
  },
  format_timespan: ([t, f], c) => {
    const fmt = stringLiteralOf(f!);
    if (fmt === undefined) return c.fail('format_timespan needs a constant format');
    return formatTimespanSql(t!.sql, fmt, c);
  },
};
