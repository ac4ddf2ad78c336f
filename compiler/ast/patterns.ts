// AST: Patterns (match arms, let). Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";
import type { BoolLit, IntLit, StringLit } from "./expr.js";
import type { Ident, Path } from "./names.js";

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
