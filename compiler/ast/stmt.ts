// AST: Statements and blocks. Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";
import type { Expr, FieldInit, StringLit, StructLit } from "./expr.js";
import type { Path } from "./names.js";
import type { Pattern } from "./patterns.js";
import type { TypeExpr } from "./type-expr.js";

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
