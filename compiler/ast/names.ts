// AST: Names: identifiers, paths, attributes. Part of the parser's output type; see ast.ts for the conventions.

import type { Span } from "../diagnostics/types.js";

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
