// arm-ttk-style rules for generated templates (R20), re-implemented where they matter for solution packages:
// template skeleton, expressions that parse and resolve, parameters and variables that are used, locations
// that are not hard-coded, API versions present, no null/empty connector UI lists, consistent content ids and
// dependsOn targets that exist. Each rule has a TTK code (model/codes.ts).
import { evaluateTemplate } from '../arm/evaluate-template.js';
import { ExpressionSyntaxError, isExpressionString, parseExpression, referencedNames } from '../arm/expression.js';
import { finding, type Finding } from '../model/findings.js';
import { ciGet, ciKey, isObject, jsonEqual, pointerJoin, type Json, type JsonObject } from '../model/json.js';
import { TEMPLATE_SCHEMA } from './context.js';

const UI_LISTS = ['graphQueries', 'dataTypes', 'sampleQueries'];

export function checkTemplate(template: Json, file: string, testParameters?: Json): Finding[] {
  const out: Finding[] = [];
  const at = (pointer: string): { file: string; pointer: string } => ({ file, pointer });
  if (!isObject(template)) return [finding('TTK001', 'the template is not a JSON object', at(''))];
  if (ciGet(template, '$schema') !== TEMPLATE_SCHEMA) out.push(finding('TTK001', `$schema must be ${TEMPLATE_SCHEMA}`, at('/$schema')));
  for (const key of ['contentVersion', 'parameters', 'variables', 'resources']) {
    if (ciGet(template, key) === undefined) out.push(finding('TTK001', `the template has no "${key}"`, at('')));
  }
  const params = (ciGet(template, 'parameters') ?? {}) as JsonObject;
  const vars = (ciGet(template, 'variables') ?? {}) as JsonObject;

  // Every expression must parse; parameters()/variables() must name declared ones (all `[…]` strings of a
  // package, including those inside content templates, are evaluated in the outer scope; `[[…]` ones later).
  const refs = { parameters: new Set<string>(), variables: new Set<string>(), functions: new Set<string>() };
  walkStrings(template, '', (s, pointer) => {
    if (!isExpressionString(s)) return;
    try {
      const local = { parameters: new Set<string>(), variables: new Set<string>(), functions: new Set<string>() };
      referencedNames(parseExpression(s.slice(1, -1)), local);
      for (const p of local.parameters) {
        refs.parameters.add(p.toLowerCase());
        if (ciKey(params, p) === undefined) out.push(finding('TTK004', `parameters('${p}') is not declared`, at(pointer)));
      }
      for (const v of local.variables) {
        refs.variables.add(v.toLowerCase());
        if (ciKey(vars, v) === undefined) out.push(finding('TTK004', `variables('${v}') is not declared`, at(pointer)));
      }
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      out.push(finding('TTK006', `expression does not parse: ${e.message}`, at(pointer)));
    }
  });
  for (const p of Object.keys(params)) {
    if (!refs.parameters.has(p.toLowerCase())) out.push(finding('TTK002', `parameter "${p}" is never used`, at(pointerJoin('/parameters', p))));
  }
  for (const v of Object.keys(vars)) {
    if (!refs.variables.has(v.toLowerCase())) out.push(finding('TTK003', `variable "${v}" is never used`, at(pointerJoin('/variables', v))));
  }

  walkResources(template, '', (r, pointer) => {
    if (typeof ciGet(r, 'apiVersion') !== 'string') out.push(finding('TTK011', 'resource has no apiVersion', at(pointer)));
    const loc = ciGet(r, 'location');
    if (typeof loc === 'string' && !loc.startsWith('[') && loc.toLowerCase() !== 'global') {
      out.push(finding('TTK005', `location "${loc}" is hard-coded; use parameters('workspace-location')`, at(pointerJoin(pointer, 'location'))));
    }
    const ui = ciGet(ciGet(r, 'properties'), 'connectorUiConfig');
    if (isObject(ui)) {
      const critKey = ciKey(ui, 'connectivityCriteria') ?? ciKey(ui, 'connectivityCriterias') ?? 'connectivityCriteria';
      for (const key of [...UI_LISTS, critKey]) {
        const v = ciGet(ui, key);
        if (!Array.isArray(v) || v.length === 0) {
          out.push(finding('TTK007', `connectorUiConfig.${key} is ${v === undefined ? 'missing' : 'null or empty'}`, at(pointerJoin(pointer, 'properties', 'connectorUiConfig', key))));
        }
      }
    }
    const type = String(ciGet(r, 'type') ?? '').toLowerCase();
    const props = ciGet(r, 'properties');
    if (type.endsWith('/contentpackages') && !jsonEqual(ciGet(props, 'contentProductId'), ciGet(props, 'id'))) {
      out.push(finding('TTK008', 'contentPackages contentProductId and id differ', at(pointerJoin(pointer, 'properties'))));
    }
    if (type.endsWith('/contenttemplates')) {
      const contentId = ciGet(props, 'contentId');
      const kind = ciGet(props, 'contentKind');
      if (contentId === undefined) out.push(finding('TTK008', 'content template has no contentId', at(pointerJoin(pointer, 'properties'))));
      const inner = ciGet(ciGet(props, 'mainTemplate'), 'resources');
      (Array.isArray(inner) ? inner : []).forEach((ir, i) => {
        if (!String(ciGet(ir, 'type') ?? '').toLowerCase().endsWith('/metadata')) return;
        const ip = ciGet(ir, 'properties');
        if (ciGet(ip, 'kind') === kind && !jsonEqual(ciGet(ip, 'contentId'), contentId)) {
          out.push(finding('TTK008', `metadata contentId ${JSON.stringify(ciGet(ip, 'contentId'))} differs from the template's ${JSON.stringify(contentId)}`, at(pointerJoin(pointer, 'properties', 'mainTemplate', 'resources', i))));
        }
      });
    }
  });

  // dependsOn targets, resolved the way a deployment resolves them (sample parameter values).
  const ev = evaluateTemplate(template, { workspace: 'ttk-workspace', 'workspace-location': 'ttk-location' }, {}, { file });
  // An unknown parameter or variable is TTK004 (the static walk above finds the literal ones; the
  // evaluation adds computed names) — reported once per place, not again as an expression failure.
  const seen = new Set(out.map((f) => `${f.code} ${f.pointer}`));
  const push = (code: 'TTK004' | 'TTK006' | 'TTK009', message: string, pointer: string): void => {
    if (seen.has(`${code} ${pointer}`)) return;
    seen.add(`${code} ${pointer}`);
    out.push(finding(code, message, at(pointer)));
  };
  for (const d of ev.diagnostics) {
    if (d.code === 'ARM008') push('TTK009', d.message, d.pointer);
    else if (d.code === 'ARM005') push('TTK004', d.message, d.pointer);
    else if (d.code === 'ARM002' || d.code === 'ARM003' || d.code === 'ARM004') push('TTK006', d.message, d.pointer);
  }

  if (testParameters !== undefined && !jsonEqual(testParameters, params)) {
    out.push(finding('TTK010', 'testParameters.json must equal the template parameters', { file: 'testParameters.json', pointer: '' }));
  }
  return out;
}

function walkStrings(v: Json, pointer: string, fn: (s: string, pointer: string) => void): void {
  if (typeof v === 'string') fn(v, pointer);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, pointerJoin(pointer, i), fn));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, pointerJoin(pointer, k), fn);
}

/** Top-level resources and those inside content templates' mainTemplate. */
function walkResources(template: JsonObject, base: string, fn: (r: JsonObject, pointer: string) => void): void {
  const list = ciGet(template, 'resources');
  (Array.isArray(list) ? list : []).forEach((r, i) => {
    if (!isObject(r)) return;
    const p = pointerJoin(base, 'resources', i);
    fn(r, p);
    const inner = ciGet(ciGet(r, 'properties'), 'mainTemplate');
    if (isObject(inner)) walkResources(inner, pointerJoin(p, 'properties', 'mainTemplate'), fn);
  });
}
