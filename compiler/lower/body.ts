// Lowering of function bodies: statements and expressions of the typed program → IR.
// Types come from check/ (exprTypes, localTypes), calls from its call table; nothing here
// re-derives either. Constructs not supported yet throw `Unsupported` with their span.
//
// The lowerer is a chain of classes, one concern each:
//   base.ts      locals, labels, types and representations
//   codec.ts     canonical encoding of complex values (generated functions), memory Vec growth
//   places.ts    assignment targets, members, storage places and vectors
//   variants.ts  enums, Option, Result, patterns and `match`
//   expr.ts      expressions and operators
//   external.ts  events, revert errors and external calls
//   calls.ts     calls, built-ins and methods
//   body.ts      blocks and statements (FnLowerer, the class the driver uses)

import type * as A from "../ast/ast.js";
import { prune, type IntType } from "../check/types.js";
import type { Expr, IntKind, Repr, Stmt } from "./ast.js";
import { Unsupported } from "./context.js";
import { decodeExpr, errorData, i32, i64, intConst, revertError } from "./encode.js";
import { vecItems, vecLen } from "./codec.js";
import { fixedSize, valTy } from "./repr.js";
import { CallLowerer } from "./calls.js";

export { abiTypeOrThrow, describe } from "./base.js";
export { MSG_BAD_RETURN } from "./external.js";

export class FnLowerer extends CallLowerer {
  // ── blocks and statements ───────────────────────────────────────────────────────────────
  block(b: A.Block): Stmt[] {
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) out.push(...this.effect(b.tail));
    return out;
  }

  /** A body whose tail (if any) is the function's return value. */
  fnBody(b: A.Block, returns: boolean): Stmt[] {
    this.findUnique(b);
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) {
      if (returns && this.typeOf(b.tail).kind !== "never") out.push({ k: "return", value: this.expr(b.tail) });
      else out.push(...this.effect(b.tail));
    }
    return out;
  }

  override stmt(s: A.Stmt): Stmt[] {
    switch (s.kind) {
      case "LetStmt":
        return this.letStmt(s);
      case "AssignStmt":
        return this.assign(s);
      case "ExprStmt":
        return this.effect(s.expr);
      case "WhileStmt": {
        const l = this.loopLabels();
        this.loops.push(l);
        const body = this.block(s.body);
        this.loops.pop();
        return [{ k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
          { k: "br", label: l.brk, cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) } },
          ...body,
          { k: "br", label: l.cont },
        ] }] }];
      }
      case "ForStmt":
        return this.forStmt(s);
      case "BreakStmt":
        return [{ k: "br", label: this.loops.at(-1)!.brk }];
      case "ContinueStmt":
        return [{ k: "br", label: this.loops.at(-1)!.cont }];
      case "ReturnStmt":
        if (!s.value || this.repr(this.typeOf(s.value), s.span).kind === "unit") {
          return [...(s.value ? this.effect(s.value) : []), { k: "return" }];
        }
        return [{ k: "return", value: this.expr(s.value) }];
      case "EmitStmt":
        return this.emit(s);
      case "RevertStmt":
        return this.revertWith(s.reason);
      case "RequireStmt":
        return [{ k: "if", cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) }, then: s.reason ? this.revertWith(s.reason) : revertError(this, new Uint8Array(0)), else: [] }];
      case "AssertStmt":
        return [{ k: "if", cond: { k: "eqz", ty: "i32", a: this.expr(s.cond) }, then: [{ k: "panic", code: 0x01 }], else: [] }];
    }
  }

  private letStmt(s: A.LetStmt): Stmt[] {
    const p = s.pattern;
    if (p.kind === "WildcardPattern") return s.init ? this.effect(s.init) : [];
    if (p.kind !== "IdentPattern") {
      // A tuple pattern (irrefutable, the checker made sure): bind each name to its member.
      if (!s.init) throw new Unsupported("this `let` pattern without an initialiser", p.span);
      const t = this.typeOf(s.init);
      const ty = this.valTyOf(t, s.init.span);
      const v = this.tmp(ty ?? "i32", "let");
      const binds: Stmt[] = [];
      this.pattern(p, ty ? { k: "get", local: v } : i32(0), t, binds);
      return [...(ty ? [{ k: "set", local: v, value: this.expr(s.init) } as Stmt] : this.effect(s.init)), ...binds];
    }
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) return s.init ? this.effect(s.init) : [];
    const idx = this.bind(local, ty);
    if (s.init?.kind === "ArrayRepeat" && this.isUnique(local)) return [{ k: "set", local: idx, value: this.arrayRepeat(s.init, this.typeOf(s.init), idx) }];
    return s.init ? [{ k: "set", local: idx, value: this.expr(s.init) }] : [];
  }

  private assign(s: A.AssignStmt): Stmt[] {
    const t = this.typeOf(s.target);
    if (s.op === "=" && s.value.kind === "ArrayRepeat" && s.target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(s.target);
      if (ref?.kind === "local" && this.isUnique(ref.local)) {
        const idx = this.localIds.get(ref.local)!;
        return [{ k: "set", local: idx, value: this.arrayRepeat(s.value, t, idx) }];
      }
    }
    const compute = (old: () => Expr): Expr => {
      if (s.op === "=") return this.expr(s.value);
      const op = s.op.slice(0, -1) as A.BinaryOp;
      return this.binary(op, t, old(), () => this.expr(s.value), this.typeOf(s.value), s.span);
    };
    return this.writeInto(s.target, compute);
  }

  private forStmt(s: A.ForStmt): Stmt[] {
    if (s.iter.kind !== "RangeExpr") return this.forEach(s);
    const t = this.typeOf(s.iter.start);
    const int = this.intOf(t, s.span);
    const r = this.repr(t, s.span);
    if (r.kind === "mem") return this.wideRange(s, s.iter, int, r);
    if (r.kind !== "scalar") throw new Unsupported("`for` over this range", s.span);
    const ty = r.ty;
    let i: number;
    if (s.binding.kind === "IdentPattern") i = this.bind(this.cx.program.resolved.locals.get(s.binding)!, ty);
    else i = this.tmp(ty, "i");
    const end = this.tmp(ty, "end");
    const l = this.loopLabels();
    this.loops.push(l);
    const body = this.block(s.body);
    this.loops.pop();
    const sfx = int.signed ? "s" : "u";
    const exit: Expr = { k: "raw", op: s.iter.inclusive ? `gt_${sfx}` : `ge_${sfx}`, ty, a: { k: "get", local: i }, b: { k: "get", local: end } };
    const top = `top${l.brk}`;
    return [
      { k: "set", local: i, value: this.expr(s.iter.start) },
      { k: "set", local: end, value: this.expr(s.iter.end) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: top, body: [
        { k: "br", label: l.brk, cond: exit },
        { k: "block", label: l.cont, body },
        // `a..=MAX` must stop before the increment overflows.
        ...(s.iter.inclusive ? [{ k: "br", label: l.brk, cond: { k: "raw", op: "eq", ty, a: { k: "get", local: i }, b: { k: "get", local: end } } } as Stmt] : []),
        { k: "set", local: i, value: { k: "raw", op: "add", ty, a: { k: "get", local: i }, b: { k: "const", ty, value: 1n } } },
        { k: "br", label: top },
      ] }] },
    ];
  }

  /**
   * `for i in a..b` / `a..=b` over 128/256-bit integers: the counter is a memory value, compared
   * and incremented with the wide runtime; each increment makes a fresh value, so a body that
   * keeps `i` keeps that iteration's value.
   */
  private wideRange(s: A.ForStmt, range: A.RangeExpr, int: IntKind, r: Repr): Stmt[] {
    const i = s.binding.kind === "IdentPattern" ? this.bind(this.cx.program.resolved.locals.get(s.binding)!, "i32") : this.tmp("i32", "i");
    const end = this.tmp("i32", "end");
    const l = this.loopLabels();
    this.loops.push(l);
    const body = this.block(s.body);
    this.loops.pop();
    const top = `top${l.brk}`;
    const I: Expr = { k: "get", local: i }, E: Expr = { k: "get", local: end };
    return [
      { k: "set", local: i, value: this.expr(range.start) },
      { k: "set", local: end, value: this.expr(range.end) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: top, body: [
        { k: "br", label: l.brk, cond: { k: "cmp", op: range.inclusive ? "gt" : "ge", repr: r, a: I, b: E } },
        { k: "block", label: l.cont, body },
        // `a..=MAX` must stop before the increment overflows.
        ...(range.inclusive ? [{ k: "br", label: l.brk, cond: { k: "cmp", op: "eq", repr: r, a: I, b: E } } as Stmt] : []),
        { k: "set", local: i, value: { k: "arith", op: "add", int, a: I, b: intConst(r, 1n) } },
        { k: "br", label: top },
      ] }] },
    ];
  }

  /** `for x in a` over a fixed array or a vector in memory (evaluated once, before the loop). */
  private forEach(s: A.ForStmt): Stmt[] {
    const t = this.typeOf(s.iter);
    // A storage vector is read whole first, like any collection evaluated before the loop.
    if (t.kind !== "array" && t.kind !== "vec") throw new Unsupported("`for` over this collection", s.iter.span);
    const er = this.repr(prune(t.elem), s.span);
    const es = fixedSize(er);
    const base = this.tmp("i32", "coll"), n = this.tmp("i32", "n"), i = this.tmp("i32", "i");
    const get = (l: number): Expr => ({ k: "get", local: l });
    const ty = valTy(er);
    let x = -1;
    const binds: Stmt[] = [];
    if (ty !== undefined) {
      if (s.binding.kind === "IdentPattern") x = this.bind(this.cx.program.resolved.locals.get(s.binding)!, ty);
      else if (s.binding.kind !== "WildcardPattern") {
        // A tuple pattern: the item in a temporary, its members bound from there.
        x = this.tmp(ty, "item");
        this.pattern(s.binding, { k: "get", local: x }, prune(t.elem), binds);
      }
    }
    const l = this.loopLabels();
    this.loops.push(l);
    const body = this.block(s.body);
    this.loops.pop();
    const top = `top${l.brk}`;
    const first = 0;
    const at: Expr = { k: "raw", op: "add", ty: "i32", a: get(base), b: { k: "raw", op: "add", ty: "i32", a: i32(first), b: { k: "raw", op: "mul", ty: "i32", a: get(i), b: i32(es) } } };
    return [
      { k: "set", local: base, value: this.expr(s.iter) },
      { k: "set", local: n, value: t.kind === "vec" ? vecLen(get(base)) : i32(t.len) },
      // A Vec's items are in its data block.
      ...(t.kind === "vec" ? [{ k: "set", local: base, value: vecItems(get(base)) } as Stmt] : []),
      { k: "set", local: i, value: i32(0) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: top, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: get(i), b: get(n) } },
        ...(x >= 0 ? [{ k: "set", local: x, value: decodeExpr(at, 0, er) } as Stmt] : []),
        ...binds,
        { k: "block", label: l.cont, body },
        { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: get(i), b: i32(1) } },
        { k: "br", label: top },
      ] }] },
    ];
  }

  /** An expression evaluated for its effects only. */
  override effect(e: A.Expr): Stmt[] {
    switch (e.kind) {
      case "IfExpr": {
        const els = e.else === undefined ? [] : e.else.kind === "IfExpr" ? this.effect(e.else) : this.block(e.else);
        return [{ k: "if", cond: this.expr(e.cond), then: this.block(e.then), else: els }];
      }
      case "BlockExpr":
        return this.block(e.block);
      case "MatchExpr":
        return this.matchStmts(e, false).body;
      case "CallExpr":
      case "MethodCallExpr": {
        const c = this.call(e);
        return c ? [{ k: "do", e: c }] : [];
      }
      default: {
        const r = this.repr(this.typeOf(e), e.span);
        if (r.kind === "unit") {
          // A unit value has no representation: only its parts' effects remain.
          if (e.kind === "TupleLit") return e.elems.flatMap((x) => this.effect(x));
          if (e.kind === "PathExpr") return [];
          throw new Unsupported("this unit expression", e.span);
        }
        return [{ k: "do", e: this.expr(e) }];
      }
    }
  }
}

export { errorData, i64 };

export type { IntType };
