// AST: Type expressions. Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";
import type { Expr } from "./expr.js";
import type { Path } from "./names.js";

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
