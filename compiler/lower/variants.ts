// Lowering of enums, Option and Result: building variants, patterns and `match`.

import type * as A from "../ast/ast.js";
import type { VariantRef } from "../resolve/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, Repr, Stmt } from "./ast.js";
import { Unsupported } from "./context.js";
import { decodeExpr, i32, intConst, lengthPrefixed, storeSlot } from "./encode.js";
import { fixedSize, valTy } from "./repr.js";
import { PlaceLowerer } from "./places.js";

export abstract class VariantLowerer extends PlaceLowerer {
  // ── enums, Option, Result ───────────────────────────────────────────────────────────────
  /** The tag of a variant. */
  protected tagOf(v: VariantRef): number {
    if (v.kind === "option") return v.name === "Some" ? 1 : 0;
    if (v.kind === "result") return v.name === "Ok" ? 0 : 1;
    return v.index;
  }

  /** The tag of a value of an enum / Option / Result type (a pure expression when `v` is). */
  private tagValue(v: Expr, r: Repr): Expr {
    return r.kind === "scalar" ? v : { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 };
  }

  /** Builds a variant: payload values evaluated in order (`values`), then tag ‖ payload written to a fresh buffer. */
  protected makeVariant(t: Type, tag: number, values: (A.Expr | undefined)[], span: A.Span): Expr {
    const r = this.repr(t, span);
    if (r.kind === "scalar") return { k: "seq", body: values.flatMap((x) => (x ? this.effect(x) : [])), value: i32(tag) };
    const pts = this.variantTypes(t, span)[tag]!;
    const body: Stmt[] = [];
    const temps = values.map((x, i) => {
      const pr = this.repr(pts[i]!, span);
      const ty = valTy(pr);
      if (!x) return { l: -1, pr };
      if (!ty) {
        body.push(...this.effect(x));
        return { l: -1, pr };
      }
      const l = this.tmp(ty, "pl");
      body.push({ k: "set", local: l, value: this.expr(x) });
      return { l, pr };
    });
    const p = this.tmp("i32", "var");
    body.push({ k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(r)) } });
    if (tag) body.push({ k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: i32(tag) });
    let off = 1;
    for (const { l, pr } of temps) {
      if (l >= 0) body.push(...storeSlot({ k: "get", local: p }, off, { k: "get", local: l }, pr));
      off += fixedSize(pr);
    }
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  /** `Shape::Rect { w: 1, h: 2 }`: fields evaluated in source order, laid out in declaration order. */
  protected variantLit(e: A.StructLit, t: Type, v: VariantRef & { kind: "enum" }): Expr {
    const decls = v.variant.payload?.kind === "StructPayload" ? v.variant.payload.fields : [];
    const pts = this.variantTypes(t, e.span)[v.index]!;
    const body: Stmt[] = [];
    const locals = new Map<string, number>();
    for (const f of e.fields) {
      const i = decls.findIndex((d) => d.name.text === f.name.text);
      const ty = valTy(this.repr(pts[i]!, f.span));
      if (!ty) { body.push(...this.effect(f.value)); continue; }
      const l = this.tmp(ty, "fl");
      body.push({ k: "set", local: l, value: this.expr(f.value) });
      locals.set(f.name.text, l);
    }
    const p = this.tmp("i32", "var");
    body.push({ k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(this.repr(t, e.span))) } });
    body.push({ k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: i32(v.index) });
    let off = 1;
    decls.forEach((d, i) => {
      const pr = this.repr(pts[i]!, d.span);
      const l = locals.get(d.name.text);
      if (l !== undefined) body.push(...storeSlot({ k: "get", local: p }, off, { k: "get", local: l }, pr));
      off += fixedSize(pr);
    });
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  /**
   * The test of a pattern against `v` (a pure expression of type `t`): a condition (undefined:
   * always matches), with the bindings it makes pushed to `binds` (run only once it matched).
   */
  protected pattern(p: A.Pattern, v: Expr, t: Type, binds: Stmt[]): Expr | undefined {
    t = prune(t);
    const and = (a: Expr | undefined, b: Expr | undefined): Expr | undefined => (!a ? b : !b ? a : { k: "ifx", ty: "i32", cond: a, then: b, else: i32(0) });
    switch (p.kind) {
      case "WildcardPattern":
        return undefined;
      case "IdentPattern": {
        const vr = this.cx.program.resolved.patterns.get(p);
        if (vr) return this.variantTest(vr, v, t, undefined, binds, p.span);
        const local = this.cx.program.resolved.locals.get(p);
        if (!local) throw new Unsupported("this pattern", p.span);
        const ty = valTy(this.repr(t, p.span));
        if (ty !== undefined) binds.push({ k: "set", local: this.bind(local, ty), value: v });
        return undefined;
      }
      case "LiteralPattern": {
        const lit = p.value;
        if (lit.kind === "BoolLit") return lit.value ? v : { k: "eqz", ty: "i32", a: v };
        if (lit.kind === "IntLit") {
          const r = this.repr(t, p.span);
          return { k: "cmp", op: "eq", repr: r, a: v, b: intConst(r, p.negative ? -lit.value : lit.value) };
        }
        // A string literal: byte-wise equality with the constant (length-prefixed like the value).
        return { k: "dyneq", a: v, b: { k: "data", bytes: lengthPrefixed(new TextEncoder().encode(lit.value)) } };
      }
      case "TuplePattern": {
        let c: Expr | undefined;
        const ms = this.members(t, p.span);
        p.elems.forEach((x, i) => {
          const m = ms[i]!;
          c = and(c, this.pattern(x, m.repr.kind === "unit" ? i32(0) : decodeExpr(v, m.offset, m.repr), m.type, binds));
        });
        return c;
      }
      case "VariantPattern": {
        const vr = this.cx.program.resolved.patterns.get(p);
        if (!vr) throw new Unsupported("this pattern", p.span);
        return this.variantTest(vr, v, t, p.payload, binds, p.span);
      }
    }
  }

  private variantTest(vr: VariantRef, v: Expr, t: Type, payload: A.VariantPayloadPattern | undefined, binds: Stmt[], span: A.Span): Expr | undefined {
    const r = this.repr(t, span);
    const tag = this.tagOf(vr);
    let c: Expr | undefined = { k: "raw", op: "eq", ty: "i32", a: this.tagValue(v, r), b: i32(tag) };
    if (!payload) return c;
    const pts = this.variantTypes(t, span)[tag]!;
    const offs: number[] = [];
    let off = 1;
    for (const pt of pts) { offs.push(off); off += fixedSize(this.repr(pt, span)); }
    const sub = (x: A.Pattern, i: number) => {
      const pr = this.repr(pts[i]!, x.span);
      const s = this.pattern(x, pr.kind === "unit" ? i32(0) : decodeExpr(v, offs[i]!, pr), pts[i]!, binds);
      if (s) c = { k: "ifx", ty: "i32", cond: c!, then: s, else: i32(0) };
    };
    if (payload.kind === "TuplePayloadPattern") payload.elems.forEach(sub);
    else {
      const decls = vr.kind === "enum" && vr.variant.payload?.kind === "StructPayload" ? vr.variant.payload.fields : [];
      for (const f of payload.fields) sub(f.pattern, decls.findIndex((d) => d.name.text === f.name.text));
    }
    return c;
  }

  /** `match`: arms tested in order; a value match leaves its result in a local. */
  protected matchStmts(e: A.MatchExpr, value: boolean): { body: Stmt[]; res: number } {
    const st = this.typeOf(e.scrutinee);
    const sty = valTy(this.repr(st, e.scrutinee.span));
    const body: Stmt[] = [];
    const s = this.tmp(sty ?? "i32", "scrut");
    if (sty) body.push({ k: "set", local: s, value: this.expr(e.scrutinee) });
    else body.push(...this.effect(e.scrutinee));
    const rty = value ? this.valTyOf(this.typeOf(e), e.span) : undefined;
    if (value && !rty) throw new Unsupported("this `match` expression", e.span);
    const res = rty ? this.tmp(rty, "match") : -1;
    const n = this.labelSeq++;
    const end = `mend${n}`;
    const arms: Stmt[] = [];
    e.arms.forEach((arm, i) => {
      const label = `marm${n}_${i}`;
      const binds: Stmt[] = [];
      const cond = this.pattern(arm.pattern, sty ? { k: "get", local: s } : i32(0), st, binds);
      const ab: Stmt[] = [];
      if (cond) ab.push({ k: "br", label, cond: { k: "eqz", ty: "i32", a: cond } });
      ab.push(...binds);
      if (arm.guard) ab.push({ k: "br", label, cond: { k: "eqz", ty: "i32", a: this.expr(arm.guard) } });
      const bt = this.typeOf(arm.body);
      if (rty && bt.kind !== "never") ab.push({ k: "set", local: res, value: this.expr(arm.body) });
      else ab.push(...this.effect(arm.body));
      ab.push({ k: "br", label: end });
      arms.push({ k: "block", label, body: ab });
    });
    body.push({ k: "block", label: end, body: [...arms, { k: "unreachable" }] });
    return { body, res };
  }
}
