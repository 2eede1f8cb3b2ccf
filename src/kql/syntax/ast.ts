// The typed syntax tree produced by `parse()`.
//
// Conventions every consumer can rely on:
// - Every node is an object with a string `kind` (the discriminant) and a `span`.
// - `span.start`/`span.end` are UTF-16 offsets into the parsed text (end exclusive), i.e. what
//   `text.slice(start, end)` returns is the node's source. Use `lineColumn()` for line:column.
// - Tabular and scalar expressions share one `Expression` union, exactly as in Kusto's grammar:
//   `T | where x` is a `Pipe`, `toscalar(T | count)` is a `Call` whose argument is a `Pipe`, and a
//   query operator that starts a pipeline (`print`, `union`, `range`, `search`, `evaluate`, …) or
//   that receives its input from context (the sub-query of `mv-apply … on (…)`, `fork (…)`,
//   `partition by X (…)`, `facet … with (…)`) appears as a bare operator node with no source.
// - Names keep their spelling: `Name.name` is the identifier's value (without the `['…']`
//   quoting), `Name.bracketed` says whether it was written `['…']` / `["…"]`.
// - Literal values are parsed (see `Literal` below for the encoding of each type).
// - This file is additive-only after its first commit: new node kinds and new optional fields may
//   appear; existing fields keep their meaning.

export interface Span {
  start: number;
  end: number;
}

interface NodeBase {
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Names and types

/** An identifier: `Foo`, `$left`, `['a b']`, `["x"]`. */
export interface Name extends NodeBase {
  kind: 'Name';
  /** The identifier's value: for `['a b']` this is `a b`; for `$left` it is `$left`. */
  name: string;
  /** Written with brackets (`['…']` or `["…"]`). */
  bracketed: boolean;
}

/** A column name with `*` wildcards as used by `project-away`, `project-keep`, `project-reorder`: `Col*`, `*Id`. */
export interface WildcardName extends NodeBase {
  kind: 'WildcardName';
  /** The pattern as written, e.g. `Col*`. */
  pattern: string;
}

/** The ten KQL scalar types. */
export type ScalarTypeName =
  | 'bool'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'string'
  | 'datetime'
  | 'timespan'
  | 'guid'
  | 'dynamic';

/** A scalar type as written (`string`, `boolean`, `double`, `date`, `time`, `uniqueid`, …). */
export interface ScalarTypeRef extends NodeBase {
  kind: 'ScalarType';
  /** The spelling in the source (`boolean`, `double`, `int64`, …). */
  text: string;
  /** The canonical type name (`boolean` → `bool`, `double` → `real`, `date` → `datetime`, …). */
  name: ScalarTypeName;
}

/** `name:type`, in `datatable(…)`, `externaldata(…)`, tabular parameter schemas, `parse-kv … as (…)`, … */
export interface ColumnDeclaration extends NodeBase {
  kind: 'ColumnDeclaration';
  name: Name;
  type: ScalarTypeRef;
}

/**
 * A tabular type: a function parameter's `(*)` (any table) or `(a:string, b:long)`, or the
 * output schema of `evaluate plugin() : (*, a:string)`.
 */
export interface TabularTypeRef extends NodeBase {
  kind: 'TabularType';
  columns: ColumnDeclaration[];
  /** The schema includes `*` (any further columns); `(*)` has no columns and `wildcard: true`. */
  wildcard: boolean;
}

export type TypeRef = ScalarTypeRef | TabularTypeRef;

/** A function or query parameter: `x:long`, `x:long = 5`, `T:(*)`, `T:(a:string)`. */
export interface Parameter extends NodeBase {
  kind: 'Parameter';
  name: Name;
  type: TypeRef;
  default?: Expression;
}

// ---------------------------------------------------------------------------------------------
// Literals
//
// Value encodings:
//   bool      boolean
//   int       number (32-bit range)
//   long      bigint
//   real      number (including NaN and ±Infinity from `real(nan)`, `real(+inf)`, `real(-inf)`)
//   decimal   string (the decimal's text, e.g. "1.50"; exact, no float rounding)
//   string    string (escapes resolved; adjacent literals concatenated)
//   datetime  bigint: 100-ns ticks since the Unix epoch 1970-01-01T00:00:00Z (negative before it)
//   timespan  bigint: 100-ns ticks (`1d` = 864_000_000_000n)
//   guid      string, lower case, canonical `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`
//   dynamic   see `DynamicLiteral.value`
// `null` is the value of the typed null forms: `datetime(null)`, `long(null)`, `timespan(null)`, …

interface LiteralBase extends NodeBase {
  kind: 'Literal';
  /**
   * A typed literal whose content does not decode (`datetime(garbage)`), with `value` null: the
   * official parser accepts any content syntactically, so the binder is the one to refuse it.
   */
  invalid?: { word: string; content: string };
}

export interface BoolLiteral extends LiteralBase {
  type: 'bool';
  value: boolean | null;
}
export interface IntLiteral extends LiteralBase {
  type: 'int';
  value: number | null;
}
export interface LongLiteral extends LiteralBase {
  type: 'long';
  value: bigint | null;
}
export interface RealLiteral extends LiteralBase {
  type: 'real';
  value: number | null;
}
export interface DecimalLiteral extends LiteralBase {
  type: 'decimal';
  value: string | null;
}
export interface StringLiteral extends LiteralBase {
  type: 'string';
  value: string;
  /** Number of adjacent string tokens concatenated into this literal (`"a" "b"` → 2). */
  parts: number;
  /** At least one part was an obfuscated string (`h"…"`, `h@'…'`). */
  obfuscated: boolean;
}
export interface DatetimeLiteral extends LiteralBase {
  type: 'datetime';
  value: bigint | null;
  /** `datetime()` with empty content: the query's current time (`value` is then null). */
  now?: boolean;
}
export interface TimespanLiteral extends LiteralBase {
  type: 'timespan';
  value: bigint | null;
}
export interface GuidLiteral extends LiteralBase {
  type: 'guid';
  value: string | null;
}
/** `dynamic(…)`. `value` is the literal's content as a tree. */
export interface DynamicLiteral extends LiteralBase {
  type: 'dynamic';
  value: DynamicValue;
}

/** The content of a `dynamic(…)` literal: `null`, a scalar literal, an array or a property bag. */
export type DynamicValue = DynamicNull | DynamicArray | DynamicBag | ScalarLiteral;

export interface DynamicNull extends NodeBase {
  kind: 'DynamicNull';
}
export interface DynamicArray extends NodeBase {
  kind: 'DynamicArray';
  items: DynamicValue[];
}
export interface DynamicBag extends NodeBase {
  kind: 'DynamicBag';
  /** In source order; a repeated key appears as written (the later one wins when evaluated). */
  properties: DynamicProperty[];
}
export interface DynamicProperty extends NodeBase {
  kind: 'DynamicProperty';
  key: string;
  value: DynamicValue;
}

/** Every literal except `dynamic`. */
export type ScalarLiteral =
  | BoolLiteral
  | IntLiteral
  | LongLiteral
  | RealLiteral
  | DecimalLiteral
  | StringLiteral
  | DatetimeLiteral
  | TimespanLiteral
  | GuidLiteral;

export type Literal = ScalarLiteral | DynamicLiteral;
export type LiteralType = Literal['type'];

// ---------------------------------------------------------------------------------------------
// Scalar expressions

/** A reference to a column, a `let` name, a table, a query parameter, `$left`/`$right`, … */
export interface NameReference extends NodeBase {
  kind: 'NameReference';
  name: Name;
}

/** `*` as an argument (`arg_max(T, *)`) or an item (`distinct *`, a `parse` pattern wildcard). */
export interface Star extends NodeBase {
  kind: 'Star';
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '==' | '!=' | '<>' | '<' | '<=' | '>' | '>=' | '=~' | '!~';
export type LogicalOperator = 'and' | 'or';
/** String predicates, spelled as in the source (`!contains`, `has_cs`, `matches regex`, …). */
export type StringOperator =
  | 'contains' | '!contains' | 'contains_cs' | '!contains_cs'
  | 'has' | '!has' | 'has_cs' | '!has_cs'
  | 'hasprefix' | '!hasprefix' | 'hasprefix_cs' | '!hasprefix_cs'
  | 'hassuffix' | '!hassuffix' | 'hassuffix_cs' | '!hassuffix_cs'
  | 'startswith' | '!startswith' | 'startswith_cs' | '!startswith_cs'
  | 'endswith' | '!endswith' | 'endswith_cs' | '!endswith_cs'
  | 'like' | 'notlike' | 'likecs' | 'notlikecs'
  // legacy spellings the official parser still accepts
  | 'containscs' | 'notcontains' | 'notcontainscs'
  | 'matches regex';
/**
 * `=` appears only as the top of a `where` predicate written `where Name = Expr` (the official
 * parser accepts it as a named expression; e.g. `where isAudit = true`). Its left side is then a
 * `NameReference`; the binder decides what it means.
 */
export type AssignmentLikeOperator = '=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator | StringOperator | AssignmentLikeOperator;

export interface BinaryExpression extends NodeBase {
  kind: 'Binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  /** Span of the operator token(s). */
  operatorSpan: Span;
}

export interface UnaryExpression extends NodeBase {
  kind: 'Unary';
  operator: '-' | '+';
  operand: Expression;
}

/** Set membership: `x in (1, 2)`, `x !in~ (T)`, `x has_any (dynamic([…]))`, `x has_all ("a", "b")`. */
export type InOperator = 'in' | '!in' | 'in~' | '!in~' | 'has_any' | 'has_all';
export interface InExpression extends NodeBase {
  kind: 'In';
  operator: InOperator;
  left: Expression;
  /**
   * The parenthesised list as written. Each item may be a scalar, a dynamic array, or a tabular
   * expression (a `let`-bound table name or a pipe) whose first column supplies the values.
   */
  items: Expression[];
}

/** `x between (a .. b)`, `x !between (a .. b)`. */
export interface BetweenExpression extends NodeBase {
  kind: 'Between';
  negated: boolean;
  left: Expression;
  low: Expression;
  high: Expression;
}

/** A named argument: `columnsConflict='replace_source'` in `bag_unpack(…)`, `with (x=1)` props. */
export interface NamedArgument extends NodeBase {
  kind: 'NamedArgument';
  name: Name;
  value: Expression;
  /** List-valued properties (`render … with (ycolumns=a, b)`): every value; `value` is the first. */
  values?: Expression[];
}

export type Argument = Expression | NamedArgument;

/**
 * A function call: scalar functions, aggregates, plugins (inside `evaluate`), user functions,
 * and the tabular built-ins `materialize(…)`, `toscalar(…)`, `table(…)`, `database(…)`,
 * `cluster(…)`, `view`s, …
 */
export interface CallExpression extends NodeBase {
  kind: 'Call';
  callee: Name;
  args: Argument[];
  /** Method-style call on a target: `cluster("c").database("d")` has target `cluster("c")`. */
  target?: Expression;
  /** Operator parameters of `toscalar kind=nooptimization (…)` / `totable kind=… (…)`. */
  parameters?: OperatorParameter[];
}

/** `a.b`, `a.['b c']`, `database("x").T`, `$left.Id`. */
export interface MemberExpression extends NodeBase {
  kind: 'Member';
  target: Expression;
  member: Name;
}

/** `a["b"]`, `a[0]`, `a[-1]`, `a[i]`. */
export interface IndexExpression extends NodeBase {
  kind: 'Index';
  target: Expression;
  index: Expression;
}

/** `( expr )`. Kept so that positions and column naming stay faithful to the source. */
export interface ParenthesizedExpression extends NodeBase {
  kind: 'Parenthesized';
  expression: Expression;
}

/**
 * `Column:Value` — the `search` term syntax (`search Source:"x"`), which the official parser
 * accepts as an operand anywhere: true when the column has the term. Binds tighter than `+`.
 */
export interface SearchColonExpression extends NodeBase {
  kind: 'SearchColon';
  left: Expression;
  right: Expression;
}

/**
 * `[expr]` as an operand (not a bracketed name, which holds a string: `['a b']`). The official
 * parser accepts it anywhere an operand may stand; Kusto gives it no documented meaning, so the
 * binder decides (and may reject it).
 */
export interface BracketedExpression extends NodeBase {
  kind: 'Bracketed';
  expression: Expression;
}

/** `typeof(long)`: a type used as a value (e.g. `mv-expand x to typeof(long)`). */
export interface TypeOfExpression extends NodeBase {
  kind: 'TypeOf';
  type: ScalarTypeRef;
}

/**
 * `let f = (a:long, T:(*)) { … }` — a function (or `view () { … }`) definition. Only appears as
 * the value of a `LetStatement`.
 */
export interface FunctionDefinition extends NodeBase {
  kind: 'FunctionDefinition';
  /** Written with the `view` keyword. */
  view: boolean;
  parameters: Parameter[];
  body: FunctionBody;
}

/** `{ let y = …; expr }` — statements followed by the result expression. */
export interface FunctionBody extends NodeBase {
  kind: 'FunctionBody';
  statements: Statement[];
  /** The body's result; absent only for an (invalid) empty body. */
  result?: Expression;
}

// ---------------------------------------------------------------------------------------------
// Items shared by operators

/**
 * `name = expr` or `(a, b, c) = expr` (tuple assignment).
 * Used in `extend`, `project`, `summarize`, `print`, `serialize`, `mv-expand`, `scan` steps, …
 */
export interface Assignment extends NodeBase {
  kind: 'Assignment';
  /** One name, or several for a tuple assignment `(a, b) = f()`. */
  names: Name[];
  /** The left side was parenthesised: `(a, b) = …` (also `(a) = …`). */
  tuple: boolean;
  value: Expression;
}

/** An item of a projection-like list: an expression with an optional name. */
export type ProjectionItem = Expression | Assignment;

/** `kind=inner`, `hint.strategy=shuffle`, `withsource=T`, `isfuzzy=true`, `flags=i`, … */
export interface OperatorParameter extends NodeBase {
  kind: 'OperatorParameter';
  /** As written, lower-case insensitive names are not normalised (`hint.strategy`, `kind`, …). */
  name: string;
  nameSpan: Span;
  /** Identifier-like values (`inner`, `shuffle`) are `NameReference`s; others are literals. */
  value: Expression;
}

export interface SortKey extends NodeBase {
  kind: 'SortKey';
  expression: Expression;
  order?: 'asc' | 'desc';
  nulls?: 'first' | 'last';
}

// ---------------------------------------------------------------------------------------------
// Query operators (one node type each). `Pipe.operator` holds one of these.

export interface WhereOperator extends NodeBase {
  kind: 'WhereOperator';
  /** `where` or its alias `filter`. */
  keyword: 'where' | 'filter';
  parameters: OperatorParameter[];
  predicate: Expression;
}

export interface ExtendOperator extends NodeBase {
  kind: 'ExtendOperator';
  items: ProjectionItem[];
}

export interface ProjectOperator extends NodeBase {
  kind: 'ProjectOperator';
  items: ProjectionItem[];
}

export interface ProjectAwayOperator extends NodeBase {
  kind: 'ProjectAwayOperator';
  columns: Array<Name | WildcardName>;
}

export interface ProjectKeepOperator extends NodeBase {
  kind: 'ProjectKeepOperator';
  columns: Array<Name | WildcardName>;
}

/** `project-rename New = Old, …`. */
export interface ProjectRenameOperator extends NodeBase {
  kind: 'ProjectRenameOperator';
  renames: Array<{ kind: 'Rename'; span: Span; newName: Name; oldName: Name }>;
}

/** `project-reorder A, B* asc, …`. */
export interface ProjectReorderOperator extends NodeBase {
  kind: 'ProjectReorderOperator';
  columns: Array<{
    kind: 'ReorderColumn';
    span: Span;
    column: Name | WildcardName;
    order?: 'asc' | 'desc' | 'granny-asc' | 'granny-desc';
  }>;
}

/** `project-by-names "a", "b*"` / `project-by-names dynamic([…])`. */
export interface ProjectByNamesOperator extends NodeBase {
  kind: 'ProjectByNamesOperator';
  items: Expression[];
}

export interface SummarizeOperator extends NodeBase {
  kind: 'SummarizeOperator';
  parameters: OperatorParameter[];
  aggregates: ProjectionItem[];
  by: ProjectionItem[];
}

export interface SortOperator extends NodeBase {
  kind: 'SortOperator';
  keyword: 'sort' | 'order';
  parameters: OperatorParameter[];
  keys: SortKey[];
}

export interface TopOperator extends NodeBase {
  kind: 'TopOperator';
  parameters: OperatorParameter[];
  count: Expression;
  keys: SortKey[];
}

/** `top-nested [N] of Expr [with others = V] by Agg [asc|desc], …`. */
export interface TopNestedOperator extends NodeBase {
  kind: 'TopNestedOperator';
  clauses: TopNestedClause[];
}
export interface TopNestedClause extends NodeBase {
  kind: 'TopNestedClause';
  count?: Expression;
  of: ProjectionItem;
  withOthers?: Expression;
  by: ProjectionItem;
  order?: 'asc' | 'desc';
}

/** `top-hitters N of Expr [by Expr]`. */
export interface TopHittersOperator extends NodeBase {
  kind: 'TopHittersOperator';
  count: Expression;
  of: Expression;
  by?: Expression;
}

export interface TakeOperator extends NodeBase {
  kind: 'TakeOperator';
  keyword: 'take' | 'limit';
  parameters: OperatorParameter[];
  count: Expression;
}

export interface SampleOperator extends NodeBase {
  kind: 'SampleOperator';
  parameters: OperatorParameter[];
  count: Expression;
}

export interface SampleDistinctOperator extends NodeBase {
  kind: 'SampleDistinctOperator';
  parameters: OperatorParameter[];
  count: Expression;
  of: Expression;
}

/** `distinct a, b` or `distinct *` (then `items` is `[Star]`). */
export interface DistinctOperator extends NodeBase {
  kind: 'DistinctOperator';
  parameters: OperatorParameter[];
  items: ProjectionItem[];
}

export interface CountOperator extends NodeBase {
  kind: 'CountOperator';
  /** `count as Name`. */
  as?: Name;
}

export interface GetSchemaOperator extends NodeBase {
  kind: 'GetSchemaOperator';
}

export interface SerializeOperator extends NodeBase {
  kind: 'SerializeOperator';
  parameters: OperatorParameter[];
  items: ProjectionItem[];
}

/** `as [hint.materialized=true] Name`. */
export interface AsOperator extends NodeBase {
  kind: 'AsOperator';
  parameters: OperatorParameter[];
  name: Name;
}

export type JoinKind =
  | 'innerunique'
  | 'inner'
  | 'leftouter'
  | 'rightouter'
  | 'fullouter'
  | 'leftanti'
  | 'anti'
  | 'leftantisemi'
  | 'rightanti'
  | 'rightantisemi'
  | 'leftsemi'
  | 'rightsemi';

/**
 * `join [kind=K] [hint.*=…] (Right) on Key, $left.A == $right.B, …`.
 * `on` holds the conditions as written: a `NameReference` for a common column name, a `Binary`
 * `==` between `$left.X`/`$right.Y` members, and `and` chains of those when written that way.
 */
export interface JoinOperator extends NodeBase {
  kind: 'JoinOperator';
  parameters: OperatorParameter[];
  /** The value of `kind=`, lower-cased, when given (`parameters` also holds it). */
  joinKind?: string;
  right: Expression;
  on: Expression[];
  /** `join … where …` form (time-window joins in some docs) — the predicate when used instead of `on`. */
  where?: Expression;
}

/** `lookup [kind=leftouter|inner] (Right) on Keys`. */
export interface LookupOperator extends NodeBase {
  kind: 'LookupOperator';
  parameters: OperatorParameter[];
  lookupKind?: string;
  right: Expression;
  on: Expression[];
}

/** `union [kind=inner|outer] [withsource=Col] [isfuzzy=true] T1, (T2 | …), f("x"), Prefix*`. */
export interface UnionOperator extends NodeBase {
  kind: 'UnionOperator';
  parameters: OperatorParameter[];
  /** Expressions, or wildcard table names such as `Security*`. */
  tables: Array<Expression | WildcardName>;
}

/** One item of `mv-expand` / `mv-apply`: `[Name =] ArrayExpr [to typeof(T)]`. */
export interface ExpandItem extends NodeBase {
  kind: 'ExpandItem';
  /** The expression with an optional `Name =`. */
  item: ProjectionItem;
  toType?: ScalarTypeRef;
}

export interface MvExpandOperator extends NodeBase {
  kind: 'MvExpandOperator';
  keyword: 'mv-expand' | 'mvexpand';
  /** `bagexpansion=array`, `with_itemindex=Idx`, `kind=…`. */
  parameters: OperatorParameter[];
  items: ExpandItem[];
  limit?: Expression;
}

/** `mv-apply [params] Item, … [limit N] [id=…] on ( SubQuery )`. */
export interface MvApplyOperator extends NodeBase {
  kind: 'MvApplyOperator';
  keyword: 'mv-apply' | 'mvapply';
  parameters: OperatorParameter[];
  items: ExpandItem[];
  limit?: Expression;
  /** The sub-query; its first operator takes the expanded rows as its input. */
  subquery: Expression;
}

/** A part of a `parse` pattern: a string literal, a `*`, or a column to extract (`Col` / `Col:type`). */
export type ParsePatternPart = StringLiteral | Star | ColumnDeclaration | ParseColumn | ParseRegexPart;
/** A column without a type in a `parse` pattern (`… "a" Col "b"`): extracted as string. */
export interface ParseColumn extends NodeBase {
  kind: 'ParseColumn';
  name: Name;
}
/** `kind=regex` pattern parts given as bare regular expression text are still `StringLiteral`s; this
 *  node is reserved for future non-literal pattern parts. */
export interface ParseRegexPart extends NodeBase {
  kind: 'ParseRegexPart';
  text: string;
}

/** `parse [kind=simple|regex|relaxed [flags=…]] Expr with Pattern`. Also `parse-where`. */
export interface ParseOperator extends NodeBase {
  kind: 'ParseOperator';
  keyword: 'parse' | 'parse-where';
  parameters: OperatorParameter[];
  /** Value of `kind=` if present (`simple`, `regex`, `relaxed`). */
  parseKind?: string;
  /** Value of `flags=` if present (e.g. `Ui`). */
  flags?: string;
  source: Expression;
  pattern: ParsePatternPart[];
}

/** `parse-kv Expr as (a:string, …) with (pair_delimiter=',', kv_delimiter='=', quote='"', greedy=true, regex=…)`. */
export interface ParseKvOperator extends NodeBase {
  kind: 'ParseKvOperator';
  source: Expression;
  columns: ColumnDeclaration[];
  options: NamedArgument[];
}

/** One aggregate of `make-series`: `[Name =] Agg(…) [default = V]`. */
export interface MakeSeriesAggregate extends NodeBase {
  kind: 'MakeSeriesAggregate';
  item: ProjectionItem;
  default?: Expression;
}

/**
 * `make-series [kind=nonempty] [hints] Aggs on AxisCol [from A] [to B] step S [by …]`
 * or the legacy `… on AxisCol in range(A, B, S) [by …]`.
 */
export interface MakeSeriesOperator extends NodeBase {
  kind: 'MakeSeriesOperator';
  parameters: OperatorParameter[];
  aggregates: MakeSeriesAggregate[];
  on: Expression;
  from?: Expression;
  to?: Expression;
  step?: Expression;
  /** Legacy form: the `range(A, B, S)` call. */
  inRange?: CallExpression;
  by: ProjectionItem[];
}

/** `evaluate [hint.*=…] plugin(args)`. */
export interface EvaluateOperator extends NodeBase {
  kind: 'EvaluateOperator';
  parameters: OperatorParameter[];
  plugin: CallExpression;
  /** `evaluate plugin(…) : (a:string, …)` — the declared output schema. */
  schema?: TabularTypeRef;
}

/** `render Visualization [with (prop=value, …)]` (also legacy `render V kind=… title=…`). */
export interface RenderOperator extends NodeBase {
  kind: 'RenderOperator';
  visualization: Name;
  properties: NamedArgument[];
}

/** `search [kind=case_sensitive] [in (T1, T2)] Predicate`. */
export interface SearchOperator extends NodeBase {
  kind: 'SearchOperator';
  parameters: OperatorParameter[];
  tables?: Array<Expression | WildcardName>;
  predicate: Expression;
}

/** `find [withsource=C] [in (T1, …)] where Predicate [project-smart | project a, b, pack_all()]`. */
export interface FindOperator extends NodeBase {
  kind: 'FindOperator';
  parameters: OperatorParameter[];
  tables?: Array<Expression | WildcardName>;
  predicate: Expression;
  /** `project …` clause items, or `'smart'` for `project-smart`. */
  project?: ProjectionItem[] | 'smart';
}

/** `invoke f(args)`: calls `f` with the input table as its first (tabular) argument. */
export interface InvokeOperator extends NodeBase {
  kind: 'InvokeOperator';
  call: CallExpression;
}

/** `scan [with_match_id=Id] [declare (a:long = 0, …)] with ( step s [output=all|last|none]: Cond => a = …; … )`. */
export interface ScanOperator extends NodeBase {
  kind: 'ScanOperator';
  parameters: OperatorParameter[];
  declarations: Parameter[];
  /** `order by …` clause. */
  orderBy?: SortKey[];
  /** `partition by …` clause. */
  partitionBy?: Expression[];
  steps: ScanStep[];
}
export interface ScanStep extends NodeBase {
  kind: 'ScanStep';
  name: Name;
  output?: 'all' | 'last' | 'none';
  condition: Expression;
  assignments: Assignment[];
}

/** `fork ( SubQuery ) [name=]( SubQuery ) …`. */
export interface ForkOperator extends NodeBase {
  kind: 'ForkOperator';
  branches: Array<{ kind: 'ForkBranch'; span: Span; name?: Name; subquery: Expression }>;
}

/** `facet by Col, … [with ( SubQuery )]`. */
export interface FacetOperator extends NodeBase {
  kind: 'FacetOperator';
  columns: Name[];
  with?: Expression;
}

/** `partition [hints] by Col ( SubQuery )` or the legacy `partition by Col { Scope }`. */
export interface PartitionOperator extends NodeBase {
  kind: 'PartitionOperator';
  parameters: OperatorParameter[];
  by: Expression;
  subquery: Expression;
  /** The body was written in braces `{ … }` (a scope whose body is a full tabular expression). */
  braced: boolean;
}

/** `reduce [kind=source] by Expr [with threshold=…, characters=…]`. */
export interface ReduceOperator extends NodeBase {
  kind: 'ReduceOperator';
  parameters: OperatorParameter[];
  by: Expression;
  options: NamedArgument[];
}

/** `consume [decodeblocks=true]`. */
export interface ConsumeOperator extends NodeBase {
  kind: 'ConsumeOperator';
  parameters: OperatorParameter[];
}

/** `assert-schema (a:string, …)`. */
export interface AssertSchemaOperator extends NodeBase {
  kind: 'AssertSchemaOperator';
  schema: TabularTypeRef;
}

/** `print [Name =] Expr, …` — starts a pipeline. */
export interface PrintOperator extends NodeBase {
  kind: 'PrintOperator';
  items: ProjectionItem[];
}

/** `range Col from A to B step S` — starts a pipeline. */
export interface RangeOperator extends NodeBase {
  kind: 'RangeOperator';
  column: Name;
  from: Expression;
  to: Expression;
  step: Expression;
}

/** `datatable (a:string, …) [ v1, v2, … ]` (values row-major). */
export interface DataTableExpression extends NodeBase {
  kind: 'DataTable';
  parameters: OperatorParameter[];
  columns: ColumnDeclaration[];
  values: Expression[];
}

/** `externaldata (a:string, …) [ uri, … ] [with (format="csv", …)]`. */
export interface ExternalDataExpression extends NodeBase {
  kind: 'ExternalData';
  parameters: OperatorParameter[];
  columns: ColumnDeclaration[];
  uris: Expression[];
  properties: NamedArgument[];
}

/**
 * `inline_external_table [(a:string, …)] kind=storage|delta [dataformat=…] [pathformat=…]
 * (uri, …) [with (prop=value, …)]`.
 */
export interface InlineExternalTableExpression extends NodeBase {
  kind: 'InlineExternalTable';
  parameters: OperatorParameter[];
  columns: ColumnDeclaration[];
  uris: Expression[];
  properties: NamedArgument[];
}

// --- Graph operators (parsed, not run by Vigil). The pattern is kept as a flat sequence. ---

/** `make-graph Src --> Dst [with Nodes on Id, …] [partitioned-by …]`. */
export interface MakeGraphOperator extends NodeBase {
  kind: 'MakeGraphOperator';
  parameters: OperatorParameter[];
  source: Expression;
  direction: '-->' | '--';
  target: Expression;
  /** `with T1 on Id1, T2 on Id2`. */
  nodes: Array<{ kind: 'GraphNodesSource'; span: Span; table: Expression; key: Expression }>;
  /** `partitioned-by Col ( SubQuery )`. (`with_node_id = Name` is one of the `parameters`.) */
  partitionedBy?: { column: Name; subquery?: Expression };
}

/** `(n)` — a node in a graph pattern (`()` anonymous). */
export interface GraphPatternNode extends NodeBase {
  kind: 'GraphPatternNode';
  name?: Name;
}
/** `-[e]->`, `<-[e*1..3]-`, `--`, `-->`, `<--`. */
export interface GraphPatternEdge extends NodeBase {
  kind: 'GraphPatternEdge';
  name?: Name;
  direction: 'right' | 'left' | 'any';
  /** Variable length `*min..max`. */
  range?: { min: Expression; max: Expression };
}
export interface GraphPattern extends NodeBase {
  kind: 'GraphPattern';
  elements: Array<GraphPatternNode | GraphPatternEdge>;
}

/** `graph-match [cycles=…] Pattern, … [where Pred] [project …]`. */
export interface GraphMatchOperator extends NodeBase {
  kind: 'GraphMatchOperator';
  parameters: OperatorParameter[];
  patterns: GraphPattern[];
  where?: Expression;
  project?: ProjectionItem[];
}

/** `graph-shortest-paths [output=…] Pattern [where Pred] project …`. */
export interface GraphShortestPathsOperator extends NodeBase {
  kind: 'GraphShortestPathsOperator';
  parameters: OperatorParameter[];
  patterns: GraphPattern[];
  where?: Expression;
  project?: ProjectionItem[];
}

/** `graph-to-table nodes [as N] [with_node_id=…] [, edges [as E] [with_source_id=…] [with_target_id=…]]`. */
export interface GraphToTableOperator extends NodeBase {
  kind: 'GraphToTableOperator';
  outputs: Array<{
    kind: 'GraphToTableOutput';
    span: Span;
    what: 'nodes' | 'edges';
    as?: Name;
    parameters: OperatorParameter[];
  }>;
}

/** `graph-mark-components [kind=…] [with_component_id=…]`. */
export interface GraphMarkComponentsOperator extends NodeBase {
  kind: 'GraphMarkComponentsOperator';
  parameters: OperatorParameter[];
}

/** `graph-merge G2 [on …]`. */
export interface GraphMergeOperator extends NodeBase {
  kind: 'GraphMergeOperator';
  graph: Expression;
  on: Expression[];
}

/** `graph-where-nodes Pred` / `graph-where-edges Pred`. */
export interface GraphWhereOperator extends NodeBase {
  kind: 'GraphWhereOperator';
  target: 'nodes' | 'edges';
  predicate: Expression;
}

/** `execute-and-cache`. */
export interface ExecuteAndCacheOperator extends NodeBase {
  kind: 'ExecuteAndCacheOperator';
}

/** `macro-expand [hints] EntityGroup as Name ( SubQuery )`. */
export interface MacroExpandOperator extends NodeBase {
  kind: 'MacroExpandOperator';
  parameters: OperatorParameter[];
  entityGroup: Expression;
  as: Name;
  subquery: Expression;
}

export type QueryOperator =
  | WhereOperator
  | ExtendOperator
  | ProjectOperator
  | ProjectAwayOperator
  | ProjectKeepOperator
  | ProjectRenameOperator
  | ProjectReorderOperator
  | ProjectByNamesOperator
  | SummarizeOperator
  | SortOperator
  | TopOperator
  | TopNestedOperator
  | TopHittersOperator
  | TakeOperator
  | SampleOperator
  | SampleDistinctOperator
  | DistinctOperator
  | CountOperator
  | GetSchemaOperator
  | SerializeOperator
  | AsOperator
  | JoinOperator
  | LookupOperator
  | UnionOperator
  | MvExpandOperator
  | MvApplyOperator
  | ParseOperator
  | ParseKvOperator
  | MakeSeriesOperator
  | EvaluateOperator
  | RenderOperator
  | SearchOperator
  | FindOperator
  | InvokeOperator
  | ScanOperator
  | ForkOperator
  | FacetOperator
  | PartitionOperator
  | ReduceOperator
  | ConsumeOperator
  | AssertSchemaOperator
  | PrintOperator
  | RangeOperator
  | MakeGraphOperator
  | GraphMatchOperator
  | GraphShortestPathsOperator
  | GraphToTableOperator
  | GraphMarkComponentsOperator
  | GraphMergeOperator
  | GraphWhereOperator
  | ExecuteAndCacheOperator
  | MacroExpandOperator;

export type QueryOperatorKind = QueryOperator['kind'];

/** `Source | Operator`. Left-nested: `A | where x | take 1` is `Pipe(Pipe(A, where), take)`. */
export interface PipeExpression extends NodeBase {
  kind: 'Pipe';
  source: Expression;
  operator: QueryOperator;
}

/** Every expression, scalar or tabular. */
export type Expression =
  | Literal
  | NameReference
  | Star
  | BinaryExpression
  | UnaryExpression
  | InExpression
  | BetweenExpression
  | CallExpression
  | MemberExpression
  | IndexExpression
  | ParenthesizedExpression
  | TypeOfExpression
  | SearchColonExpression
  | BracketedExpression
  | DataTableExpression
  | ExternalDataExpression
  | InlineExternalTableExpression
  | PipeExpression
  | QueryOperator;

// ---------------------------------------------------------------------------------------------
// Statements

/** `let Name = Expr`, `let Name = (params) { body }`, `let Name = view () { body }`. */
export interface LetStatement extends NodeBase {
  kind: 'LetStatement';
  name: Name;
  value: Expression | FunctionDefinition;
}

/** `declare query_parameters (a:string, b:long = 5);` */
export interface QueryParametersStatement extends NodeBase {
  kind: 'QueryParametersStatement';
  parameters: Parameter[];
}

/** `set name [= value];` — client request properties (`set querytrace;`, `set query_now = datetime(…);`). */
export interface SetStatement extends NodeBase {
  kind: 'SetStatement';
  name: Name;
  value?: Expression;
}

/** `alias database Name = cluster(…).database(…)`. */
export interface AliasStatement extends NodeBase {
  kind: 'AliasStatement';
  name: Name;
  value: Expression;
}

/** `restrict access to (T1, T2, …)`. */
export interface RestrictStatement extends NodeBase {
  kind: 'RestrictStatement';
  tables: Array<Expression | WildcardName>;
}

/**
 * `declare pattern Name;` or
 * `declare pattern Name = (a:string, …)[path:string] { ("v1", …).["p"] = { query }; … };`
 * (a pattern is then invoked as `Name("v1").p`, i.e. a call followed by a member).
 */
export interface PatternStatement extends NodeBase {
  kind: 'PatternStatement';
  name: Name;
  parameters?: Parameter[];
  pathParameter?: Parameter;
  matches?: PatternMatch[];
}
export interface PatternMatch extends NodeBase {
  kind: 'PatternMatch';
  values: Expression[];
  /** The path value: a `Name` for `.p`, a string literal for `.["p"]`. */
  path?: Name | StringLiteral;
  body: Expression;
}

/** A query: a tabular (or scalar) expression on its own, e.g. `T | where x`. */
export interface ExpressionStatement extends NodeBase {
  kind: 'ExpressionStatement';
  expression: Expression;
}

export type Statement =
  | LetStatement
  | QueryParametersStatement
  | SetStatement
  | AliasStatement
  | RestrictStatement
  | PatternStatement
  | ExpressionStatement;

/** The whole text: statements separated by `;` (a trailing `;` is allowed). */
export interface Script extends NodeBase {
  kind: 'Script';
  statements: Statement[];
}

// ---------------------------------------------------------------------------------------------

/** Any node of the tree (for generic walkers). */
export type Node =
  | Script
  | Statement
  | Expression
  | FunctionDefinition
  | FunctionBody
  | Name
  | WildcardName
  | ScalarTypeRef
  | TabularTypeRef
  | ColumnDeclaration
  | Parameter
  | NamedArgument
  | Assignment
  | OperatorParameter
  | SortKey
  | TopNestedClause
  | ExpandItem
  | ParseColumn
  | ParseRegexPart
  | MakeSeriesAggregate
  | ScanStep
  | PatternMatch
  | DynamicNull
  | DynamicArray
  | DynamicBag
  | DynamicProperty
  | GraphPattern
  | GraphPatternNode
  | GraphPatternEdge;

export type NodeKind = Node['kind'];
