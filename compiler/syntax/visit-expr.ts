// CST → AST for expressions. The grammar reads binary expressions flat (operand (op operand)*);
// precedence and left associativity are decided here from BINARY_PRECEDENCE, the same table the
// formatter uses to put parentheses back.

import type { IToken } from "./chevrotain.js";
import { BINARY_PRECEDENCE, type BinaryOp } from "../ast/ast.js";
import type * as A from "../ast/ast.js";
import type * as C from "./cst.generated.js";
import { decodeString, intValue } from "./lex.js";
import { buildBlock } from "./visit-stmt.js";
import { buildPath, buildPattern, buildType } from "./visit-types.js";
import type { BuildContext } from "./visit-context.js";

export function missingExpr(ctx: BuildContext): A.MissingExpr {
  return { kind: "MissingExpr", span: ctx.span(undefined) };
}

export function exprOr(ctx: BuildContext, node: C.ExprCstNode | undefined): A.Expr {
  return node ? buildExpr(ctx, node) : missingExpr(ctx);
}

export function buildExpr(ctx: BuildContext, node: C.ExprCstNode): A.Expr {
  const c = node.children;
  const operands = (c.castExpr ?? []).map((n) => buildCast(ctx, n));
  const ops = (c.binaryOperator ?? []).map((n) => binaryOpOf(n));
  if (operands.length === 0) return missingExpr(ctx);
  // Under recovery an operator may lack its right operand.
  while (operands.length < ops.length + 1) operands.push(missingExpr(ctx));
  return climb(ctx, operands, ops);
}

function binaryOpOf(n: C.BinaryOperatorCstNode): BinaryOp {
  const tok = n.children.BinaryOp?.[0];
  if (n.children.Gt) return ">>";
  const image = tok?.image ?? "+";
  return (image in BINARY_PRECEDENCE ? image : "+") as BinaryOp;
}

/** Operator-precedence parsing over the flat operand/operator lists (all operators left-assoc). */
function climb(ctx: BuildContext, operands: A.Expr[], ops: BinaryOp[]): A.Expr {
  const out: A.Expr[] = [operands[0]!];
  const stack: BinaryOp[] = [];
  const reduce = (): void => {
    const op = stack.pop()!;
    const right = out.pop()!;
    const left = out.pop()!;
    out.push({ kind: "BinaryExpr", op, left, right, span: ctx.join(left.span, right.span) });
  };
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    while (stack.length > 0 && BINARY_PRECEDENCE[stack[stack.length - 1]!] >= BINARY_PRECEDENCE[op]) reduce();
    stack.push(op);
    out.push(operands[i + 1]!);
  }
  while (stack.length > 0) reduce();
  return out[0]!;
}

function buildCast(ctx: BuildContext, node: C.CastExprCstNode): A.Expr {
  const c = node.children;
  let e = c.prefixExpr?.[0] ? buildPrefix(ctx, c.prefixExpr[0]) : missingExpr(ctx);
  for (const t of c.type ?? []) {
    const type = buildType(ctx, t);
    e = { kind: "CastExpr", expr: e, type, span: ctx.join(e.span, type.span) };
  }
  return e;
}

function buildPrefix(ctx: BuildContext, node: C.PrefixExprCstNode): A.Expr {
  const c = node.children;
  const span = ctx.span(node);
  if (c.postfixExpr?.[0]) return buildPostfix(ctx, c.postfixExpr[0]);
  const operand = c.prefixExpr?.[0] ? buildPrefix(ctx, c.prefixExpr[0]) : missingExpr(ctx);
  if (c.Try) return { kind: "TryExpr", expr: operand, span };
  return { kind: "UnaryExpr", op: c.Bang ? "!" : "-", operand, span };
}

function buildPostfix(ctx: BuildContext, node: C.PostfixExprCstNode): A.Expr {
  const c = node.children;
  let e = c.primary?.[0] ? buildPrimary(ctx, c.primary[0]) : missingExpr(ctx);
  for (const op of c.postfixOp ?? []) {
    const o = op.children;
    const end = ctx.span(op);
    const span = ctx.join(e.span, end);
    if (o.Dot) {
      if (o.IntLit?.[0]) {
        const v = intValue(o.IntLit[0].image);
        if (v === undefined || v > 0xffffn) ctx.error("E0004", ctx.tokSpan(o.IntLit[0]), { text: o.IntLit[0].image });
        e = { kind: "TupleIndexExpr", target: e, index: v !== undefined && v <= 0xffffn ? Number(v) : 0, span };
      } else {
        e = { kind: "FieldExpr", target: e, field: ctx.ident(o.Identifier?.[0]), span };
      }
    } else if (o.callArgs?.[0]) {
      const args = (o.callArgs[0].children.exprList?.[0]?.children.expr ?? []).map((x) => buildExpr(ctx, x));
      // `a.f(x)` is a method call; calling a field value is not a thing in Silk.
      e = e.kind === "FieldExpr"
        ? { kind: "MethodCallExpr", receiver: e.target, method: e.field, args, options: undefined, span }
        : { kind: "CallExpr", callee: e, args, options: undefined, span };
    } else {
      e = { kind: "IndexExpr", target: e, index: exprOr(ctx, o.expr?.[0]), span };
    }
  }
  const opt = c.callOptions?.[0];
  if (opt) {
    const ospan = ctx.span(opt);
    const options: A.CallOptions = { kind: "CallOptions", fields: buildFieldInits(ctx, opt.children.structBody?.[0]), span: ospan };
    if (e.kind === "CallExpr" || e.kind === "MethodCallExpr") {
      e = { ...e, options, span: ctx.join(e.span, ospan) };
    } else {
      ctx.error("E0101", ospan, { detail: "`with { … }` call options must follow a call" });
    }
  }
  return e;
}

export function buildFieldInits(ctx: BuildContext, body: C.StructBodyCstNode | undefined): A.FieldInit[] {
  return (body?.children.fieldInit ?? []).map((f): A.FieldInit => {
    const name = ctx.ident(f.children.Identifier?.[0]);
    const shorthand = f.children.Colon === undefined;
    const value: A.Expr = shorthand
      ? { kind: "PathExpr", path: ctx.path([name], name.span), span: name.span }
      : exprOr(ctx, f.children.expr?.[0]);
    return { kind: "FieldInit", name, value, shorthand, span: ctx.span(f) };
  });
}

function literal(ctx: BuildContext, c: C.PrimaryCstNode["children"]): A.Expr | undefined {
  const tok = (ts: IToken[] | undefined): IToken | undefined => ts?.[0];
  let t: IToken | undefined;
  if ((t = tok(c.IntLit))) return { kind: "IntLit", raw: t.image, value: intValue(t.image) ?? 0n, span: ctx.tokSpan(t) };
  if ((t = tok(c.StringLit))) return { kind: "StringLit", value: decodeString(t.image).value, span: ctx.tokSpan(t) };
  if ((t = tok(c.HexBytesLit))) return { kind: "BytesLit", hex: t.image.slice(4, -1).toLowerCase(), span: ctx.tokSpan(t) };
  if ((t = tok(c.True))) return { kind: "BoolLit", value: true, span: ctx.tokSpan(t) };
  if ((t = tok(c.False))) return { kind: "BoolLit", value: false, span: ctx.tokSpan(t) };
  if ((t = tok(c.Self))) return { kind: "SelfExpr", span: ctx.tokSpan(t) };
  return undefined;
}

function buildPrimary(ctx: BuildContext, node: C.PrimaryCstNode): A.Expr {
  const c = node.children;
  const span = ctx.span(node);
  const lit = literal(ctx, c);
  if (lit) return lit;
  if (c.pathOrStruct?.[0]) {
    const p = c.pathOrStruct[0].children;
    const path = p.path?.[0] ? buildPath(ctx, p.path[0]) : ctx.path([ctx.ident(undefined)], span);
    if (p.structBody) return { kind: "StructLit", path, fields: buildFieldInits(ctx, p.structBody[0]), span };
    return { kind: "PathExpr", path, span };
  }
  if (c.parenExpr?.[0]) {
    const list = c.parenExpr[0].children.exprList?.[0];
    const elems = (list?.children.expr ?? []).map((x) => buildExpr(ctx, x));
    const trailing = (list?.children.Comma?.length ?? 0) >= elems.length;
    // `(e)` is grouping; `(e,)` and `(a, b)` are tuples; `()` is unit.
    if (elems.length === 1 && !trailing) return elems[0]!;
    return { kind: "TupleLit", elems, span };
  }
  if (c.arrayExpr?.[0]) {
    const a = c.arrayExpr[0].children;
    const xs = (a.expr ?? []).map((x) => buildExpr(ctx, x));
    if (a.Semi) return { kind: "ArrayRepeat", value: xs[0] ?? missingExpr(ctx), count: xs[1] ?? missingExpr(ctx), span };
    return { kind: "ArrayLit", elems: xs, span };
  }
  if (c.blockLikeExpr?.[0]) return buildBlockLike(ctx, c.blockLikeExpr[0]);
  return { kind: "MissingExpr", span };
}

export function buildBlockLike(ctx: BuildContext, node: C.BlockLikeExprCstNode): A.Expr {
  const c = node.children;
  if (c.ifExpr?.[0]) return buildIf(ctx, c.ifExpr[0]);
  if (c.matchExpr?.[0]) return buildMatch(ctx, c.matchExpr[0]);
  const block = buildBlock(ctx, c.block?.[0]);
  return { kind: "BlockExpr", block, span: block.span };
}

export function headExpr(ctx: BuildContext, node: C.HeadExprCstNode | undefined): A.Expr {
  return exprOr(ctx, node?.children.expr?.[0]);
}

function buildIf(ctx: BuildContext, node: C.IfExprCstNode): A.IfExpr {
  const c = node.children;
  const blocks = c.block ?? [];
  let otherwise: A.Block | A.IfExpr | undefined;
  if (c.ifExpr?.[0]) otherwise = buildIf(ctx, c.ifExpr[0]);
  else if (c.Else) otherwise = buildBlock(ctx, blocks[1]);
  return {
    kind: "IfExpr",
    cond: headExpr(ctx, c.headExpr?.[0]),
    then: buildBlock(ctx, blocks[0]),
    else: otherwise,
    span: ctx.span(node),
  };
}

function buildMatch(ctx: BuildContext, node: C.MatchExprCstNode): A.MatchExpr {
  const c = node.children;
  const scrutinee = headExpr(ctx, c.headExpr?.[0]);
  const armNodes = c.matchArm ?? [];
  const arms = armNodes.map((a, i): A.MatchArm => {
    const ac = a.children;
    const exprs = ac.expr ?? [];
    // With a guard, expr[0] is the guard and the body (if not block-like) is expr[1].
    const guard = ac.If ? exprOr(ctx, exprs[0]) : undefined;
    const bodyNode = ac.If ? exprs[1] : exprs[0];
    const body = ac.blockLikeExpr?.[0] ? buildBlockLike(ctx, ac.blockLikeExpr[0]) : exprOr(ctx, bodyNode);
    if (!ac.Comma && !ac.blockLikeExpr && i < armNodes.length - 1) {
      ctx.error("E0101", ctx.at(body.span.end, body.span.end), { detail: "expected `,` after a match arm" });
    }
    return { kind: "MatchArm", pattern: buildPattern(ctx, ac.pattern?.[0]), guard, body, span: ctx.span(a) };
  });
  return { kind: "MatchExpr", scrutinee, arms, span: ctx.span(node) };
}
