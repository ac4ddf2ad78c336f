// CST → AST for blocks and statements.

import type * as A from "../ast/ast.js";
import type * as C from "./cst.generated.js";
import { buildBlockLike, buildExpr, buildFieldInits, exprOr, headExpr, missingExpr } from "./visit-expr.js";
import { buildPath, buildPattern, buildType } from "./visit-types.js";
import type { BuildContext } from "./visit-context.js";

const BLOCK_LIKE: ReadonlySet<A.Expr["kind"]> = new Set(["IfExpr", "MatchExpr", "BlockExpr"]);

export function isBlockLike(e: A.Expr): boolean {
  return BLOCK_LIKE.has(e.kind);
}

export function buildBlock(ctx: BuildContext, node: C.BlockCstNode | undefined): A.Block {
  const span = ctx.span(node);
  const stmts: A.Stmt[] = [];
  const nodes = node?.children.stmt ?? [];
  for (let i = 0; i < nodes.length; i++) {
    const st = buildStmt(ctx, nodes[i]!, i === nodes.length - 1);
    if (st) stmts.push(st);
  }
  // A final expression without `;` is the block's value (its tail).
  let tail: A.Expr | undefined;
  const last = stmts[stmts.length - 1];
  if (last?.kind === "ExprStmt" && !last.semi) {
    stmts.pop();
    tail = last.expr;
  }
  for (const s of stmts) {
    if (s.kind === "ExprStmt" && !s.semi && !isBlockLike(s.expr)) {
      ctx.error("E0101", ctx.at(s.span.end, s.span.end), { detail: "expected `;` after this expression" });
    }
  }
  return { kind: "Block", stmts, tail, span };
}

function condArgs(ctx: BuildContext, node: C.CondArgsCstNode | undefined): [A.Expr, A.Expr | undefined] {
  const xs = node?.children.expr ?? [];
  return [exprOr(ctx, xs[0]), xs[1] ? buildExpr(ctx, xs[1]) : undefined];
}

function buildStmt(ctx: BuildContext, node: C.StmtCstNode, isLast: boolean): A.Stmt | undefined {
  const c = node.children;
  const span = ctx.span(node);
  if (c.letStmt?.[0]) {
    const l = c.letStmt[0].children;
    return {
      kind: "LetStmt",
      pattern: buildPattern(ctx, l.pattern?.[0]),
      type: l.type?.[0] ? buildType(ctx, l.type[0]) : undefined,
      init: l.Eq ? exprOr(ctx, l.expr?.[0]) : undefined,
      span,
    };
  }
  if (c.whileStmt?.[0]) {
    const w = c.whileStmt[0].children;
    return { kind: "WhileStmt", cond: headExpr(ctx, w.headExpr?.[0]), body: buildBlock(ctx, w.block?.[0]), span };
  }
  if (c.forStmt?.[0]) {
    const f = c.forStmt[0].children;
    const heads = f.headExpr ?? [];
    let iter = headExpr(ctx, heads[0]);
    if (f.DotDot || f.DotDotEq) {
      const end = headExpr(ctx, heads[1]);
      iter = { kind: "RangeExpr", start: iter, end, inclusive: f.DotDotEq !== undefined, span: ctx.join(iter.span, end.span) };
    }
    return { kind: "ForStmt", binding: buildPattern(ctx, f.pattern?.[0]), iter, body: buildBlock(ctx, f.block?.[0]), span };
  }
  if (c.breakStmt) return { kind: "BreakStmt", span };
  if (c.continueStmt) return { kind: "ContinueStmt", span };
  if (c.returnStmt?.[0]) {
    const e = c.returnStmt[0].children.expr?.[0];
    return { kind: "ReturnStmt", value: e ? buildExpr(ctx, e) : undefined, span };
  }
  if (c.emitStmt?.[0]) {
    const e = c.emitStmt[0].children;
    const event = e.path?.[0] ? buildPath(ctx, e.path[0]) : ctx.path([ctx.ident(undefined)], span);
    return { kind: "EmitStmt", event, fields: buildFieldInits(ctx, e.structBody?.[0]), span };
  }
  if (c.revertStmt?.[0]) return { kind: "RevertStmt", reason: exprOr(ctx, c.revertStmt[0].children.expr?.[0]), span };
  if (c.requireStmt?.[0]) {
    const [cond, reason] = condArgs(ctx, c.requireStmt[0].children.condArgs?.[0]);
    return { kind: "RequireStmt", cond, reason, span };
  }
  if (c.assertStmt?.[0]) {
    const [cond, message] = condArgs(ctx, c.assertStmt[0].children.condArgs?.[0]);
    return { kind: "AssertStmt", cond, message, span };
  }
  if (c.blockLikeStmt?.[0]) {
    const b = c.blockLikeStmt[0].children;
    const expr = b.blockLikeExpr?.[0] ? buildBlockLike(ctx, b.blockLikeExpr[0]) : missingExpr(ctx);
    return { kind: "ExprStmt", expr, semi: b.Semi !== undefined, span };
  }
  if (c.exprStmt?.[0]) {
    const e = c.exprStmt[0].children;
    const xs = e.expr ?? [];
    const semi = e.Semi !== undefined;
    const op = e.assignOperator?.[0];
    if (op) {
      // `{ x += 1 }` is fine, as in Rust; fmt adds the `;`.
      if (!semi && !isLast) ctx.error("E0101", ctx.at(span.end, span.end), { detail: "expected `;` after an assignment" });
      const o = op.children;
      const opText = (o.Gt ? ">>=" : o.AssignOp?.[0]?.image ?? "=") as A.AssignOp;
      return { kind: "AssignStmt", op: opText, target: exprOr(ctx, xs[0]), value: exprOr(ctx, xs[1]), span };
    }
    return { kind: "ExprStmt", expr: exprOr(ctx, xs[0]), semi, span };
  }
  return undefined;
}
