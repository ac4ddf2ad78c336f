// CST → AST for paths, types and patterns.

import type * as A from "../ast/ast.js";
import type * as C from "./cst.generated.js";
import { decodeString, intValue } from "./lex.js";
import { buildExpr, missingExpr } from "./visit-expr.js";
import type { BuildContext } from "./visit-context.js";

export function buildPath(ctx: BuildContext, node: C.PathCstNode): A.Path {
  const segments = (node.children.Identifier ?? []).map((t) => ctx.ident(t));
  if (segments.length === 0) segments.push(ctx.ident(undefined));
  return ctx.path(segments, ctx.span(node));
}

export function missingType(ctx: BuildContext): A.MissingType {
  return { kind: "MissingType", span: ctx.span(undefined) };
}

/** A trailing comma makes a one-element parenthesised list a tuple: `(A,)`. */
function hasTrailingComma(list: { children: { Comma?: unknown[] } } | undefined, count: number): boolean {
  return (list?.children.Comma?.length ?? 0) >= count && count > 0;
}

export function buildType(ctx: BuildContext, node: C.TypeCstNode): A.TypeExpr {
  const c = node.children;
  const span = ctx.span(node);
  if (c.namedType?.[0]) {
    const n = c.namedType[0].children;
    const path = n.path?.[0] ? buildPath(ctx, n.path[0]) : ctx.path([ctx.ident(undefined)], span);
    return { kind: "NamedType", path, args: buildTypeList(ctx, n.typeList?.[0]), span };
  }
  if (c.arrayType?.[0]) {
    const a = c.arrayType[0].children;
    return {
      kind: "ArrayType",
      elem: a.type?.[0] ? buildType(ctx, a.type[0]) : missingType(ctx),
      size: a.expr?.[0] ? buildExpr(ctx, a.expr[0]) : missingExpr(ctx),
      span,
    };
  }
  if (c.tupleType?.[0]) {
    const list = c.tupleType[0].children.typeList?.[0];
    const elems = buildTypeList(ctx, list);
    // `(A)` is just `A` in parentheses.
    if (elems.length === 1 && !hasTrailingComma(list, 1)) return elems[0]!;
    return { kind: "TupleType", elems, span };
  }
  return { kind: "MissingType", span };
}

export function buildTypeList(ctx: BuildContext, list: C.TypeListCstNode | undefined): A.TypeExpr[] {
  return (list?.children.type ?? []).map((t) => buildType(ctx, t));
}

// ---- patterns -----------------------------------------------------------------------------

export function buildPattern(ctx: BuildContext, node: C.PatternCstNode | undefined): A.Pattern {
  const span = ctx.span(node);
  if (!node) return { kind: "WildcardPattern", span };
  const c = node.children;
  if (c.Underscore) return { kind: "WildcardPattern", span };
  if (c.IntLit?.[0]) {
    const t = c.IntLit[0];
    const lit: A.IntLit = { kind: "IntLit", raw: t.image, value: intValue(t.image) ?? 0n, span: ctx.tokSpan(t) };
    return { kind: "LiteralPattern", value: lit, negative: c.Minus !== undefined, span };
  }
  if (c.True || c.False) {
    const lit: A.BoolLit = { kind: "BoolLit", value: c.True !== undefined, span };
    return { kind: "LiteralPattern", value: lit, negative: false, span };
  }
  if (c.StringLit?.[0]) {
    const lit: A.StringLit = { kind: "StringLit", value: decodeString(c.StringLit[0].image).value, span };
    return { kind: "LiteralPattern", value: lit, negative: false, span };
  }
  if (c.Mut) return { kind: "IdentPattern", name: ctx.ident(c.Identifier?.[0]), mutable: true, span };
  if (c.LParen) {
    const list = c.patternList?.[0];
    const elems = buildPatternList(ctx, list);
    if (elems.length === 1 && !hasTrailingComma(list, 1)) return elems[0]!;
    return { kind: "TuplePattern", elems, span };
  }
  if (c.pathPattern?.[0]) return buildPathPattern(ctx, c.pathPattern[0]);
  return { kind: "WildcardPattern", span };
}

function buildPatternList(ctx: BuildContext, list: C.PatternListCstNode | undefined): A.Pattern[] {
  return (list?.children.pattern ?? []).map((p) => buildPattern(ctx, p));
}

function buildPathPattern(ctx: BuildContext, node: C.PathPatternCstNode): A.Pattern {
  const c = node.children;
  const span = ctx.span(node);
  const path = c.path?.[0] ? buildPath(ctx, c.path[0]) : ctx.path([ctx.ident(undefined)], span);
  let payload: A.VariantPayloadPattern | undefined;
  if (c.LParen) {
    const pspan = ctx.join(ctx.tokSpan(c.LParen[0]), ctx.tokSpan(c.RParen?.[0] ?? c.LParen[0]));
    payload = { kind: "TuplePayloadPattern", elems: buildPatternList(ctx, c.patternList?.[0]), span: pspan };
  } else if (c.LCurly) {
    const pspan = ctx.join(ctx.tokSpan(c.LCurly[0]), ctx.tokSpan(c.RCurly?.[0] ?? c.LCurly[0]));
    const fields = (c.fieldPattern ?? []).map((f): A.FieldPattern => {
      const name = ctx.ident(f.children.Identifier?.[0]);
      const sub = f.children.pattern?.[0];
      return {
        kind: "FieldPattern",
        name,
        pattern: sub ? buildPattern(ctx, sub) : { kind: "IdentPattern", name, mutable: false, span: name.span },
        shorthand: sub === undefined,
        span: ctx.span(f),
      };
    });
    payload = { kind: "StructPayloadPattern", fields, span: pspan };
  }
  // A lone name is a binding (or a unit variant; resolve/ decides), see ast.ts.
  if (!payload && path.segments.length === 1) {
    return { kind: "IdentPattern", name: path.segments[0]!, mutable: false, span };
  }
  return { kind: "VariantPattern", path, payload, span };
}
