// Where a keyword may be used as a plain (unbracketed) name.
//
// KQL's keywords are contextual: `count`, `kind`, `range`, `bin`, … are also common column and
// function names. Which words are accepted in which position was measured on the official parser
// (`@kusto/language-service-next` 12.4.1) by parsing, for every keyword W:
//   ref     `T | where W == 1`            (a name reference; also `W | take 1`, `by W`, `project W`)
//   decl    `T | extend W = 1`            (a column declared by an assignment)
//   let     `let W = 1; print 1`
//   param   `let f = (W:long) { 1 }; …`
//   call    `print W(1)`
//   member  `print x.W`
// Words not listed here are ordinary identifiers, usable everywhere. Any word can be used
// anywhere when bracketed: `['where']`.

export type NameUse = 'ref' | 'decl' | 'let' | 'param' | 'call' | 'member';

const NONE: readonly NameUse[] = [];

const TABLE: Array<[readonly NameUse[], string]> = [
  [
    ['decl', 'param'],
    'accumulate as by contains datatable earliest externaldata find has in invoke latest materialize mdm of print ' +
      'sample search set sql title to verbose viewers where',
  ],
  [
    NONE,
    'and anomalychart areachart asc bagexpansion barchart between bin_legacy cachingpolicy callout cancel card ' +
      'columnchart containscs cycles dataexport datascope decodeblocks desc endswith endswith_cs encodingpolicy ' +
      'expandoutput extent_tags_retention first flags has_any has_all has_cs hasprefix hasprefix_cs hassuffix ' +
      'hassuffix_cs harddelete hardretention hotcache isfuzzy force_remote journal ladderchart last like likecs ' +
      'linechart missing nooptimization notcontains notcontainscs notlike notlikecs or others pathformat piechart ' +
      'pivotchart project queries query_results relaxed restricted_view_access row_level_security rowstore ' +
      'scatterchart seal seals shards simple softdelete softretention stackedareachart startswith startswith_cs ' +
      'statistics timechart timeline timepivot treemap union unrestrictedviewers views with_itemindex ' +
      'with_match_id with_step_name writeaheadlog boolean byte char float string uint ulong uniqueid',
  ],
  [['ref', 'member'], 'kind withsource'],
  [['decl', 'param', 'call'], 'toscalar totable'],
  [['ref', 'decl', 'let', 'param', 'member'], 'typeof'],
  // type names: never names (`long(5)` written without a space is a literal, which the lexer
  // scans as one token; `dynamic(…)` is handled by the parser)
  [NONE, 'date datetime double dynamic int long real decimal time timespan'],
];

const RESTRICTED: ReadonlyMap<string, ReadonlySet<NameUse>> = (() => {
  const m = new Map<string, ReadonlySet<NameUse>>();
  for (const [uses, words] of TABLE) for (const w of words.split(' ')) m.set(w, new Set(uses));
  return m;
})();

/** Keywords that are nonetheless usable as names everywhere (`count`, `bin`, `range`, …). */
const FREE_KEYWORDS =
  'access alias bin consume count database declare default distinct edges entity_group evaluate extend dataformat ' +
  'inline_external_table datetime_pattern facet filter fork from getschema id best_effort join let limit lookup ' +
  'mvapply mvexpand nodes null nulls on optional order output pack parse partition pattern plotly graph ' +
  'query_parameters range reduce regex render restrict scan serialize sort step summarize take top view with ' +
  'with_node_id bool guid uuid';

const KEYWORDS: ReadonlySet<string> = new Set([...RESTRICTED.keys(), ...FREE_KEYWORDS.split(' ')]);

/** Is `word` one of the language's keywords (whether or not it may also serve as a name)? */
export function isKeyword(word: string): boolean {
  return KEYWORDS.has(word);
}

/** Can the unbracketed word `word` be used as a name in position `use`? */
export function canBeName(word: string, use: NameUse): boolean {
  const uses = RESTRICTED.get(word);
  return uses === undefined || uses.has(use);
}
