// The parser's output type: the syntax tree of one Silk source file, as built by
// compiler/syntax/ (CST → AST visitor) and read by resolve/, check/ and fmt/.
//
// Conventions
// - Every node is a plain object with a `kind` discriminant and a `span` (offsets into the file).
// - The tree is purely syntactic: names are not resolved, types are not checked. In particular a
//   lone identifier in a pattern is an `IdentPattern` even if it names a unit enum variant
//   (`None`); resolve/ reinterprets it, as rustc does.
// - Parentheses are not nodes: precedence is encoded by the tree shape and fmt/ re-inserts the
//   parentheses it needs. So `revert("x");` and `revert "x";` are the same tree.
// - Built-in names (`u256`, `address`, `msg`, `Map`, `Some`, `transfer`, `sha256` …) are ordinary
//   identifiers here; only `self` is a keyword (`SelfExpr`).
// - Under error recovery the parser still returns a tree; where a child was missing it puts a
//   `MissingExpr` / `MissingType` / an Ident with text "" in its place. Such trees always come with
//   an error diagnostic, so the driver's severity gate stops before resolve/ ever sees them.
//
// Syntax choices not fixed by LANGUAGE.md (see compiler/ast/README.md for the full list):
// - Components: `component Ownable { storage {…} event … error … pub fn … }` and, inside a
//   contract or another component, `use Ownable;` (a `UseDecl` member). Each component's storage
//   lives in its own namespace, so fields never collide.
// - `require`, `assert`, `emit`, `revert` are statements with their own nodes.
// - `a..b` (`Range`) is only produced in a `for` header.

import type { Span } from "../diagnostics/types.js";

export type { Span };

// ---------------------------------------------------------------------------------------------
// Names

export interface Ident {
  kind: "Ident";
  text: string;
  span: Span;
}

/** `a`, `Shape::Circle`, `math::max`: segments joined by `::`. */
export interface Path {
  kind: "Path";
  segments: Ident[];
  span: Span;
}

/** `#[indexed]`, `#[reentrant]`, `#[name(arg, …)]`. */
export interface Attribute {
  kind: "Attribute";
  name: Ident;
  args: Ident[];
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// File and items

export interface SourceFile {
  kind: "SourceFile";
  file: string;
  imports: ImportDecl[];
  items: Item[];
  span: Span;
}

/** `import { Ownable, Pausable as P } from "std/access";` */
export interface ImportDecl {
  kind: "ImportDecl";
  names: ImportName[];
  /** The module specifier as written, unescaped ("std/access", "./lib"). */
  from: string;
  span: Span;
}

export interface ImportName {
  kind: "ImportName";
  name: Ident;
  alias: Ident | undefined;
  span: Span;
}

/** Anything that may appear at the top level of a file. */
export type Item =
  | ContractDecl
  | ComponentDecl
  | InterfaceDecl
  | StructDecl
  | EnumDecl
  | ConstDecl
  | FnDecl
  | TypeAliasDecl
  | EventDecl
  | ErrorDecl;

/** Fields common to every declaration that can carry `///` docs and `#[attributes]`. */
interface DeclBase {
  /** `///` lines above the declaration, text after the `///` verbatim (leading space kept). */
  docs: string[];
  attributes: Attribute[];
  span: Span;
}

/** `contract Token: IToken, IOwned { … }` */
export interface ContractDecl extends DeclBase {
  kind: "ContractDecl";
  name: Ident;
  implements: Path[];
  members: ContractMember[];
}

/**
 * `component Ownable { … }` — a reusable unit with its own storage, events, errors and entry
 * points; a contract composes it with `use Ownable;`.
 */
export interface ComponentDecl extends DeclBase {
  kind: "ComponentDecl";
  name: Ident;
  members: ContractMember[];
}

export type ContractMember =
  | StorageDecl
  | InitDecl
  | FnDecl
  | EventDecl
  | ErrorDecl
  | InvariantDecl
  | UseDecl
  | ConstDecl;

/** `storage { a: u256, m: Map<address, u256>, }` */
export interface StorageDecl extends DeclBase {
  kind: "StorageDecl";
  fields: FieldDecl[];
}

/** A named, typed field of a storage block, struct, event, error or struct-like variant. */
export interface FieldDecl extends DeclBase {
  kind: "FieldDecl";
  name: Ident;
  type: TypeExpr;
}

/** `payable init(a: u256) { … }` — runs once at deploy. */
export interface InitDecl extends DeclBase {
  kind: "InitDecl";
  payable: boolean;
  params: Param[];
  body: Block;
}

/**
 * A function: a free function, a contract/component member, or (with `body` undefined) an
 * interface signature `view fn f(a: u8) -> u8;`.
 */
export interface FnDecl extends DeclBase {
  kind: "FnDecl";
  /** `pub fn` — an ABI entry point in a contract/component; exported from a plain module. */
  isPub: boolean;
  view: boolean;
  payable: boolean;
  name: Ident;
  params: Param[];
  returnType: TypeExpr | undefined;
  body: Block | undefined;
}

export interface Param {
  kind: "Param";
  name: Ident;
  type: TypeExpr;
  span: Span;
}

/** `event Transfer { #[indexed] from: address, amount: u256 }` */
export interface EventDecl extends DeclBase {
  kind: "EventDecl";
  name: Ident;
  fields: FieldDecl[];
}

/** `error InsufficientBalance { have: u256, need: u256 }` or `error Unauthorized;` (no fields) */
export interface ErrorDecl extends DeclBase {
  kind: "ErrorDecl";
  name: Ident;
  fields: FieldDecl[];
}

/** `invariant name(who: address) { bool expression }` — only compiled into test builds. */
export interface InvariantDecl extends DeclBase {
  kind: "InvariantDecl";
  name: Ident;
  params: Param[];
  body: Block;
}

/** `use Ownable;` inside a contract or component: compose a component. */
export interface UseDecl extends DeclBase {
  kind: "UseDecl";
  component: Path;
}

/** `interface IToken { fn transfer(…) -> bool; view fn balance_of(…) -> u256; }` */
export interface InterfaceDecl extends DeclBase {
  kind: "InterfaceDecl";
  name: Ident;
  /** Every entry has `body === undefined`. */
  fns: FnDecl[];
}

export interface StructDecl extends DeclBase {
  kind: "StructDecl";
  name: Ident;
  fields: FieldDecl[];
}

export interface EnumDecl extends DeclBase {
  kind: "EnumDecl";
  name: Ident;
  variants: VariantDecl[];
}

/** `Red`, `Circle(u32)`, `Rect { w: u32, h: u32 }` */
export interface VariantDecl extends DeclBase {
  kind: "VariantDecl";
  name: Ident;
  payload: VariantPayloadDecl | undefined;
}

export type VariantPayloadDecl =
  | { kind: "TuplePayload"; types: TypeExpr[]; span: Span }
  | { kind: "StructPayload"; fields: FieldDecl[]; span: Span };

/** `const MAX: u256 = 1_000;` */
export interface ConstDecl extends DeclBase {
  kind: "ConstDecl";
  name: Ident;
  type: TypeExpr;
  value: Expr;
}

/** `type Balance = u256;` */
export interface TypeAliasDecl extends DeclBase {
  kind: "TypeAliasDecl";
  name: Ident;
  type: TypeExpr;
}

// ---------------------------------------------------------------------------------------------
// Types

export type TypeExpr = NamedType | ArrayType | TupleType | MissingType;

/** `u256`, `address`, `Vec<T>`, `Map<K, V>`, `Option<T>`, `Result<T, E>`, `lib::Point`. */
export interface NamedType {
  kind: "NamedType";
  path: Path;
  args: TypeExpr[];
  span: Span;
}

/** `[T; N]` — N is a constant expression (a literal or a const name). */
export interface ArrayType {
  kind: "ArrayType";
  elem: TypeExpr;
  size: Expr;
  span: Span;
}

/** `(A, B)`; `()` is the unit type (no elements). A one-element tuple type is written `(A,)`. */
export interface TupleType {
  kind: "TupleType";
  elems: TypeExpr[];
  span: Span;
}

/** Placeholder put in place of a type the parser could not read (always with a diagnostic). */
export interface MissingType {
  kind: "MissingType";
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface Block {
  kind: "Block";
  stmts: Stmt[];
  /** A final expression without `;`: the block's value (`{ a <= b }`). */
  tail: Expr | undefined;
  span: Span;
}

export type Stmt =
  | LetStmt
  | AssignStmt
  | ExprStmt
  | WhileStmt
  | ForStmt
  | BreakStmt
  | ContinueStmt
  | ReturnStmt
  | EmitStmt
  | RevertStmt
  | RequireStmt
  | AssertStmt;

/** `let mut x: u8 = 1;`, `let (a, b) = f();` */
export interface LetStmt {
  kind: "LetStmt";
  pattern: Pattern;
  type: TypeExpr | undefined;
  init: Expr | undefined;
  span: Span;
}

export type AssignOp = "=" | "+=" | "-=" | "*=" | "/=" | "%=" | "&=" | "|=" | "^=" | "<<=" | ">>=";

export interface AssignStmt {
  kind: "AssignStmt";
  op: AssignOp;
  target: Expr;
  value: Expr;
  span: Span;
}

/**
 * An expression used as a statement. Block-like expressions (`if`, `match`, a block) need no `;`
 * in statement position; `semi` records whether one was written. `semi` is false only for
 * block-like expressions, and never on a block's last statement (that would be `Block.tail`).
 */
export interface ExprStmt {
  kind: "ExprStmt";
  expr: Expr;
  semi: boolean;
  span: Span;
}

export interface WhileStmt {
  kind: "WhileStmt";
  cond: Expr;
  body: Block;
  span: Span;
}

/** `for i in a..b { }` (iter is a `Range`) or `for x in v { }`. */
export interface ForStmt {
  kind: "ForStmt";
  binding: Pattern;
  iter: Expr;
  body: Block;
  span: Span;
}

export interface BreakStmt {
  kind: "BreakStmt";
  span: Span;
}

export interface ContinueStmt {
  kind: "ContinueStmt";
  span: Span;
}

export interface ReturnStmt {
  kind: "ReturnStmt";
  value: Expr | undefined;
  span: Span;
}

/** `emit Transfer { from, to, amount: x };` */
export interface EmitStmt {
  kind: "EmitStmt";
  event: Path;
  fields: FieldInit[];
  span: Span;
}

/**
 * `revert InsufficientBalance { have, need };`, `revert Unauthorized;`, `revert "text";`
 * The reason is a `StructLit`, a `Path` (error with no fields) or a `StringLit`.
 */
export interface RevertStmt {
  kind: "RevertStmt";
  reason: Expr;
  span: Span;
}

/** `require(cond);`, `require(cond, "text");`, `require(cond, Err { … });` */
export interface RequireStmt {
  kind: "RequireStmt";
  cond: Expr;
  reason: Expr | undefined;
  span: Span;
}

/** `assert(cond);` / `assert(cond, "text");` — a failure is a bug, not a revert. */
export interface AssertStmt {
  kind: "AssertStmt";
  cond: Expr;
  message: Expr | undefined;
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | IntLit
  | BoolLit
  | StringLit
  | BytesLit
  | PathExpr
  | SelfExpr
  | UnaryExpr
  | BinaryExpr
  | CastExpr
  | CallExpr
  | MethodCallExpr
  | FieldExpr
  | TupleIndexExpr
  | IndexExpr
  | StructLit
  | TupleLit
  | ArrayLit
  | ArrayRepeat
  | TryExpr
  | IfExpr
  | MatchExpr
  | BlockExpr
  | RangeExpr
  | MissingExpr;

/** `1_000`, `0xff`, `0b1010`. `raw` keeps the spelling for fmt; `value` is the number. */
export interface IntLit {
  kind: "IntLit";
  raw: string;
  value: bigint;
  span: Span;
}

export interface BoolLit {
  kind: "BoolLit";
  value: boolean;
  span: Span;
}

/** `"text"` — `value` is the decoded string (escapes applied). */
export interface StringLit {
  kind: "StringLit";
  value: string;
  span: Span;
}

/** `hex"deadbeef"` — a `bytes` literal; `hex` is lower-case, even length, no prefix. */
export interface BytesLit {
  kind: "BytesLit";
  hex: string;
  span: Span;
}

/** A name or `::` path used as a value: `x`, `MAX`, `Color::Red`, `msg` (in `msg.sender`). */
export interface PathExpr {
  kind: "PathExpr";
  path: Path;
  span: Span;
}

export interface SelfExpr {
  kind: "SelfExpr";
  span: Span;
}

export type UnaryOp = "!" | "-";

export interface UnaryExpr {
  kind: "UnaryExpr";
  op: UnaryOp;
  operand: Expr;
  span: Span;
}

export type BinaryOp =
  | "||"
  | "&&"
  | "=="
  | "!="
  | "<"
  | "<="
  | ">"
  | ">="
  | "|"
  | "^"
  | "&"
  | "<<"
  | ">>"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%";

export interface BinaryExpr {
  kind: "BinaryExpr";
  op: BinaryOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `x as u64` */
export interface CastExpr {
  kind: "CastExpr";
  expr: Expr;
  type: TypeExpr;
  span: Span;
}

/** `with { gas: 50_000, value: 1 }` after a call. */
export interface CallOptions {
  kind: "CallOptions";
  fields: FieldInit[];
  span: Span;
}

/**
 * `f(a, b)`, `IToken(addr)`, `Some(x)`, `Shape::Circle(r)`, `transfer(to, amt)`.
 * `callee` is never a `FieldExpr`: `a.f(x)` is always a `MethodCallExpr`.
 */
export interface CallExpr {
  kind: "CallExpr";
  callee: Expr;
  args: Expr[];
  options: CallOptions | undefined;
  span: Span;
}

/** `a.wrapping_add(b)`, `IToken(t).transfer(x, 1) with { gas: 1 }`, `gas.left()`. */
export interface MethodCallExpr {
  kind: "MethodCallExpr";
  receiver: Expr;
  method: Ident;
  args: Expr[];
  options: CallOptions | undefined;
  span: Span;
}

/** `msg.sender`, `self.balances`, `p.x` */
export interface FieldExpr {
  kind: "FieldExpr";
  target: Expr;
  field: Ident;
  span: Span;
}

/** `t.0` */
export interface TupleIndexExpr {
  kind: "TupleIndexExpr";
  target: Expr;
  index: number;
  span: Span;
}

/** `self.balances[who]`, `arr[i]` */
export interface IndexExpr {
  kind: "IndexExpr";
  target: Expr;
  index: Expr;
  span: Span;
}

/** `name: value` in struct literals, emit, call options. Shorthand `{ have }` keeps `value` as the path `have`. */
export interface FieldInit {
  kind: "FieldInit";
  name: Ident;
  value: Expr;
  shorthand: boolean;
  span: Span;
}

/** `Point { x: 1, y }`, `Shape::Rect { w, h }`, `InsufficientBalance { have, need: 1 }` */
export interface StructLit {
  kind: "StructLit";
  path: Path;
  fields: FieldInit[];
  span: Span;
}

/** `(a, b)`; `()` is the unit value; a one-element tuple is written `(a,)`. */
export interface TupleLit {
  kind: "TupleLit";
  elems: Expr[];
  span: Span;
}

/** `[1, 2, 3]` */
export interface ArrayLit {
  kind: "ArrayLit";
  elems: Expr[];
  span: Span;
}

/** `[0; 32]` */
export interface ArrayRepeat {
  kind: "ArrayRepeat";
  value: Expr;
  count: Expr;
  span: Span;
}

/** `try IToken(t).transfer(bob, 10)` → `Result<bool, CallError>` */
export interface TryExpr {
  kind: "TryExpr";
  expr: Expr;
  span: Span;
}

/** `if c { … } else if d { … } else { … }` — a statement or, with an else, a value. */
export interface IfExpr {
  kind: "IfExpr";
  cond: Expr;
  then: Block;
  else: Block | IfExpr | undefined;
  span: Span;
}

export interface MatchExpr {
  kind: "MatchExpr";
  scrutinee: Expr;
  arms: MatchArm[];
  span: Span;
}

/** `pattern if guard => body` */
export interface MatchArm {
  kind: "MatchArm";
  pattern: Pattern;
  guard: Expr | undefined;
  body: Expr;
  span: Span;
}

export interface BlockExpr {
  kind: "BlockExpr";
  block: Block;
  span: Span;
}

/** `a..b` (half-open) or `a..=b`; only in a `for` header. */
export interface RangeExpr {
  kind: "RangeExpr";
  start: Expr;
  end: Expr;
  inclusive: boolean;
  span: Span;
}

/** Placeholder put in place of an expression the parser could not read (always with a diagnostic). */
export interface MissingExpr {
  kind: "MissingExpr";
  span: Span;
}

// ---------------------------------------------------------------------------------------------
// Patterns

export type Pattern =
  | WildcardPattern
  | IdentPattern
  | LiteralPattern
  | TuplePattern
  | VariantPattern;

export interface WildcardPattern {
  kind: "WildcardPattern";
  span: Span;
}

/** `x`, `mut x` — or a unit variant like `None`; resolve/ decides. */
export interface IdentPattern {
  kind: "IdentPattern";
  name: Ident;
  mutable: boolean;
  span: Span;
}

/** `0`, `-1`, `true`, `"a"` */
export interface LiteralPattern {
  kind: "LiteralPattern";
  value: IntLit | BoolLit | StringLit;
  negative: boolean;
  span: Span;
}

export interface TuplePattern {
  kind: "TuplePattern";
  elems: Pattern[];
  span: Span;
}

/** `Some(x)`, `Shape::Circle(r)`, `Shape::Rect { w, h: _ }`, `Color::Red` */
export interface VariantPattern {
  kind: "VariantPattern";
  path: Path;
  payload: VariantPayloadPattern | undefined;
  span: Span;
}

export type VariantPayloadPattern =
  | { kind: "TuplePayloadPattern"; elems: Pattern[]; span: Span }
  | { kind: "StructPayloadPattern"; fields: FieldPattern[]; span: Span };

/** `w`, `w: pat` */
export interface FieldPattern {
  kind: "FieldPattern";
  name: Ident;
  pattern: Pattern;
  shorthand: boolean;
  span: Span;
}

// ---------------------------------------------------------------------------------------------

/** Every node type, for generic walkers. */
export type Node =
  | SourceFile
  | ImportDecl
  | ImportName
  | Item
  | ContractMember
  | FieldDecl
  | Param
  | VariantDecl
  | Attribute
  | Ident
  | Path
  | TypeExpr
  | Block
  | Stmt
  | Expr
  | FieldInit
  | CallOptions
  | MatchArm
  | Pattern
  | FieldPattern;

/** Binding strength of binary operators, loosest first; shared by the parser and the formatter. */
export const BINARY_PRECEDENCE: Readonly<Record<BinaryOp, number>> = {
  "||": 1,
  "&&": 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "|": 4,
  "^": 5,
  "&": 6,
  "<<": 7,
  ">>": 7,
  "+": 8,
  "-": 8,
  "*": 9,
  "/": 9,
  "%": 9,
};
