// The core of a function body's lowering: its locals, loop labels, and the types and
// representations of what it handles (see body.ts for the whole chain of lowerers).

import type * as A from "../ast/ast.js";
import type { Local as SilkLocal, SelfView } from "../resolve/ast.js";
import { prune, show, type Type } from "../check/types.js";
import type { Expr, Func, IntKind, Local, Repr, Stmt, ValTy } from "./ast.js";
import { Unsupported, type LowerContext } from "./context.js";
import { decodeExpr, i32 } from "./encode.js";
import { abiTypeOf, fixedSize, reprOf, structFieldsOf, valTy, type StructFields } from "./repr.js";

export const U32_REPR: Repr = { kind: "scalar", ty: "i32", size: 4, int: { signed: false, bits: 32 } };

export interface LoopLabels {
  brk: string;
  cont: string;
}

export abstract class FnLowererBase {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  protected readonly localIds = new Map<SilkLocal, number>();
  protected readonly loops: LoopLabels[] = [];
  protected labelSeq = 0;

  constructor(readonly cx: LowerContext, readonly view: SelfView | undefined) {}

  // Lowered further down the chain (expr.ts, calls.ts, body.ts).
  abstract expr(e: A.Expr): Expr;
  abstract effect(e: A.Expr): Stmt[];
  abstract stmt(s: A.Stmt): Stmt[];
  abstract call(e: A.CallExpr | A.MethodCallExpr): Expr | undefined;

  // ── locals ──────────────────────────────────────────────────────────────────────────────
  /** Declares a parameter; a unit-typed one has no Wasm parameter (calls pass nothing): -1. */
  param(p: A.Param): number {
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) return -1;
    const idx = this.params.length;
    this.params.push({ name: p.name.text, ty });
    this.localIds.set(local, idx);
    return idx;
  }

  tmp(ty: ValTy, name = "t"): number {
    this.locals.push({ name: `${name}${this.locals.length}`, ty });
    return this.params.length + this.locals.length - 1;
  }

  protected bind(local: SilkLocal, ty: ValTy): number {
    this.locals.push({ name: local.name, ty });
    const idx = this.params.length + this.locals.length - 1;
    this.localIds.set(local, idx);
    return idx;
  }

  finish(name: string, result: ValTy | undefined, body: Stmt[], exportName?: string): Func {
    return { name, params: this.params, locals: this.locals, result, body, ...(exportName ? { export: exportName } : {}) };
  }

  // ── types ───────────────────────────────────────────────────────────────────────────────
  typeOf(e: A.Expr): Type {
    const t = this.cx.program.exprTypes.get(e);
    if (!t) throw new Unsupported("an expression without a type", e.span);
    return prune(t);
  }
  repr(t: Type, span: A.Span): Repr {
    const r = reprOf(t, this.structFields);
    if (!r) throw new Unsupported(`values of type ${show(t)}`, span);
    return r;
  }
  protected get structFields(): StructFields {
    return structFieldsOf(this.cx.program.typeExprs);
  }
  /** The representation of a value that crosses the ABI (encoded by encode.ts or codec.ts). */
  abiRepr(t: Type, span: A.Span): Repr {
    return this.repr(t, span);
  }

  /** The members of a tuple or struct type: byte offset, type and representation of each. */
  members(t: Type, span: A.Span): { name: string; offset: number; type: Type; repr: Repr }[] {
    const types = t.kind === "tuple" ? t.elems.map(prune) : t.kind === "struct" ? this.structFields(t.decl) : undefined;
    if (!types) throw new Unsupported(`members of ${show(t)}`, span);
    const names = t.kind === "struct" ? t.decl.fields.map((f) => f.name.text) : types.map((_, i) => String(i));
    let off = 0;
    return types.map((type, i) => {
      const repr = this.repr(type, span);
      const m = { name: names[i]!, offset: off, type, repr };
      off += fixedSize(repr);
      return m;
    });
  }

  /** `validateBools` over `count` items of `unit` bytes from `ptr` (a loop; nothing when no bools). */
  validateItems(ptr: Expr, count: Expr, elem: Type, unit: number, bad: () => Stmt[], span: A.Span): Stmt[] {
    const er = this.repr(elem, span);
    const i = this.tmp("i32", "i");
    const at: Expr = { k: "raw", op: "add", ty: "i32", a: ptr, b: { k: "raw", op: "mul", ty: "i32", a: { k: "get", local: i }, b: i32(unit) } };
    const p = this.tmp("i32", "item");
    const check = this.validateBools(er.kind === "scalar" ? decodeExpr({ k: "get", local: p }, 0, er) : { k: "get", local: p }, elem, er, bad, span);
    if (!check.length) return [];
    const l = this.loopLabels();
    return [{ k: "set", local: i, value: i32(0) }, { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
      { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: { k: "get", local: i }, b: count } },
      { k: "set", local: p, value: at },
      ...check,
      { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: i }, b: i32(1) } },
      { k: "br", label: l.cont },
    ] }] }];
  }

  /** Reverts (via `bad`) unless every bool inside a decoded value is 0 or 1. */
  validateBools(v: Expr, t: Type, r: Repr, bad: () => Stmt[], span: A.Span): Stmt[] {
    if (r.kind === "scalar") {
      if (!r.bool && !r.enumN) return [];
      return [{ k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: v, b: i32(r.enumN ? r.enumN - 1 : 1) }, then: bad(), else: [] }];
    }
    if (r.kind !== "mem" || r.int) return [];
    if (r.tags) {
      // A tagged union: a known tag, then the checks of that variant's payload.
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 };
      const out: Stmt[] = [{ k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: tag, b: i32(r.tags.length) }, then: bad(), else: [] }];
      this.variantTypes(t, span).forEach((ts, i) => {
        let off = 1;
        const checks: Stmt[] = [];
        for (const mt of ts) {
          const mr = this.repr(mt, span);
          checks.push(...this.validateBools(decodeExpr(v, off, mr), mt, mr, bad, span));
          off += fixedSize(mr);
        }
        if (checks.length) out.push({ k: "if", cond: { k: "raw", op: "eq", ty: "i32", a: tag, b: i32(i) }, then: checks, else: [] });
      });
      return out;
    }
    const offsets: number[] = [];
    const maxes: number[] = [];
    const nested: Stmt[] = [];
    const walk = (t: Type, base: number): void => {
      t = prune(t);
      const tr = this.repr(t, span);
      if (t.kind === "bool") { offsets.push(base); maxes.push(1); }
      else if (tr.kind === "scalar" && tr.enumN) { offsets.push(base); maxes.push(tr.enumN - 1); }
      else if (tr.kind === "mem" && tr.tags) nested.push(...this.validateBools(decodeExpr(v, base, tr), t, tr, bad, span));
      else if (t.kind === "tuple" || t.kind === "struct") for (const m of this.members(t, span)) walk(m.type, base + m.offset);
      else if (t.kind === "array" && t.len > 16) {
        // A long array: one loop over its items rather than a check per byte.
        const es = fixedSize(this.repr(t.elem, span));
        nested.push(...this.validateItems(base ? { k: "raw", op: "add", ty: "i32", a: v, b: i32(base) } : v, i32(t.len), prune(t.elem), es, bad, span));
      } else if (t.kind === "array") {
        const es = fixedSize(this.repr(t.elem, span));
        for (let i = 0; i < t.len && offsets.length <= 4096; i++) walk(t.elem, base + i * es);
      }
    };
    walk(t, 0);
    if (offsets.length > 4096) throw new Unsupported("decoding arrays with this many bools", span);
    if (!offsets.length) return nested;
    const any = offsets.map((o, i): Expr => ({ k: "raw", op: "gt_u", ty: "i32", a: { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: o }, b: i32(maxes[i]!) }))
      .reduce((a, b) => ({ k: "raw", op: "or", ty: "i32", a, b }));
    return [{ k: "if", cond: any, then: bad(), else: [] }, ...nested];
  }
  protected valTyOf(t: Type, span: A.Span): ValTy | undefined {
    return valTy(this.repr(t, span));
  }
  protected intOf(t: Type, span: A.Span): IntKind {
    if (t.kind !== "int") throw new Unsupported(`this operation on ${show(t)}`, span);
    return { signed: t.signed, bits: t.bits };
  }

  protected loopLabels(): LoopLabels {
    const n = this.labelSeq++;
    return { brk: `brk${n}`, cont: `cont${n}` };
  }

  /** The payload types of each variant of an enum, Option or Result, in tag order. */
  variantTypes(t: Type, span: A.Span): Type[][] {
    t = prune(t);
    if (t.kind === "option") return [[], [prune(t.inner)]];
    if (t.kind === "result") return [[prune(t.ok)], [prune(t.err)]];
    if (t.kind === "enum") {
      return t.decl.variants.map((v) => {
        const ts = this.structFields(v);
        if (!ts) throw new Unsupported(`the variant ${v.name.text}`, span);
        return ts;
      });
    }
    throw new Unsupported(`variants of ${show(t)}`, span);
  }
}

/** A type as diagnostics write it (`Vec<string>`): the checker's own printer. */
export { show as describe };

export function abiTypeOrThrow(t: Type, span: A.Span, fields?: StructFields) {
  const a = abiTypeOf(t, fields);
  if (!a) throw new Unsupported(`the ABI type of ${show(t)}`, span);
  return a;
}
