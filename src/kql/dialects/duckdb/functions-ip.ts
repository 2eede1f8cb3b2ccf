// IPv4 functions in DuckDB SQL (addresses as BIGINT, optional `/prefix`). The helper macros are in
// the prelude (kql_ipv4_*).

import { type Arg, type EmitContext, type Template } from './template.js';

const addr = (s: string) => `kql_ipv4_addr(${s})`;
const prefix = (s: string) => `kql_ipv4_prefix(${s})`;
const masked = (a: string, p: string) => `kql_ipv4_mask(${a}, ${p})`;

function ipText(a: Arg, c: EmitContext): string {
  return a.type === 'string' ? a.sql : a.type === 'long' || a.type === 'int' ? `kql_ipv4_str(${a.sql})` : c.convert(a.sql, a.type, 'string');
}

function compare([a, b, p]: Arg[], c: EmitContext): string {
  const x = ipText(a!, c);
  const y = ipText(b!, c);
  const bits = `least(${prefix(x)}, ${prefix(y)}${p ? `, ${p.sql}` : ''})`;
  return `(CASE WHEN ${addr(x)} IS NULL OR ${addr(y)} IS NULL OR ${bits} IS NULL THEN NULL ELSE sign(${masked(addr(x), bits)} - ${masked(addr(y), bits)}) END)`;
}

/** Elements of a list argument: a dynamic array, or the remaining scalar arguments. */
function listOf(args: Arg[]): string {
  if (args.length === 1 && args[0]!.type === 'dynamic') return `list_transform(CAST(${args[0]!.sql} AS JSON[]), x -> kql_dyn_str(x))`;
  return `[${args.map((a) => a.sql).join(', ')}]`;
}

export const inRange = (ip: string, range: string) =>
  `(${masked(addr(ip), prefix(range))} = ${masked(addr(range), prefix(range))})`;

/** The valid IPv4 addresses that appear delimited in a text. */
const ipTokens = (text: string) => `list_filter(string_split_regex(${text}, '[^0-9.]+'), t -> kql_ipv4_valid(t))`;

export const IP_FUNCTIONS: Record<string, Template> = {
  parse_ipv4: ([s]) => masked(addr(s!.sql), prefix(s!.sql)),
  parse_ipv4_mask: ([s, p]) => masked(addr(s!.sql), `least(${prefix(s!.sql)}, ${p!.sql})`),
  ipv4_compare: (args, c) => compare(args, c),
  ipv4_is_match: (args, c) => `(${compare(args, c)} = 0)`,
  ipv4_is_in_range: ([ip, range]) => inRange(ip!.sql, range!.sql),
  ipv4_is_in_any_range: ([ip, ...ranges]) => `COALESCE(list_bool_or(list_transform(${listOf(ranges)}, r -> ${inRange(ip!.sql, 'r')})), FALSE)`,
  ipv4_is_private: ([ip]) =>
    `(${inRange(ip!.sql, "'10.0.0.0/8'")} OR ${inRange(ip!.sql, "'172.16.0.0/12'")} OR ${inRange(ip!.sql, "'192.168.0.0/16'")})`,
  ipv4_netmask_suffix: ([s]) => `(CASE WHEN ${addr(s!.sql)} IS NULL THEN NULL ELSE CAST(${prefix(s!.sql)} AS BIGINT) END)`,
  format_ipv4: ([s, p], c) => {
    const t = ipText(s!, c);
    const bits = p ? `(CASE WHEN ${p.sql} < 0 OR ${p.sql} > 32 THEN NULL ELSE least(${prefix(t)}, ${p.sql}) END)` : prefix(t);
    return `COALESCE(kql_ipv4_str(${masked(addr(t), bits)}), '')`;
  },
  format_ipv4_mask: ([s, p], c) => {
    const t = ipText(s!, c);
    const bits = p ? `(CASE WHEN ${p.sql} < 0 OR ${p.sql} > 32 THEN NULL ELSE least(${prefix(t)}, ${p.sql}) END)` : prefix(t);
    return `COALESCE(kql_ipv4_str(${masked(addr(t), bits)}) || '/' || CAST(${bits} AS VARCHAR), '')`;
  },
  has_ipv4: ([text, ip]) => `(kql_ipv4_valid(${ip!.sql}) AND list_contains(${ipTokens(text!.sql)}, ${ip!.sql}))`,
  has_ipv4_prefix: ([text, p]) => hasPrefix(text!.sql, p!.sql),
  has_any_ipv4: ([text, ...ips]) => `COALESCE(list_bool_or(list_transform(${listOf(ips)}, ip -> kql_ipv4_valid(ip) AND list_contains(${ipTokens(text!.sql)}, ip))), FALSE)`,
  has_any_ipv4_prefix: ([text, ...ps]) => `COALESCE(list_bool_or(list_transform(${listOf(ps)}, p -> ${hasPrefix(text!.sql, 'p')})), FALSE)`,
};

const g6 = (s: string) => `kql_ipv6_groups(${s})`;
const p6 = (s: string) => `kql_ipv6_prefix(${s})`;
const m6 = (s: string, bits: string) => `kql_ipv6_mask(${g6(s)}, ${bits})`;

function compare6([a, b, p]: Arg[]): string {
  const bits = `least(${p6(a!.sql)}, ${p6(b!.sql)}${p ? `, ${p.sql}` : ''})`;
  const x = m6(a!.sql, bits);
  const y = m6(b!.sql, bits);
  return `(CASE WHEN ${x} IS NULL OR ${y} IS NULL THEN NULL WHEN ${x} < ${y} THEN -1 WHEN ${x} > ${y} THEN 1 ELSE 0 END)`;
}

export const inRange6 = (ip: string, range: string) => `(${m6(ip, p6(range))} = ${m6(range, p6(range))})`;

export const IPV6_FUNCTIONS: Record<string, Template> = {
  ipv6_compare: (args) => compare6(args),
  ipv6_is_match: (args) => `(${compare6(args)} = 0)`,
  ipv6_is_in_range: ([ip, range]) => inRange6(ip!.sql, range!.sql),
  ipv6_is_in_any_range: ([ip, ...ranges]) => `COALESCE(list_bool_or(list_transform(${listOf(ranges)}, r -> ${inRange6(ip!.sql, 'r')})), FALSE)`,
  parse_ipv6: ([s]) => `COALESCE(kql_ipv6_str(${m6(s!.sql, p6(s!.sql))}), '')`,
  parse_ipv6_mask: ([s, n]) => `COALESCE(kql_ipv6_str(${m6(s!.sql, `least(${p6(s!.sql)}, ${n!.sql})`)}), '')`,
};

/** A prefix must be whole octets: `127.0.` or a complete address. */
function hasPrefix(text: string, p: string): string {
  return `COALESCE(list_bool_or(list_transform(${ipTokens(text)}, t -> starts_with(t, ${p}) AND (suffix(${p}, '.') OR t = ${p}))), FALSE)`;
}
