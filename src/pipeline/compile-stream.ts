// Compiles what the pipeline needs to ingest one stream of one DCR: the stream's declared columns,
// and for every data flow that reads the stream its output table and a way to turn a record into
// that table's NDJSON row. Compiled once per (DCR version, stream) and cached (compiled-cache.ts).
//
// - Pass-through flows (`transformKql` absent or `source`): one generated encoder from the parsed
//   JSON record straight to the row — coercion to the declared types and encoding in one pass.
// - Other flows: the stream's record coercer, the compiled transform, then a generated encoder of
//   the transform's typed output row.
import { compileRecordCoercer, type TypedRecord } from '../kql/runtime/coerce.js';
import { converter } from '../kql/runtime/convert.js';
import type { ColumnDecl, KqlType, KqlValue } from '../kql/runtime/types.js';
import type { DataCollectionRule, TableDef } from '../workspace/model.js';
import { physicalColumns } from '../workspace/standard-columns.js';
import { outputTableName } from '../workspace/validation/dcr.js';
import { OMIT, rawEncoder, rawValidator, UNCOERCIBLE, UNSTORABLE } from './encode/raw-encoders.js';
import { compileAsSentCheck, type AsSentCheck, type AsSentField } from './encode/as-sent-check.js';
import { compileRowEncoder, type FieldPlan, type RowEncoder } from './encode/row-encoder.js';
import { valueEncoder, type Encoded } from './encode/value-encoders.js';
import { IngestError } from './errors.js';
import { isPassThroughTransform, type CompiledTransform, type TransformCompiler } from './transform.js';

export const TIME_GENERATED = 'TimeGenerated';

export interface CompiledFlow {
  /** Position in the DCR's dataFlows. */
  index: number;
  outputTable: string;
  passThrough: boolean;
  /** Pass-through: parsed JSON record → row (null: see the row context). */
  encodeRecord?: RowEncoder;
  /**
   * Pass-through, when every column type allows it: whether a record would be stored exactly as sent
   * (encode/as-sent-check.ts), with the table's column names (null prototype) for the undeclared-key
   * test: an undeclared property that names a column must be dropped, so its record is not as sent.
   */
  asSent?: { check: AsSentCheck; tableColumns: Record<string, true> };
  /** Transformed flows. */
  transform?: CompiledTransform;
  encodeOutput?: RowEncoder;
  /** Columns the flow produces that the table lacks: dropped, as Azure drops them (static, shown in status). */
  columnsNotInTable: string[];
}

/** A coercion failure of the declared types, for the 400 the request gets. */
export class CoercionFailure {
  constructor(
    readonly field: string,
    readonly type: KqlType,
    readonly value: unknown,
  ) {}
}

export interface CompiledStream {
  dcr: DataCollectionRule;
  stream: string;
  columns: readonly ColumnDecl[];
  /** Declared property names (null prototype): membership test for dropped-field counting. */
  declared: Record<string, true>;
  flows: CompiledFlow[];
  /** True when some flow needs the typed record. */
  needsTyped: boolean;
  /** Coerces to the declared types; returns the failure instead of a record when a value does not fit. */
  coerce(record: Record<string, unknown>): TypedRecord | CoercionFailure;
}

export interface StreamCompileContext {
  getTable(name: string): TableDef | undefined;
  compileTransform?: TransformCompiler;
}

/** The columns a stream carries: its declaration, or for a built-in `Microsoft-X` stream the standard table's columns. */
export function streamColumns(dcr: DataCollectionRule, stream: string, ctx: StreamCompileContext): ColumnDecl[] | undefined {
  const decl = Object.prototype.hasOwnProperty.call(dcr.streamDeclarations, stream) ? dcr.streamDeclarations[stream] : undefined;
  if (decl) return decl.columns.map((c) => ({ name: c.name, type: c.type }));
  if (stream.startsWith('Microsoft-')) {
    const t = ctx.getTable(stream.slice('Microsoft-'.length));
    if (t && t.kind === 'standard') return t.columns.map((c) => ({ name: c.name, type: c.type }));
  }
  return undefined;
}

export function compileStream(dcr: DataCollectionRule, stream: string, ctx: StreamCompileContext): CompiledStream {
  const columns = streamColumns(dcr, stream, ctx);
  const readers = dcr.dataFlows.map((f, index) => ({ f, index })).filter(({ f }) => f.streams.includes(stream));
  if (!columns || readers.length === 0) {
    throw new IngestError(
      'unknown_stream',
      columns
        ? `Stream '${stream}' is declared in data collection rule '${dcr.name}' (immutable Id '${dcr.immutableId}') but no data flow reads it, so its data could not be stored.`
        : `Stream '${stream}' is not declared in data collection rule '${dcr.name}' (immutable Id '${dcr.immutableId}').`,
    );
  }
  const declared = Object.create(null) as Record<string, true>;
  for (const c of columns) declared[c.name] = true;

  const flows = readers.map(({ f, index }) => {
    const out = f.outputStream ?? (f.streams.length === 1 ? f.streams[0] : undefined);
    const target = out ? outputTableName(out) : undefined;
    const table = target ? ctx.getTable(target.table) : undefined;
    if (!table) {
      throw new IngestError('transform_unavailable', `Data flow ${index} of data collection rule '${dcr.name}' writes to table '${target?.table ?? String(out)}', which does not exist.`);
    }
    if (isPassThroughTransform(f.transformKql)) return passThroughFlow(index, columns, table);
    return transformedFlow(index, dcr, f.transformKql!, columns, table, ctx);
  });

  let failure: CoercionFailure | null = null;
  const coercer = compileRecordCoercer(columns, (field, type, value) => {
    if (failure === null) failure = new CoercionFailure(field, type, value);
  });
  return {
    dcr, stream, columns, declared, flows,
    needsTyped: flows.some((f) => !f.passThrough),
    coerce(record) {
      failure = null;
      const typed = coercer(record);
      return failure ?? typed;
    },
  };
}

function tableColumnTypes(table: TableDef): Map<string, KqlType> {
  return new Map(table.columns.map((c) => [c.name, c.type]));
}

function passThroughFlow(index: number, columns: readonly ColumnDecl[], table: TableDef): CompiledFlow {
  const types = tableColumnTypes(table);
  const fields: FieldPlan[] = [];
  const asSentFields: AsSentField[] = [];
  const notInTable: string[] = [];
  for (const c of columns) {
    const colType = types.get(c.name);
    if (colType === undefined) {
      notInTable.push(c.name);
      // Still checked against its declared type: the declaration check does not depend on routing.
      if (c.type === 'string') {
        asSentFields.push({ key: c.name, streamType: c.type, columnType: undefined }); // every value converts to a string
        continue;
      }
      const valid = rawValidator(c.type);
      const encode = (v: unknown) => (valid(v) ? OMIT : UNCOERCIBLE);
      fields.push({ key: c.name, store: false, inlineStrings: false, encode });
      asSentFields.push({ key: c.name, streamType: c.type, columnType: undefined, validate: encode });
      continue;
    }
    fields.push({ key: c.name, store: true, inlineStrings: c.type === 'string' && colType === 'string', encode: rawEncoder(c.type, colType) });
    asSentFields.push({ key: c.name, streamType: c.type, columnType: colType });
  }
  const watch = types.has(TIME_GENERATED) ? TIME_GENERATED : undefined;
  // Every column the storage engine loads, the standard ones (Type, _ItemId, …) included: a property
  // of that name that the flow does not store must not reach the load.
  const tableColumns = Object.create(null) as Record<string, true>;
  for (const c of physicalColumns(table)) tableColumns[c.name] = true;
  const shadowsColumn = asSentFields.some((f) => f.columnType === undefined && tableColumns[f.key] === true);
  const check = shadowsColumn ? null : compileAsSentCheck(asSentFields, watch);
  return {
    index, outputTable: table.name, passThrough: true,
    encodeRecord: compileRowEncoder(fields, watch),
    ...(check ? { asSent: { check, tableColumns } } : {}),
    columnsNotInTable: notInTable,
  };
}

function transformedFlow(index: number, dcr: DataCollectionRule, kql: string, columns: readonly ColumnDecl[], table: TableDef, ctx: StreamCompileContext): CompiledFlow {
  if (!ctx.compileTransform) {
    throw new IngestError('transform_unavailable', `Data flow ${index} of data collection rule '${dcr.name}' has a transformKql other than 'source', and this server has no transform compiler.`);
  }
  let transform: CompiledTransform;
  try {
    transform = ctx.compileTransform(kql, { input: columns, outputTable: table.name });
  } catch (e) {
    throw new IngestError('transform_unavailable', `The transformKql of data flow ${index} of data collection rule '${dcr.name}' cannot be compiled: ${(e as Error).message}`, {}, { cause: e });
  }
  const types = tableColumnTypes(table);
  const fields: FieldPlan[] = [];
  const notInTable: string[] = [];
  for (const c of transform.outputSchema) {
    const colType = types.get(c.name);
    if (colType === undefined) {
      notInTable.push(c.name);
      continue;
    }
    fields.push({ key: c.name, store: true, inlineStrings: c.type === 'string' && colType === 'string', encode: typedEncoder(c.type, colType) });
  }
  return {
    index, outputTable: table.name, passThrough: false, transform,
    encodeOutput: compileRowEncoder(fields, types.has(TIME_GENERATED) ? TIME_GENERATED : undefined),
    columnsNotInTable: notInTable,
  };
}

/** Encoder of a typed value of `from` into a column of `to` (non-null values). */
function typedEncoder(from: KqlType, to: KqlType): (v: unknown) => Encoded {
  const encode = valueEncoder(to);
  if (from === to) return (v) => encode(v as KqlValue);
  const convert = converter(from, to);
  return (v) => {
    if (v === '') return OMIT; // the empty string is KQL's null string
    const c = convert(v as KqlValue);
    if (c === null) return UNSTORABLE;
    return encode(c);
  };
}
