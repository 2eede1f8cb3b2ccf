// Checks the direction of imports between the top-level folders of src/ against the layout table of
// docs/architecture.md ("| `src/x/` | holds | may import |"). The table is the rule: reading it here
// keeps the document and the check from drifting apart. A folder the table does not list, or an
// import the table does not allow, is reported with the importing file and exits 1.
// `import type` counts too: a type arrow that points up is still a design arrow that points up.
// Usage: node scripts/check-imports.mjs [--root DIR]   (DIR holds src/ and docs/architecture.md; default .)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Reads the layout table: folder name → allowed folder names, or '*' for "everything". */
export function readRules(architectureText) {
  const rules = new Map();
  for (const line of architectureText.split('\n')) {
    const m = /^\|\s*`src\/([a-z0-9-]+)\/`\s*\|.*\|\s*([^|]*?)\s*\|\s*$/.exec(line);
    if (!m) continue;
    const [, folder, mayImport] = m;
    if (/^everything$/i.test(mayImport)) rules.set(folder, '*');
    else rules.set(folder, new Set(mayImport.split(',').map((s) => s.trim()).filter((s) => /^[a-z0-9-]+$/.test(s))));
  }
  return rules;
}

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /\b(?:import|export)\s+(?:type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Every relative import in src/ that crosses a top-level folder: { file, spec, from, to }. */
export function crossFolderImports(root) {
  const src = join(root, 'src');
  const out = [];
  for (const file of walk(src, [])) {
    const text = readFileSync(file, 'utf8');
    const from = relative(src, file).split(sep)[0];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec.startsWith('.')) continue;
      const target = relative(src, resolve(dirname(file), spec));
      const to = target.startsWith('..') ? '(outside src)' : target.split(sep)[0];
      if (to !== from) out.push({ file: relative(root, file), spec, from, to });
    }
  }
  return out;
}

/** The violations: imports the table does not allow, and folders it does not list. */
export function checkImports(root) {
  const rules = readRules(readFileSync(join(root, 'docs', 'architecture.md'), 'utf8'));
  const problems = [];
  const folders = readdirSync(join(root, 'src')).filter((n) => statSync(join(root, 'src', n)).isDirectory());
  for (const f of folders) if (!rules.has(f)) problems.push(`src/${f}/: not in the layout table of docs/architecture.md`);
  for (const imp of crossFolderImports(root)) {
    const allowed = rules.get(imp.from);
    if (allowed === undefined || allowed === '*') continue;
    if (!allowed.has(imp.to)) problems.push(`${imp.file}: imports '${imp.spec}' — ${imp.from} → ${imp.to} is not allowed (${imp.from} may import: ${[...allowed].join(', ') || 'nothing of Vigil'})`);
  }
  return problems;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname);
if (isMain) {
  const i = process.argv.indexOf('--root');
  const root = i > 0 ? process.argv[i + 1] : '.';
  const problems = checkImports(root);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} import direction problem(s)`);
    process.exit(1);
  }
  console.log(`imports follow the layout table of docs/architecture.md (${crossFolderImports(root).length} cross-folder imports checked)`);
}
