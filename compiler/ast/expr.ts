// AST: Expressions. Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";
import type { Ident, Path } from "./names.js";
import type { Pattern } from "./patterns.js";
import type { Block } from "./stmt.js";
import type { TypeExpr } from "./type-expr.js";

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
