// Validation of a table resource as submitted (the ARM body of
// `PUT …/workspaces/{ws}/tables/{name}`, which is also the shape of a solution's table file).
// Produces the stored TableDef or every problem found, each located and coded.
import type { ColumnDef, TableDef, TablePlan } from '../model.js';
import type { ValidationIssue } from '../errors.js';
import { isObject, prop } from './read.js';
import {
  MAX_CLASSIC_TABLE_NAME, MAX_COLUMNS, MAX_TABLE_NAME, columnNameProblem, customTableNameProblem, isReservedColumnName, normaliseColumnType,
} from './names.js';

const PLANS: readonly TablePlan[] = ['Analytics', 'Basic', 'Auxiliary'];

export interface TableInput {
  plan: TablePlan;
  description?: string;
  retentionInDays?: number;
  totalRetentionInDays?: number;
  columns: ColumnDef[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

/**
 * Reads and checks a custom table body. `existing` is the table as stored, when this is an update:
 * columns may be added, but an existing column cannot be removed or change its type.
 */
export function checkTable(name: string, body: unknown, existing?: TableDef, opts: { classic?: boolean } = {}): Checked<TableInput> {
  const issues: ValidationIssue[] = [];
  const add = (code: string, target: string, message: string): void => {
    issues.push({ code, target, message });
  };

  // A classic (Data Collector) table may be as long as its Log-Type allows; a table that exists keeps
  // the name it was created with, whichever path created it.
  const nameProblem = customTableNameProblem(name, existing || opts.classic ? MAX_CLASSIC_TABLE_NAME : MAX_TABLE_NAME);
  if (nameProblem) add('InvalidTableName', 'name', nameProblem);

  if (!isObject(body)) {
    add('InvalidRequestBody', '', 'the table resource must be a JSON object');
    return { ok: false, issues };
  }
  const properties = prop(body, 'properties');
  if (!isObject(properties)) {
    add('MissingProperties', 'properties', "the table resource needs a 'properties' object");
    return { ok: false, issues };
  }

  let plan: TablePlan = existing?.plan ?? 'Analytics';
  const rawPlan = prop(properties, 'plan');
  if (rawPlan !== undefined && rawPlan !== null) {
    const found = typeof rawPlan === 'string' ? PLANS.find((p) => p.toLowerCase() === rawPlan.toLowerCase()) : undefined;
    if (found) plan = found;
    else add('InvalidPlan', 'properties.plan', `plan must be one of ${PLANS.join(', ')}; got ${JSON.stringify(rawPlan)}`);
  }

  const retention = readRetention(properties, 'retentionInDays', 4, 730, add);
  const totalRetention = readRetention(properties, 'totalRetentionInDays', 4, 4383, add);

  const schema = prop(properties, 'schema');
  if (!isObject(schema)) {
    add('MissingSchema', 'properties.schema', "a custom table needs 'properties.schema' with its columns");
    return { ok: false, issues };
  }
  const schemaName = prop(schema, 'name');
  if (schemaName !== undefined && schemaName !== name) {
    add('TableNameMismatch', 'properties.schema.name', `schema name ${JSON.stringify(schemaName)} must equal the table name '${name}'`);
  }
  const description = prop(schema, 'description');

  const rawColumns = prop(schema, 'columns');
  const columns: ColumnDef[] = [];
  if (!Array.isArray(rawColumns) || rawColumns.length === 0) {
    add('MissingColumns', 'properties.schema.columns', 'the schema needs a non-empty columns array');
    return { ok: false, issues };
  }
  if (rawColumns.length > MAX_COLUMNS) {
    add('TooManyColumns', 'properties.schema.columns', `a table may have at most ${MAX_COLUMNS} columns; got ${rawColumns.length}`);
  }
  const seen = new Map<string, number>();
  rawColumns.forEach((c, i) => {
    const at = `properties.schema.columns[${i}]`;
    if (!isObject(c)) {
      add('InvalidColumn', at, 'a column must be an object with a name and a type');
      return;
    }
    const cname = prop(c, 'name');
    const ctype = prop(c, 'type');
    if (typeof cname !== 'string') {
      add('InvalidColumnName', `${at}.name`, 'a column needs a string name');
      return;
    }
    const problem = columnNameProblem(cname);
    if (problem) add('InvalidColumnName', `${at}.name`, problem);
    else if (isReservedColumnName(cname)) add('ReservedColumnName', `${at}.name`, `'${cname}' is a reserved column name`);
    const key = cname.toLowerCase();
    if (seen.has(key)) add('DuplicateColumnName', `${at}.name`, `column '${cname}' is declared twice (also at index ${seen.get(key)})`);
    else seen.set(key, i);
    const type = normaliseColumnType(ctype);
    if (!type) {
      add('InvalidColumnType', `${at}.type`, `column '${cname}' has type ${JSON.stringify(ctype)}; the types are string, int, long, real, bool (or boolean), datetime, timespan, dynamic, guid, decimal`);
      return;
    }
    const col: ColumnDef = { name: cname, type };
    const d = prop(c, 'description');
    if (typeof d === 'string' && d.length > 0) col.description = d;
    const dd = prop(c, 'isDefaultDisplay');
    if (typeof dd === 'boolean') col.isDefaultDisplay = dd;
    const hidden = prop(c, 'isHidden');
    if (typeof hidden === 'boolean') col.isHidden = hidden;
    columns.push(col);
  });

  const tg = columns.find((c) => c.name === 'TimeGenerated');
  if (!tg) {
    if (!issues.some((i) => i.code === 'InvalidColumnType' || i.code === 'InvalidColumn')) {
      add('MissingTimeGenerated', 'properties.schema.columns', "a custom table must have a 'TimeGenerated' column of type datetime");
    }
  } else if (tg.type !== 'datetime') {
    add('InvalidTimeGeneratedType', `properties.schema.columns[${columns.indexOf(tg)}].type`, `'TimeGenerated' must be of type datetime, not ${tg.type}`);
  }

  if (existing) {
    const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]));
    for (const old of existing.columns) {
      const now = byName.get(old.name.toLowerCase());
      if (!now) {
        add('ColumnRemovalNotSupported', 'properties.schema.columns', `column '${old.name}' exists in table '${existing.name}' and cannot be removed; an update may only add columns`);
      } else if (now.type !== old.type) {
        add('ColumnTypeChangeNotSupported', `properties.schema.columns[${columns.indexOf(now)}].type`, `column '${old.name}' is ${old.type} and cannot change to ${now.type}`);
      }
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  const value: TableInput = { plan, columns };
  if (typeof description === 'string' && description.length > 0) value.description = description;
  if (retention !== undefined) value.retentionInDays = retention;
  if (totalRetention !== undefined) value.totalRetentionInDays = totalRetention;
  return { ok: true, value };
}

function readRetention(
  properties: unknown, key: string, min: number, max: number,
  add: (code: string, target: string, message: string) => void,
): number | undefined {
  const v = prop(properties, key);
  if (v === undefined || v === null || v === -1) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    add('InvalidRetention', `properties.${key}`, `${key} must be an integer from ${min} to ${max} (or -1 for the default); got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}
