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

// The node families live one per file; this module is the single import for all of them.
export type { Span } from "../diagnostics/types.js";
export * from "./names.js";
export * from "./items.js";
export * from "./type-expr.js";
export * from "./stmt.js";
export * from "./expr.js";
export * from "./patterns.js";

import type { BinaryOp, CallOptions, Expr, FieldInit, MatchArm } from "./expr.js";
import type { ContractMember, FieldDecl, ImportDecl, ImportName, Item, Param, SourceFile, VariantDecl } from "./items.js";
import type { Attribute, Ident, Path } from "./names.js";
import type { FieldPattern, Pattern } from "./patterns.js";
import type { Block, Stmt } from "./stmt.js";
import type { TypeExpr } from "./type-expr.js";

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
