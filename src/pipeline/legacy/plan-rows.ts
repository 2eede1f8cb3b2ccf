// Schema-on-write for one request: every leaf of every record is given a column — an existing one,
// or a new one added to the plan — and the records are encoded to the NDJSON rows of the table.
//
// Column choice for a property `p` with value v (spec/azure-wire-contracts.md §5.5 [doc]: "a value
// is converted to the existing column's type when possible; otherwise a new column with the other
// suffix is created"):
// 1. a bare-name column of the table's profile named `p`, when v converts to its type;
// 2. `p_<suffix of v>`, when it exists;
// 3. the first existing `p_<x>` column (in column order) v converts to — so "42" goes into an
//    existing `p_d`, and 42 into an existing `p_s`;
// 4. a new column `p_<suffix of v>` — or, when the table is at its 500-column limit, the value goes
//    to the dynamic `AdditionalFields` column under the name `p` (§5.4). No record is rejected.
// "Converts" is the same coercion every surface uses (src/kql/runtime/coerce.ts via the pipeline's
// raw encoders), so a value is stored exactly as a declared DCR column of that type would store it.
import type { ColumnDef, KqlType } from '../../workspace/model.js';
import { MAX_COLUMNS } from '../../workspace/validation/names.js';
import { formatDatetime, parseDatetime, TICKS_PER_DAY, datetimeFromUnixMs } from '../../kql/runtime/datetime.js';
import { rawEncoder, UNCOERCIBLE, UNSTORABLE, type RawEncoder } from '../encode/raw-encoders.js';
import { truncateUtf8 } from '../encode/field-limit.js';
import { isIsoDatetime, naturalSuffix, splitSuffixed, SUFFIX_TYPES, type LeafValue, type Suffix } from './classify.js';
import { leafPath, type Flattened, type Leaf } from './flatten.js';
import { SOURCE_SYSTEM_VALUE, type ClassicProfile } from './profiles.js';

export const ADDITIONAL_FIELDS = 'AdditionalFields';
export const TIME_GENERATED = 'TimeGenerated';

/** A column the plan adds, with the property path it was made for (absent for system columns). */
export interface PlannedColumn extends ColumnDef {
  source?: string[];
}

export interface PlanInput {
  /** The table's columns as stored (empty when the table does not exist yet). */
  columns: readonly ColumnDef[];
  tableExists: boolean;
  profile: ClassicProfile;
  records: readonly Flattened[];
  /** The raw records, for time-generated-field. */
  raw: readonly Record<string, unknown>[];
  timeGeneratedField?: string;
  /** `x-ms-AzureResourceId`; empty means none. */
  resourceId?: string;
  receivedAt: Date;
  maxFieldBytes: number;
  /** Column limit of a table (default 500). */
  maxColumns?: number;
}

export interface RowPlan {
  /** NDJSON lines, one per record. */
  lines: string[];
  /** Columns to add before the rows are appended, in order. */
  additions: PlannedColumn[];
  /** String values cut to the field limit, by column. */
  truncated: Map<string, number>;
  /** Properties not stored, by (dotted) property path: names with no usable character. */
  dropped: Map<string, number>;
  /** Values stored in AdditionalFields because the table is full, by property. */
  overflow: Map<string, number>;
}

/** TimeGenerated falls back to the receipt time outside this window around it (§5.1 [doc]). */
const TG_BEFORE = 2n * TICKS_PER_DAY;
const TG_AFTER = TICKS_PER_DAY;

const ENCODERS = new Map<KqlType, RawEncoder>();
function encoderFor(t: KqlType): RawEncoder {
  let e = ENCODERS.get(t);
  if (!e) ENCODERS.set(t, (e = rawEncoder(t, t)));
  return e;
}

/** The NDJSON value of `v` in a column of type `t`, or NO when v does not convert. */
const NO = Symbol('NO');
function convert(t: KqlType, v: LeafValue): unknown {
  const r = encoderFor(t)(v);
  return r === UNCOERCIBLE || r === UNSTORABLE ? NO : r;
}

class WorkingSchema {
  readonly byKey = new Map<string, ColumnDef>();
  readonly byBase = new Map<string, ColumnDef[]>();
  readonly bare = new Map<string, ColumnDef>();
  readonly additions: PlannedColumn[] = [];
  count: number;

  constructor(columns: readonly ColumnDef[], readonly max: number) {
    for (const c of columns) this.index(c);
    this.count = columns.length;
  }

  private index(c: ColumnDef): void {
    this.byKey.set(c.name.toLowerCase(), c);
    const s = splitSuffixed(c.name);
    if (s) {
      const k = s.base.toLowerCase();
      const list = this.byBase.get(k);
      if (list) list.push(c);
      else this.byBase.set(k, [c]);
    }
  }

  get(name: string): ColumnDef | undefined {
    return this.byKey.get(name.toLowerCase());
  }

  // `<base>_<suffix>` lookups by the base as sent: most leaves hit here, without building the name.
  private readonly suffixCache = new Map<string, Partial<Record<Suffix, ColumnDef | null>>>();

  suffixed(base: string, suffix: Suffix): ColumnDef | undefined {
    let m = this.suffixCache.get(base);
    if (!m) this.suffixCache.set(base, (m = {}));
    let c = m[suffix];
    if (c === undefined) m[suffix] = c = this.get(`${base}_${suffix}`) ?? null;
    return c ?? undefined;
  }

  /** Room for one more regular column, keeping the last slot for AdditionalFields. */
  get hasRoom(): boolean {
    return this.count < this.max - (this.get(ADDITIONAL_FIELDS) ? 0 : 1);
  }

  add(c: PlannedColumn): ColumnDef {
    this.suffixCache.clear();
    const col: ColumnDef = { name: c.name, type: c.type };
    if (c.description) col.description = c.description;
    this.index(col);
    this.additions.push(c);
    this.count++;
    return col;
  }
}

export function planRows(input: PlanInput): RowPlan {
  const schema = new WorkingSchema(input.columns, input.maxColumns ?? MAX_COLUMNS);
  if (!schema.get(TIME_GENERATED)) schema.add({ name: TIME_GENERATED, type: 'datetime', description: 'When the record was generated: the time-generated-field value, or the time it was received.' });
  for (const c of [...input.profile.systemColumns, ...input.profile.bareColumns]) {
    if (!schema.get(c.name) && schema.count < schema.max) schema.add({ ...c, ...(input.profile.bareColumns.includes(c) ? { source: [c.name] } : {}) });
  }
  for (const c of input.profile.bareColumns) {
    const have = schema.get(c.name);
    if (have) schema.bare.set(c.name.toLowerCase(), have);
  }

  const receivedTicks = datetimeFromUnixMs(input.receivedAt.getTime());
  const receivedText = input.receivedAt.toISOString();
  const hasSourceSystem = schema.get('SourceSystem') !== undefined;
  const resourceId = input.resourceId && input.resourceId.length > 0 ? input.resourceId : undefined;
  const plan: RowPlan = { lines: [], additions: schema.additions, truncated: new Map(), dropped: new Map(), overflow: new Map() };

  input.records.forEach((flat, i) => {
    const row: Record<string, unknown> = { [TIME_GENERATED]: timeGenerated(input.raw[i], input.timeGeneratedField, receivedTicks, receivedText) };
    if (hasSourceSystem) row.SourceSystem = SOURCE_SYSTEM_VALUE;
    if (resourceId) row._ResourceId = resourceId;
    let extra: Record<string, unknown> | undefined;
    for (const leaf of flat.leaves) {
      const placed = place(schema, leaf);
      if (placed === null) {
        (extra ??= {})[leaf.base] = leaf.value;
        bump(plan.overflow, leaf.base);
        continue;
      }
      let value = placed.value;
      if (typeof value === 'string' && placed.column.type === 'string') {
        const cut = truncateUtf8(value, input.maxFieldBytes);
        if (cut.length !== value.length) {
          bump(plan.truncated, placed.column.name);
          value = cut;
        }
      }
      row[placed.column.name] = value;
    }
    if (extra) {
      const af = schema.get(ADDITIONAL_FIELDS) ?? schema.add({ name: ADDITIONAL_FIELDS, type: 'dynamic', description: 'Properties that found no column: the table has reached its column limit.' });
      const v = convert('dynamic', extra as never);
      if (v !== NO) row[af.name] = v;
    }
    for (const p of flat.unnamed) bump(plan.dropped, p);
    plan.lines.push(JSON.stringify(row));
  });
  return plan;
}

/** The column a leaf goes to and its NDJSON value, or null when it must go to AdditionalFields. */
function place(schema: WorkingSchema, leaf: Leaf): { column: ColumnDef; value: unknown } | null {
  if (schema.bare.size > 0) {
    const bare = schema.bare.get(leaf.base.toLowerCase());
    if (bare) {
      const v = convert(bare.type, leaf.value);
      if (v !== NO) return { column: bare, value: v };
    }
  }
  const suffix = naturalSuffix(leaf.value);
  const natural = schema.suffixed(leaf.base, suffix);
  if (natural) {
    const v = sameKind(natural.type, leaf.value);
    if (v !== NO) return { column: natural, value: v };
  }
  for (const c of schema.byBase.get(leaf.base.toLowerCase()) ?? []) {
    if (c === natural) continue;
    const v = convert(c.type, leaf.value);
    if (v !== NO) return { column: c, value: v };
  }
  if (natural || !schema.hasRoom) return null;
  const type = SUFFIX_TYPES[suffix];
  const column = schema.add({ name: `${leaf.base}_${suffix}`, type, source: leafPath(leaf) });
  const v = convert(type, leaf.value);
  // A value always converts to the type of its own suffix; NO here would be a classification bug.
  return { column, value: v === NO ? undefined : v };
}

/** `convert`, with the shapes JSON already gives in the right type passed straight through. */
function sameKind(t: KqlType, v: LeafValue): unknown {
  switch (typeof v) {
    case 'string':
      if (t === 'string') return v.length === 0 ? undefined : v; // an empty string is stored as null
      break;
    case 'number':
      if (t === 'real') return v; // JSON numbers are finite doubles
      break;
    case 'boolean':
      if (t === 'bool') return v;
      break;
  }
  return convert(t, v);
}

function timeGenerated(raw: Record<string, unknown> | undefined, field: string | undefined, received: bigint, receivedText: string): string {
  if (field === undefined || raw === undefined) return receivedText;
  const v = raw[field];
  if (typeof v !== 'string' || !isIsoDatetime(v)) return receivedText;
  const t = parseDatetime(v);
  if (t === null || t < received - TG_BEFORE || t > received + TG_AFTER) return receivedText;
  return formatDatetime(t);
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
