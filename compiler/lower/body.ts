// Lowering of function bodies: statements and expressions of the typed program → IR.
// Types come from check/ (exprTypes, localTypes), calls from its call table; nothing here
// re-derives either. Constructs not supported yet throw `Unsupported` with their span.

import type * as A from "../ast/ast.js";
import type { Local as SilkLocal, SelfView } from "../resolve/ast.js";
import { prune, type IntType, type Type } from "../check/types.js";
import type { CheckedOp, Expr, Func, IntKind, IntOp, Local, Repr, Stmt, StorageKey, ValTy } from "./ast.js";
import { fnNameFor, Unsupported, type LowerContext } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, isVariable, errorData, i32, i64, intConst, revertError, sizeOfFields, taggedSize } from "./encode.js";
import type { VariantRef } from "../resolve/ast.js";
import { abiTypeOf, fixedSize, reprOf, structFieldsOf, valTy, type StructFields } from "./repr.js";
import { eventTopic, selector } from "../../stdlib/abi/selector.js";
import { signature } from "../../stdlib/abi/types.js";

export const MSG_BAD_RETURN = "silk: bad return data";

const U32_REPR: Repr = { kind: "scalar", ty: "i32", size: 4, int: { signed: false, bits: 32 } };

interface LoopLabels {
  brk: string;
  cont: string;
}

export class FnLowerer {
  readonly params: Local[] = [];
  readonly locals: Local[] = [];
  private readonly localIds = new Map<SilkLocal, number>();
  private readonly loops: LoopLabels[] = [];
  private labelSeq = 0;

  constructor(readonly cx: LowerContext, readonly view: SelfView | undefined) {}

  // ── locals ──────────────────────────────────────────────────────────────────────────────
  param(p: A.Param): number {
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) throw new Unsupported("a unit-typed parameter", p.span);
    const idx = this.params.length;
    this.params.push({ name: p.name.text, ty });
    this.localIds.set(local, idx);
    return idx;
  }

  tmp(ty: ValTy, name = "t"): number {
    this.locals.push({ name: `${name}${this.locals.length}`, ty });
    return this.params.length + this.locals.length - 1;
  }

  private bind(local: SilkLocal, ty: ValTy): number {
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
    if (!r) throw new Unsupported(`values of type ${describe(t)}`, span);
    return r;
  }
  private get structFields(): StructFields {
    return structFieldsOf(this.cx.program.typeExprs);
  }
  /** A representation that is the canonical encoding (ABI values, storage values). */
  abiRepr(t: Type, span: A.Span): Repr {
    const r = this.repr(t, span);
    if (r.kind === "mem" && r.noncanon && !r.option) throw new Unsupported(`encoding values of type ${describe(t)}`, span);
    return r;
  }

  /** The members of a tuple or struct type: byte offset, type and representation of each. */
  members(t: Type, span: A.Span): { name: string; offset: number; type: Type; repr: Repr }[] {
    const types = t.kind === "tuple" ? t.elems.map(prune) : t.kind === "struct" ? this.structFields(t.decl) : undefined;
    if (!types) throw new Unsupported(`members of ${describe(t)}`, span);
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
      else if (t.kind === "array") {
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
  private valTyOf(t: Type, span: A.Span): ValTy | undefined {
    return valTy(this.repr(t, span));
  }
  private intOf(t: Type, span: A.Span): IntKind {
    if (t.kind !== "int") throw new Unsupported(`this operation on ${describe(t)}`, span);
    return { signed: t.signed, bits: t.bits };
  }

  // ── blocks and statements ───────────────────────────────────────────────────────────────
  block(b: A.Block): Stmt[] {
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) out.push(...this.effect(b.tail));
    return out;
  }

  /** A body whose tail (if any) is the function's return value. */
  fnBody(b: A.Block, returns: boolean): Stmt[] {
    const out: Stmt[] = [];
    for (const s of b.stmts) out.push(...this.stmt(s));
    if (b.tail) {
      if (returns && this.typeOf(b.tail).kind !== "never") out.push({ k: "return", value: this.expr(b.tail) });
      else out.push(...this.effect(b.tail));
    }
    return out;
  }

  stmt(s: A.Stmt): Stmt[] {
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

  private loopLabels(): LoopLabels {
    const n = this.labelSeq++;
    return { brk: `brk${n}`, cont: `cont${n}` };
  }

  private letStmt(s: A.LetStmt): Stmt[] {
    const p = s.pattern;
    if (p.kind === "WildcardPattern") return s.init ? this.effect(s.init) : [];
    if (p.kind !== "IdentPattern") throw new Unsupported("this `let` pattern", p.span);
    const local = this.cx.program.resolved.locals.get(p)!;
    const ty = this.valTyOf(this.cx.program.localTypes.get(local)!, p.span);
    if (ty === undefined) return s.init ? this.effect(s.init) : [];
    const idx = this.bind(local, ty);
    return s.init ? [{ k: "set", local: idx, value: this.expr(s.init) }] : [];
  }

  private assign(s: A.AssignStmt): Stmt[] {
    const t = this.typeOf(s.target);
    const compute = (old: () => Expr): Expr => {
      if (s.op === "=") return this.expr(s.value);
      const op = s.op.slice(0, -1) as A.BinaryOp;
      return this.binary(op, t, old(), () => this.expr(s.value), this.typeOf(s.value), s.span);
    };
    return this.writeInto(s.target, compute);
  }

  /** Stores `compute(old)` into a place: a local, a storage value, or a member of one (copy, then write). */
  private writeInto(target: A.Expr, compute: (old: () => Expr) => Expr): Stmt[] {
    if (target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(target);
      if (ref?.kind !== "local") throw new Unsupported("this assignment target", target.span);
      const idx = this.localIds.get(ref.local)!;
      return [{ k: "set", local: idx, value: compute(() => ({ k: "get", local: idx })) }];
    }
    const place = this.storagePlace(target);
    if (place) {
      this.storable(place.repr, target.span);
      // Evaluate the key parts once.
      const pre: Stmt[] = [];
      const parts = place.key.parts.map((p) => {
        const l = this.tmp(valTy(p.repr)!, "key");
        pre.push({ k: "set", local: l, value: p.value });
        return { value: { k: "get", local: l } as Expr, repr: p.repr };
      });
      const key: StorageKey = { prefix: place.key.prefix, parts };
      return [...pre, { k: "sstore", key, repr: place.repr, value: compute(() => ({ k: "sload", key, repr: place.repr })) }];
    }
    const m = this.member(target);
    if (!m) throw new Unsupported("this assignment target", target.span);
    const pr = this.repr(this.typeOf(m.parent), target.span);
    return this.writeInto(m.parent, (old) => {
      const c = this.tmp("i32", "copy");
      const o = this.tmp("i32", "old");
      const size = encodedSize({ k: "get", local: o }, pr);
      const body: Stmt[] = [
        { k: "set", local: o, value: old() },
        { k: "set", local: c, value: { k: "alloc", size } },
        { k: "copy", dst: { k: "get", local: c }, src: { k: "get", local: o }, len: size },
      ];
      const ptr = m.at({ k: "get", local: c }, body);
      body.push(...encodeStmts(ptr, 0, compute(() => decodeExpr(ptr, 0, m.repr)), m.repr));
      return { k: "seq", body, value: { k: "get", local: c } };
    });
  }

  /**
   * A member of a tuple, struct or fixed array: its parent expression, its representation, and
   * `at(base, out)` giving its address inside a parent at `base` (pushing any bounds check to out).
   */
  private member(e: A.Expr): { parent: A.Expr; repr: Repr; at: (base: Expr, out: Stmt[]) => Expr } | undefined {
    const add = (a: Expr, off: number): Expr => (off ? { k: "raw", op: "add", ty: "i32", a, b: i32(off) } : a);
    if (e.kind === "TupleIndexExpr" || (e.kind === "FieldExpr" && e.target.kind !== "SelfExpr")) {
      const pt = this.typeOf(e.target);
      if (pt.kind !== "tuple" && pt.kind !== "struct") return undefined;
      const name = e.kind === "TupleIndexExpr" ? String(e.index) : e.field.text;
      const m = this.members(pt, e.span).find((x) => x.name === name);
      if (!m) return undefined;
      return { parent: e.target, repr: m.repr, at: (base) => add(base, m.offset) };
    }
    if (e.kind === "IndexExpr" && (this.typeOf(e.target).kind === "vec" || this.typeOf(e.target).kind === "bytes")) {
      const pt = this.typeOf(e.target);
      const er = this.repr(pt.kind === "vec" ? prune(pt.elem) : { kind: "int", signed: false, bits: 8 }, e.span);
      const es = fixedSize(er);
      return {
        parent: e.target, repr: er, at: (base, out) => {
          const i = this.index(e.index, { k: "load", ty: "i32", width: 4, signed: false, ptr: base, offset: 0 }, out);
          return { k: "raw", op: "add", ty: "i32", a: { k: "raw", op: "add", ty: "i32", a: base, b: i32(4) }, b: es === 1 ? i : { k: "raw", op: "mul", ty: "i32", a: i, b: i32(es) } };
        },
      };
    }
    if (e.kind === "IndexExpr") {
      const pt = this.typeOf(e.target);
      if (pt.kind !== "array") return undefined;
      const er = this.repr(prune(pt.elem), e.span);
      const es = fixedSize(er);
      return {
        parent: e.target, repr: er, at: (base, out) => {
          const i = this.index(e.index, pt.len, out);
          return { k: "raw", op: "add", ty: "i32", a: base, b: { k: "raw", op: "mul", ty: "i32", a: i, b: i32(es) } };
        },
      };
    }
    return undefined;
  }

  /** Evaluates an index into a local, panicking 0x32 unless it is below `len`; returns it as i32. */
  private index(idx: A.Expr, len: number | Expr, out: Stmt[]): Expr {
    const r = this.repr(this.typeOf(idx), idx.span);
    if (r.kind !== "scalar") throw new Unsupported("an index of a 128/256-bit type", idx.span);
    const l = this.tmp(r.ty, "idx");
    out.push({ k: "set", local: l, value: this.expr(idx) });
    const lenE: Expr = typeof len === "number" ? { k: "const", ty: r.ty, value: BigInt(len) } : r.ty === "i64" ? { k: "conv", op: "extend_u", a: len } : len;
    out.push({ k: "if", cond: { k: "raw", op: "ge_u", ty: r.ty, a: { k: "get", local: l }, b: lenE }, then: [{ k: "panic", code: 0x32 }], else: [] });
    return r.ty === "i64" ? { k: "conv", op: "wrap", a: { k: "get", local: l } } : { k: "get", local: l };
  }

  /** Storage holds canonical encodings only. */
  private storable(r: Repr, span: A.Span): void {
    if (r.kind === "mem" && r.noncanon && !r.option) throw new Unsupported("storing values of this type", span);
  }

  private forStmt(s: A.ForStmt): Stmt[] {
    if (s.iter.kind !== "RangeExpr") return this.forEach(s);
    const t = this.typeOf(s.iter.start);
    const int = this.intOf(t, s.span);
    const r = this.repr(t, s.span);
    if (r.kind !== "scalar") throw new Unsupported("`for` over a range of 128/256-bit integers", s.span);
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

  /** `for x in a` over a fixed array or a vector in memory (evaluated once, before the loop). */
  private forEach(s: A.ForStmt): Stmt[] {
    const t = this.typeOf(s.iter);
    if ((t.kind !== "array" && t.kind !== "vec") || this.storageVec(s.iter)) throw new Unsupported("`for` over this collection", s.iter.span);
    const er = this.repr(prune(t.elem), s.span);
    const es = fixedSize(er);
    const base = this.tmp("i32", "coll"), n = this.tmp("i32", "n"), i = this.tmp("i32", "i");
    const get = (l: number): Expr => ({ k: "get", local: l });
    const ty = valTy(er);
    let x = -1;
    if (ty !== undefined) {
      if (s.binding.kind === "IdentPattern") x = this.bind(this.cx.program.resolved.locals.get(s.binding)!, ty);
      else if (s.binding.kind !== "WildcardPattern") throw new Unsupported("this `for` pattern", s.binding.span);
    }
    const l = this.loopLabels();
    this.loops.push(l);
    const body = this.block(s.body);
    this.loops.pop();
    const top = `top${l.brk}`;
    const first = t.kind === "vec" ? 4 : 0;
    const at: Expr = { k: "raw", op: "add", ty: "i32", a: get(base), b: { k: "raw", op: "add", ty: "i32", a: i32(first), b: { k: "raw", op: "mul", ty: "i32", a: get(i), b: i32(es) } } };
    return [
      { k: "set", local: base, value: this.expr(s.iter) },
      { k: "set", local: n, value: t.kind === "vec" ? { k: "load", ty: "i32", width: 4, signed: false, ptr: get(base), offset: 0 } : i32(t.len) },
      { k: "set", local: i, value: i32(0) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: top, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: get(i), b: get(n) } },
        ...(x >= 0 ? [{ k: "set", local: x, value: decodeExpr(at, 0, er) } as Stmt] : []),
        { k: "block", label: l.cont, body },
        { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: get(i), b: i32(1) } },
        { k: "br", label: top },
      ] }] },
    ];
  }

  /** An expression evaluated for its effects only. */
  effect(e: A.Expr): Stmt[] {
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
        if (r.kind === "unit") throw new Unsupported("this unit expression", e.span);
        return [{ k: "do", e: this.expr(e) }];
      }
    }
  }

  // ── events and errors ───────────────────────────────────────────────────────────────────
  private fieldsInOrder(decls: A.FieldDecl[], inits: A.FieldInit[]): { decl: A.FieldDecl; value: A.FieldInit }[] {
    return decls.map((d) => ({ decl: d, value: inits.find((f) => f.name.text === d.name.text)! }));
  }

  private fieldType(d: A.FieldDecl): Type {
    const t = this.cx.program.typeExprs.get(d.type);
    if (!t) throw new Unsupported("this field type", d.span);
    return prune(t);
  }

  private emit(s: A.EmitStmt): Stmt[] {
    const ref = this.cx.program.resolved.structPaths.get(s.event);
    const decl = ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "event" ? ref.sym.decl as A.EventDecl : undefined;
    if (!decl) throw new Unsupported("this event", s.span);
    const fields = this.fieldsInOrder(decl.fields, s.fields);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sig = signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl.fields[i]!.span, this.structFields)));
    const indexed = fields.filter((f) => f.decl.attributes.some((a) => a.name.text === "indexed"));
    const plain = fields.filter((f) => !indexed.includes(f));
    const out: Stmt[] = [];
    const topics = this.tmp("i32", "topics");
    out.push({ k: "set", local: topics, value: { k: "alloc", size: i32(32 * (1 + indexed.length)) } });
    out.push({ k: "copy", dst: { k: "get", local: topics }, src: { k: "data", bytes: eventTopic(sig) }, len: i32(32) });
    indexed.forEach((f, n) => {
      const t = this.fieldType(f.decl);
      const r = this.repr(t, f.decl.span);
      const topic: Expr = { k: "raw", op: "add", ty: "i32", a: { k: "get", local: topics }, b: i32(32 * (n + 1)) };
      if (r.kind === "dyn" || (r.kind === "mem" && !r.int && t.kind !== "address" && t.kind !== "bytes32")) {
        // Any other type: sha256 of its canonical encoding.
        const enc = this.encodeFields([{ value: f.value.value, type: t, span: f.decl.span }], out, 0);
        out.push({ k: "do", e: { k: "host", name: "sha256", args: [{ k: "get", local: enc.ptr }, enc.size, topic] } });
        return;
      }
      // Word types: canonical encoding left-aligned in a zeroed 32-byte topic.
      out.push(...encodeStmts({ k: "get", local: topics }, 32 * (n + 1), this.expr(f.value.value), r));
    });
    const data = this.encodeFields(plain.map((f) => ({ value: f.value.value, type: this.fieldType(f.decl), span: f.decl.span })), out, 0);
    out.push({ k: "do", e: { k: "host", name: "emit", args: [{ k: "get", local: topics }, i32(1 + indexed.length), { k: "get", local: data.ptr }, data.size] } });
    return out;
  }

  /** Encodes values into a fresh buffer after `prefix` bytes; returns its local and total size. */
  encodeFields(vals: { value: A.Expr; type: Type; span: A.Span }[], out: Stmt[], prefix: number): { ptr: number; size: Expr } {
    const reprs = vals.map((v) => this.abiRepr(v.type, v.span));
    const ptr = this.tmp("i32", "buf");
    // Evaluate values before allocating, in source order, into temporaries.
    const temps = vals.map((v, i) => {
      const ty = valTy(reprs[i]!);
      if (!ty) {
        out.push(...this.effect(v.value));
        return -1;
      }
      const l = this.tmp(ty, "v");
      out.push({ k: "set", local: l, value: this.expr(v.value) });
      return l;
    });
    let size: Expr = i32(prefix + sizeOfFields(reprs));
    temps.forEach((l, i) => {
      if (isVariable(reprs[i]!)) size = { k: "raw", op: "add", ty: "i32", a: size, b: encodedSize({ k: "get", local: l }, reprs[i]!) };
    });
    const len = this.tmp("i32", "len");
    const at = this.tmp("i32", "at");
    out.push({ k: "set", local: len, value: size }, { k: "set", local: ptr, value: { k: "alloc", size: { k: "get", local: len } } });
    out.push({ k: "set", local: at, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: ptr }, b: i32(prefix) } });
    temps.forEach((l, i) => {
      if (l < 0) return;
      const v: Expr = { k: "get", local: l };
      out.push(...encodeStmts({ k: "get", local: at }, 0, v, reprs[i]!));
      out.push({ k: "set", local: at, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: at }, b: encodedSize(v, reprs[i]!) } });
    });
    return { ptr, size: { k: "get", local: len } };
  }

  private revertWith(reason: A.Expr): Stmt[] {
    if (reason.kind === "StringLit") return revertError(this, new TextEncoder().encode(reason.value));
    let decl: A.ErrorDecl | undefined;
    let inits: A.FieldInit[] = [];
    if (reason.kind === "StructLit") {
      const ref = this.cx.program.resolved.structPaths.get(reason.path);
      if (ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "error") decl = ref.sym.decl as A.ErrorDecl;
      inits = reason.fields;
    } else if (reason.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(reason);
      if (ref && (ref.kind === "item" || ref.kind === "member") && ref.sym.kind === "error") decl = ref.sym.decl as A.ErrorDecl;
    }
    if (!decl) throw new Unsupported("this revert reason", reason.span);
    const types = decl.fields.map((f) => this.fieldType(f));
    const sel = selector(signature(decl.name.text, types.map((t, i) => abiTypeOrThrow(t, decl!.fields[i]!.span, this.structFields))));
    const out: Stmt[] = [];
    const fields = this.fieldsInOrder(decl.fields, inits);
    const buf = this.encodeFields(fields.map((f, i) => ({ value: f.value.value, type: types[i]!, span: f.decl.span })), out, 4);
    out.push({ k: "copy", dst: { k: "get", local: buf.ptr }, src: { k: "data", bytes: sel }, len: i32(4) });
    out.push({ k: "revert", ptr: { k: "get", local: buf.ptr }, len: buf.size });
    return out;
  }

  // ── storage places ──────────────────────────────────────────────────────────────────────
  storagePlace(e: A.Expr): { key: StorageKey; repr: Repr } | undefined {
    if (e.kind === "FieldExpr" && e.target.kind === "SelfExpr") {
      const f = this.view?.storage.get(e.field.text);
      const slot = f && this.cx.slots.get(f.decl);
      if (!slot || slot.type.kind === "vec") return undefined;
      return { key: { prefix: slot.key, parts: [] }, repr: this.storedRepr(slot.type, e.span) };
    }
    if (e.kind === "IndexExpr") {
      const sv = this.storageVec(e.target);
      if (sv) {
        const out: Stmt[] = [];
        const i = this.index(e.index, { k: "sload", key: sv.lenKey, repr: U32_REPR }, out);
        return { key: { prefix: sv.lenKey.prefix, parts: [{ value: { k: "seq", body: out, value: i }, repr: U32_REPR }] }, repr: this.repr(sv.elem, e.span) };
      }
      const mt = this.typeOf(e.target);
      if (mt.kind !== "map") return undefined;
      const inner = this.storagePlace(e.target);
      if (!inner) return undefined;
      const kr = this.repr(prune(mt.key), e.index.span);
      return { key: { prefix: inner.key.prefix, parts: [...inner.key.parts, { value: this.expr(e.index), repr: kr }] }, repr: this.storedRepr(prune(mt.value), e.span) };
    }
    return undefined;
  }

  /**
   * A storage vector (a storage field of type `Vec<T>`): its count is a u32 under the field key,
   * item i under field key ‖ u32 i (docs/abi.md §9).
   */
  storageVec(e: A.Expr): { lenKey: StorageKey; elem: Type } | undefined {
    if (e.kind !== "FieldExpr" || e.target.kind !== "SelfExpr") return undefined;
    const f = this.view?.storage.get(e.field.text);
    const slot = f && this.cx.slots.get(f.decl);
    if (!slot || slot.type.kind !== "vec") return undefined;
    return { lenKey: { prefix: slot.key, parts: [] }, elem: prune(slot.type.elem) };
  }

  private storageVecOp(e: A.MethodCallExpr, name: "push" | "pop", sv: { lenKey: StorageKey; elem: Type }): Expr {
    const er = this.repr(sv.elem, e.span);
    this.storable(er, e.span);
    const n = this.tmp("i32", "n");
    const N: Expr = { k: "get", local: n };
    const itemKey: StorageKey = { prefix: sv.lenKey.prefix, parts: [{ value: N, repr: U32_REPR }] };
    if (name === "push") {
      const x = this.tmp(valTy(er)!, "x");
      return { k: "seq", body: [
        { k: "set", local: x, value: this.expr(e.args[0]!) },
        { k: "set", local: n, value: { k: "sload", key: sv.lenKey, repr: U32_REPR } },
        { k: "sstore", key: itemKey, repr: er, value: { k: "get", local: x } },
        { k: "sstore", key: sv.lenKey, repr: U32_REPR, value: { k: "arith", op: "add", int: { signed: false, bits: 32 }, a: N, b: i32(1) } },
      ], value: i32(0) };
    }
    if (er.kind === "dyn") throw new Unsupported("`pop` of a storage vector of this item type", e.span);
    const es = fixedSize(er);
    const opt = this.tmp("i32", "opt");
    const O: Expr = { k: "get", local: opt };
    // The popped item's key keeps its old value; it is unreachable (indices are checked) and a
    // later push overwrites it.
    return { k: "seq", body: [
      { k: "set", local: opt, value: { k: "alloc", size: i32(1 + es) } },
      { k: "set", local: n, value: { k: "sload", key: sv.lenKey, repr: U32_REPR } },
      { k: "if", cond: N, then: [
        { k: "set", local: n, value: { k: "raw", op: "sub", ty: "i32", a: N, b: i32(1) } },
        { k: "store", width: 1, ty: "i32", ptr: O, offset: 0, value: i32(1) },
        ...encodeStmts(O, 1, { k: "sload", key: itemKey, repr: er }, er),
        { k: "sstore", key: sv.lenKey, repr: U32_REPR, value: N },
      ], else: [] },
    ], value: O };
  }

  /** A map's own repr is a placeholder (maps are never read whole); values need a real one. */
  private storedRepr(t: Type, span: A.Span): Repr {
    return t.kind === "map" ? { kind: "unit" } : this.repr(t, span);
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────
  expr(e: A.Expr): Expr {
    const t = this.typeOf(e);
    switch (e.kind) {
      case "IntLit":
        return intConst(this.repr(t, e.span), e.value);
      case "BoolLit":
        return i32(e.value ? 1 : 0);
      case "BytesLit":
        if (t.kind === "bytes32") return { k: "data", bytes: Uint8Array.from(Buffer.from(e.hex, "hex")) };
        if (t.kind === "bytes") return { k: "data", bytes: lengthPrefixed(Uint8Array.from(Buffer.from(e.hex, "hex"))) };
        throw new Unsupported(`a bytes literal of type ${describe(t)}`, e.span);
      case "PathExpr":
        return this.path(e, t);
      case "FieldExpr":
        return this.field(e);
      case "IndexExpr": {
        const place = this.storagePlace(e);
        if (place) {
          this.storable(place.repr, e.span);
          return { k: "sload", key: place.key, repr: place.repr };
        }
        return this.memberValue(e);
      }
      case "TupleIndexExpr":
        return this.memberValue(e);
      case "StringLit":
        return { k: "data", bytes: lengthPrefixed(new TextEncoder().encode(e.value)) };
      case "TupleLit":
        return this.aggregate(t, e.elems.map((x) => ({ value: x, member: undefined })), e.span);
      case "StructLit": {
        if (t.kind === "enum") {
          const ref = this.cx.program.resolved.structPaths.get(e.path);
          if (ref?.kind === "variant" && ref.variant.kind === "enum") return this.variantLit(e, t, ref.variant);
        }
        if (t.kind !== "struct") throw new Unsupported("this literal", e.span);
        return this.aggregate(t, e.fields.map((f) => ({ value: f.value, member: f.name.text })), e.span);
      }
      case "ArrayLit":
        return this.aggregate(t, e.elems.map((x) => ({ value: x, member: undefined })), e.span);
      case "ArrayRepeat": {
        if (t.kind !== "array") throw new Unsupported("this literal", e.span);
        const er = this.repr(prune(t.elem), e.span);
        const es = fixedSize(er);
        const v = this.tmp(valTy(er) ?? "i32", "v");
        const p = this.tmp("i32", "arr");
        const i = this.tmp("i32", "i");
        const l = this.loopLabels();
        const body: Stmt[] = [{ k: "set", local: p, value: { k: "alloc", size: i32(es * t.len) } }];
        if (er.kind !== "unit") body.push({ k: "set", local: v, value: this.expr(e.value) });
        else body.push(...this.effect(e.value));
        if (er.kind !== "unit" && t.len > 0) {
          const at: Expr = { k: "raw", op: "add", ty: "i32", a: { k: "get", local: p }, b: { k: "raw", op: "mul", ty: "i32", a: { k: "get", local: i }, b: i32(es) } };
          body.push({ k: "set", local: i, value: i32(0) }, { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
            { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: { k: "get", local: i }, b: i32(t.len) } },
            ...encodeStmts(at, 0, { k: "get", local: v }, er),
            { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: i }, b: i32(1) } },
            { k: "br", label: l.cont },
          ] }] });
        }
        return { k: "seq", body, value: { k: "get", local: p } };
      }
      case "UnaryExpr": {
        if (e.op === "!") {
          if (t.kind === "bool") return { k: "eqz", ty: "i32", a: this.expr(e.operand) };
          return { k: "not", int: this.intOf(t, e.span), a: this.expr(e.operand) };
        }
        // -x is 0 - x, checked (so -MIN overflows).
        if (e.operand.kind === "IntLit") return intConst(this.repr(t, e.span), -e.operand.value);
        return { k: "arith", op: "sub", int: this.intOf(t, e.span), a: intConst(this.repr(t, e.span), 0n), b: this.expr(e.operand) };
      }
      case "BinaryExpr":
        return this.binary(e.op, this.typeOf(e.left), this.expr(e.left), () => this.expr(e.right), this.typeOf(e.right), e.span);
      case "CastExpr": {
        const from = this.typeOf(e.expr);
        const v = this.expr(e.expr);
        if (from.kind === "int" && t.kind === "int") {
          if (from.bits === t.bits && from.signed === t.signed) return v;
          return { k: "cast", from: { signed: from.signed, bits: from.bits }, to: { signed: t.signed, bits: t.bits }, a: v };
        }
        // address ↔ bytes32 and u256 ↔ bytes32 share the 32-byte representation.
        return v;
      }
      case "CallExpr":
      case "MethodCallExpr": {
        const c = this.call(e);
        if (!c) throw new Unsupported("a unit value", e.span);
        return c;
      }
      case "IfExpr": {
        const ty = this.valTyOf(t, e.span);
        if (!ty || !e.else) throw new Unsupported("this `if` expression", e.span);
        return { k: "ifx", ty, cond: this.expr(e.cond), then: this.blockValue(e.then), else: e.else.kind === "IfExpr" ? this.expr(e.else) : this.blockValue(e.else) };
      }
      case "BlockExpr":
        return this.blockValue(e.block);
      case "MatchExpr": {
        const m = this.matchStmts(e, true);
        return { k: "seq", body: m.body, value: { k: "get", local: m.res } };
      }
      case "TryExpr": {
        const c = e.expr.kind === "MethodCallExpr" ? this.call(e.expr) : undefined;
        if (!c) throw new Unsupported("this `try`", e.span);
        return c;
      }
      default:
        throw new Unsupported(`this expression (${e.kind})`, e.span);
    }
  }

  private blockValue(b: A.Block): Expr {
    if (!b.tail) throw new Unsupported("a block without a value", b.span);
    const body: Stmt[] = [];
    for (const s of b.stmts) body.push(...this.stmt(s));
    const value = this.expr(b.tail);
    return body.length ? { k: "seq", body, value } : value;
  }

  private path(e: A.PathExpr, t: Type): Expr {
    const ref = this.cx.program.resolved.values.get(e);
    if (ref?.kind === "local") {
      const idx = this.localIds.get(ref.local);
      if (idx === undefined) throw new Unsupported("this variable", e.span);
      return { k: "get", local: idx };
    }
    if (ref?.kind === "variant" && ref.variant.kind === "option" && ref.variant.name === "None") {
      // A fresh zeroed buffer: tag 0.
      return { k: "alloc", size: i32(fixedSize(this.repr(t, e.span))) };
    }
    if (ref?.kind === "variant" && ref.variant.kind === "enum") return this.makeVariant(t, ref.variant.index, [], e.span);
    if ((ref?.kind === "item" || ref?.kind === "member") && ref.sym.kind === "const") {
      const v = constValue(ref.sym.decl.value);
      if (v === undefined) throw new Unsupported("this constant", e.span);
      if (typeof v === "boolean") return i32(v ? 1 : 0);
      return intConst(this.repr(t, e.span), v);
    }
    throw new Unsupported("this name as a value", e.span);
  }

  /** `v.push(x)` / `v.pop()` on a vector in memory: a fresh copy one item longer or shorter. */
  private vecOp(e: A.MethodCallExpr, name: "push" | "pop", t: Type & { kind: "vec" }): Expr {
    const er = this.repr(prune(t.elem), e.span);
    const es = fixedSize(er);
    const ty = valTy(er)!;
    const get = (l: number): Expr => ({ k: "get", local: l });
    const add = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "add", ty: "i32", a, b });
    const mul = (a: Expr, b: number): Expr => (b === 1 ? a : { k: "raw", op: "mul", ty: "i32", a, b: i32(b) });
    const o = this.tmp("i32", "old"), n = this.tmp("i32", "n"), c = this.tmp("i32", "vec");
    if (name === "push") {
      const x = this.tmp(ty, "x");
      const pre: Stmt[] = [{ k: "set", local: x, value: this.expr(e.args[0]!) }];
      const write = this.writeInto(e.receiver, (old) => ({ k: "seq", body: [
        { k: "set", local: o, value: old() },
        { k: "set", local: n, value: { k: "load", ty: "i32", width: 4, signed: false, ptr: get(o), offset: 0 } },
        // A count that no longer fits u32 cannot be reached: memory runs out first.
        { k: "set", local: c, value: { k: "alloc", size: add(mul(add(get(n), i32(1)), es), i32(4)) } },
        { k: "copy", dst: get(c), src: get(o), len: add(mul(get(n), es), i32(4)) },
        { k: "store", width: 4, ty: "i32", ptr: get(c), offset: 0, value: add(get(n), i32(1)) },
        ...encodeStmts(add(add(get(c), i32(4)), mul(get(n), es)), 0, get(x), er),
      ], value: get(c) }));
      return { k: "seq", body: [...pre, ...write], value: i32(0) };
    }
    // pop → Option<T>: tag ‖ item.
    const opt = this.tmp("i32", "opt");
    const write = this.writeInto(e.receiver, (old) => ({ k: "seq", body: [
      { k: "set", local: o, value: old() },
      { k: "set", local: n, value: { k: "load", ty: "i32", width: 4, signed: false, ptr: get(o), offset: 0 } },
      { k: "set", local: c, value: get(o) },
      { k: "if", cond: get(n), then: [
        { k: "set", local: n, value: { k: "raw", op: "sub", ty: "i32", a: get(n), b: i32(1) } },
        { k: "set", local: c, value: { k: "alloc", size: add(mul(get(n), es), i32(4)) } },
        { k: "copy", dst: get(c), src: get(o), len: add(mul(get(n), es), i32(4)) },
        { k: "store", width: 4, ty: "i32", ptr: get(c), offset: 0, value: get(n) },
        { k: "store", width: 1, ty: "i32", ptr: get(opt), offset: 0, value: i32(1) },
        { k: "copy", dst: add(get(opt), i32(1)), src: add(add(get(o), i32(4)), mul(get(n), es)), len: i32(es) },
      ], else: [] },
    ], value: get(c) }));
    return { k: "seq", body: [{ k: "set", local: opt, value: { k: "alloc", size: i32(1 + es) } }, ...write], value: get(opt) };
  }

  /** The value of a tuple / struct / array member (array indices bounds-checked). */
  private memberValue(e: A.Expr): Expr {
    const m = this.member(e);
    if (!m) throw new Unsupported(e.kind === "IndexExpr" ? "indexing this value" : "this field access", e.span);
    const base = this.tmp("i32", "base");
    const body: Stmt[] = [{ k: "set", local: base, value: this.expr(m.parent) }];
    const ptr = m.at({ k: "get", local: base }, body);
    if (m.repr.kind === "unit") return { k: "seq", body, value: i32(0) };
    return { k: "seq", body, value: decodeExpr(ptr, 0, m.repr) };
  }

  /** A tuple, struct or array literal: members evaluated in source order, then stored in layout order. */
  private aggregate(t: Type, elems: { value: A.Expr; member: string | undefined }[], span: A.Span): Expr {
    let slots: { offset: number; repr: Repr }[];
    let size: number;
    let header = false;
    if (t.kind === "vec") {
      const er = this.repr(prune(t.elem), span);
      slots = elems.map((_, i) => ({ offset: 4 + i * fixedSize(er), repr: er }));
      size = 4 + fixedSize(er) * elems.length;
      header = true;
    } else if (t.kind === "array") {
      const er = this.repr(prune(t.elem), span);
      slots = elems.map((_, i) => ({ offset: i * fixedSize(er), repr: er }));
      size = fixedSize(er) * t.len;
    } else {
      const ms = this.members(t, span);
      slots = elems.map((x, i) => {
        const m = x.member === undefined ? ms[i] : ms.find((y) => y.name === x.member);
        if (!m) throw new Unsupported("this literal", span);
        return m;
      });
      size = ms.reduce((n, m) => n + fixedSize(m.repr), 0);
    }
    const body: Stmt[] = [];
    const temps = elems.map((x, i) => {
      const ty = valTy(slots[i]!.repr);
      if (!ty) {
        body.push(...this.effect(x.value));
        return -1;
      }
      const l = this.tmp(ty, "el");
      body.push({ k: "set", local: l, value: this.expr(x.value) });
      return l;
    });
    const p = this.tmp("i32", "agg");
    body.push({ k: "set", local: p, value: { k: "alloc", size: i32(size) } });
    if (header) body.push({ k: "store", width: 4, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: i32(elems.length) });
    temps.forEach((l, i) => {
      if (l >= 0) body.push(...encodeStmts({ k: "get", local: p }, slots[i]!.offset, { k: "get", local: l }, slots[i]!.repr));
    });
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  private hostWord(name: string): Expr {
    const p = this.tmp("i32", "w");
    return { k: "seq", body: [{ k: "set", local: p, value: { k: "alloc", size: i32(32) } }, { k: "do", e: { k: "host", name, args: [{ k: "get", local: p }] } }], value: { k: "get", local: p } };
  }

  private field(e: A.FieldExpr): Expr {
    const name = e.field.text;
    if (e.target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(e.target);
      if (ref?.kind === "builtin") {
        const key = `${ref.name}.${name}`;
        switch (key) {
          case "msg.sender": return this.hostWord("caller");
          case "msg.value": return this.hostWord("value");
          case "tx.origin": return this.hostWord("origin");
          case "block.height": return { k: "host", name: "block_height", args: [] };
          case "block.time": return { k: "host", name: "block_time", args: [] };
          case "chain.id": return { k: "host", name: "chain_id", args: [] };
          case "address.zero": return { k: "alloc", size: i32(32) };
        }
      }
    }
    if (e.target.kind === "SelfExpr") {
      if (name === "address") return this.hostWord("self_address");
      if (name === "balance") {
        const p = this.tmp("i32", "bal");
        return { k: "seq", body: [
          { k: "set", local: p, value: { k: "alloc", size: i32(32) } },
          { k: "do", e: { k: "host", name: "balance_of", args: [this.hostWord("self_address"), { k: "get", local: p }] } },
        ], value: { k: "get", local: p } };
      }
      const place = this.storagePlace(e);
      if (place) {
        this.storable(place.repr, e.span);
        return { k: "sload", key: place.key, repr: place.repr };
      }
      throw new Unsupported("this field access", e.span);
    }
    return this.memberValue(e);
  }

  /** `l op r` where `l` has type `lt` (the right operand is lowered lazily: `&&`, `||`). */
  binary(op: A.BinaryOp, lt: Type, l: Expr, r: () => Expr, rt: Type, span: A.Span): Expr {
    switch (op) {
      case "&&":
        return { k: "ifx", ty: "i32", cond: l, then: r(), else: i32(0) };
      case "||":
        return { k: "ifx", ty: "i32", cond: l, then: i32(1), else: r() };
      case "+": case "-": case "*": case "/": case "%": {
        const ops = { "+": "add", "-": "sub", "*": "mul", "/": "div", "%": "rem" } as const;
        return { k: "arith", op: ops[op], int: this.intOf(lt, span), a: l, b: r() };
      }
      case "==": case "!=": case "<": case "<=": case ">": case ">=": {
        const ops = { "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge" } as const;
        return { k: "cmp", op: ops[op], repr: this.repr(lt, span), a: l, b: r() };
      }
      case "&": case "|": case "^": {
        const ops = { "&": "and", "|": "or", "^": "xor" } as const;
        return { k: "bits", op: ops[op], repr: this.repr(lt, span), a: l, b: r() };
      }
      case "<<": case ">>":
        return this.shift(op, this.intOf(lt, span), l, r(), this.repr(rt, span), span);
    }
  }

  /** Shifts by an amount ≥ the width give 0 (or the sign for `>>` of a negative value). */
  private shift(op: "<<" | ">>", int: IntKind, x: Expr, amt: Expr, amtRepr: Repr, span: A.Span): Expr {
    if (int.bits > 64 || amtRepr.kind !== "scalar") throw new Unsupported("shifts of 128/256-bit integers or by them", span);
    const ty: ValTy = int.bits === 64 ? "i64" : "i32";
    const xl = this.tmp(ty, "x");
    const al = this.tmp(amtRepr.ty, "amt");
    const a: Expr = { k: "get", local: al };
    const X: Expr = { k: "get", local: xl };
    const tooFar: Expr = { k: "raw", op: "ge_u", ty: amtRepr.ty, a, b: { k: "const", ty: amtRepr.ty, value: BigInt(int.bits) } };
    const amtT: Expr = amtRepr.ty === ty ? a : amtRepr.ty === "i64" ? { k: "conv", op: "wrap", a } : { k: "conv", op: "extend_u", a };
    let shifted: Expr;
    let far: Expr;
    if (op === "<<") {
      shifted = normalize({ k: "raw", op: "shl", ty, a: X, b: amtT }, int);
      far = { k: "const", ty, value: 0n };
    } else {
      shifted = { k: "raw", op: int.signed ? "shr_s" : "shr_u", ty, a: X, b: amtT };
      far = int.signed ? { k: "raw", op: "shr_s", ty, a: X, b: { k: "const", ty, value: ty === "i64" ? 63n : 31n } } : { k: "const", ty, value: 0n };
    }
    return { k: "seq", body: [{ k: "set", local: xl, value: x }, { k: "set", local: al, value: amt }], value: { k: "ifx", ty, cond: tooFar, then: far, else: shifted } };
  }

  // ── enums, Option, Result ───────────────────────────────────────────────────────────────
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
    throw new Unsupported(`variants of ${describe(t)}`, span);
  }

  /** The tag of a variant. */
  private tagOf(v: VariantRef): number {
    if (v.kind === "option") return v.name === "Some" ? 1 : 0;
    if (v.kind === "result") return v.name === "Ok" ? 0 : 1;
    return v.index;
  }

  /** The tag of a value of an enum / Option / Result type (a pure expression when `v` is). */
  private tagValue(v: Expr, r: Repr): Expr {
    return r.kind === "scalar" ? v : { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 };
  }

  /** Builds a variant: payload values evaluated in order (`values`), then tag ‖ payload written to a fresh buffer. */
  private makeVariant(t: Type, tag: number, values: (A.Expr | undefined)[], span: A.Span): Expr {
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
      if (l >= 0) body.push(...encodeStmts({ k: "get", local: p }, off, { k: "get", local: l }, pr));
      off += fixedSize(pr);
    }
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  /** `Shape::Rect { w: 1, h: 2 }`: fields evaluated in source order, laid out in declaration order. */
  private variantLit(e: A.StructLit, t: Type, v: VariantRef & { kind: "enum" }): Expr {
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
      if (l !== undefined) body.push(...encodeStmts({ k: "get", local: p }, off, { k: "get", local: l }, pr));
      off += fixedSize(pr);
    });
    return { k: "seq", body, value: { k: "get", local: p } };
  }

  /**
   * The test of a pattern against `v` (a pure expression of type `t`): a condition (undefined:
   * always matches), with the bindings it makes pushed to `binds` (run only once it matched).
   */
  private pattern(p: A.Pattern, v: Expr, t: Type, binds: Stmt[]): Expr | undefined {
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
        throw new Unsupported("a string pattern", p.span);
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
  private matchStmts(e: A.MatchExpr, value: boolean): { body: Stmt[]; res: number } {
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

  // ── external calls ──────────────────────────────────────────────────────────────────────
  /**
   * `I(addr).f(args) with { gas, value }`: the callee's selector ‖ the arguments' encoding, host
   * `call`; a plain call reverts with the callee's revert data on failure, `try` gives
   * `Result<T, CallError>` (Err carries the status: 1 reverted, 2 failed or bad return data).
   */
  private external(e: A.MethodCallExpr, target: { fn: A.FnDecl; gas?: A.Expr; value?: A.Expr; isTry: boolean }): Expr | undefined {
    const fn = target.fn;
    const ptypes = fn.params.map((p) => {
      const t = this.cx.program.typeExprs.get(p.type);
      if (!t) throw new Unsupported("this parameter type", p.span);
      return prune(t);
    });
    const sel = selector(signature(fn.name.text, ptypes.map((t, i) => abiTypeOrThrow(t, fn.params[i]!.span, this.structFields))));
    const ret: Type = fn.returnType ? prune(this.cx.program.typeExprs.get(fn.returnType)!) : { kind: "tuple", elems: [] };
    const rr = this.abiRepr(ret, e.span);
    const out: Stmt[] = [];
    const addr = this.tmp("i32", "callee");
    out.push({ k: "set", local: addr, value: this.expr(e.receiver) });
    const buf = this.encodeFields(e.args.map((a, i) => ({ value: a, type: ptypes[i]!, span: a.span })), out, 4);
    out.push({ k: "copy", dst: { k: "get", local: buf.ptr }, src: { k: "data", bytes: sel }, len: i32(4) });
    const val = this.tmp("i32", "value");
    out.push({ k: "set", local: val, value: target.value ? this.expr(target.value) : { k: "alloc", size: i32(32) } });
    const gas = this.tmp("i64", "gas");
    out.push({ k: "set", local: gas, value: target.gas ? this.expr(target.gas) : { k: "host", name: "gas_left", args: [] } });
    const status = this.tmp("i32", "status");
    out.push({ k: "set", local: status, value: { k: "host", name: "call", args: [{ k: "get", local: addr }, { k: "get", local: buf.ptr }, buf.size, { k: "get", local: val }, { k: "get", local: gas }] } });
    // The return data (ok) or revert data, read whole.
    const rlen = this.tmp("i32", "rlen"), rbuf = this.tmp("i32", "rbuf");
    const G = (l: number): Expr => ({ k: "get", local: l });
    out.push(
      { k: "set", local: rlen, value: { k: "host", name: "returndata_size", args: [] } },
      { k: "set", local: rbuf, value: { k: "alloc", size: G(rlen) } },
      { k: "do", e: { k: "host", name: "returndata_read", args: [G(rbuf), i32(0), G(rlen)] } },
    );
    const rty = valTy(rr);
    const rv = rty ? this.tmp(rty, "ret") : -1;
    const n = this.labelSeq++;
    const dec = `dec${n}`;
    const badPlain = () => revertError(this, new TextEncoder().encode(MSG_BAD_RETURN));
    const badTry = (): Stmt[] => [{ k: "set", local: status, value: i32(2) }, { k: "br", label: dec }];
    const decode = this.decodeWhole(G(rbuf), G(rlen), ret, rr, rv, target.isTry ? badTry : badPlain, e.span);
    if (!target.isTry) {
      out.push({ k: "if", cond: G(status), then: [{ k: "revert", ptr: G(rbuf), len: G(rlen) }], else: [] }, ...decode);
      return { k: "seq", body: out, value: rty ? G(rv) : i32(0) };
    }
    // try: Result<T, CallError> = tag ‖ max(T, 1 status byte).
    const resT: Type = { kind: "result", ok: ret, err: { kind: "callError" } };
    const r = this.repr(resT, e.span);
    const p = this.tmp("i32", "res");
    out.push(
      { k: "block", label: dec, body: [{ k: "if", cond: G(status), then: [{ k: "br", label: dec }], else: [] }, ...decode] },
      { k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(r)) } },
      { k: "if", cond: G(status), then: [
        { k: "store", width: 1, ty: "i32", ptr: G(p), offset: 0, value: i32(1) },
        { k: "store", width: 1, ty: "i32", ptr: G(p), offset: 1, value: { k: "ifx", ty: "i32", cond: { k: "raw", op: "eq", ty: "i32", a: G(status), b: i32(1) }, then: i32(1), else: i32(2) } },
      ], else: rty ? encodeStmts(G(p), 1, G(rv), rr) : [] },
    );
    return { k: "seq", body: out, value: G(p) };
  }

  /**
   * Strictly decodes one value that must fill `len` bytes at `ptr` into local `dst` (-1 for unit),
   * running `bad` when the bytes are no valid encoding.
   */
  private decodeWhole(ptr: Expr, len: Expr, t: Type, r: Repr, dst: number, bad: () => Stmt[], span: A.Span): Stmt[] {
    const ne = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "ne", ty: "i32", a, b });
    if (r.kind === "unit") return [{ k: "if", cond: len, then: bad(), else: [] }];
    if (r.kind === "scalar" || (r.kind === "mem" && !r.tags)) {
      return [
        { k: "if", cond: ne(len, i32(r.size)), then: bad(), else: [] },
        { k: "set", local: dst, value: decodeExpr(ptr, 0, r) },
        ...this.validateBools({ k: "get", local: dst }, t, r, bad, span),
      ];
    }
    if (r.kind === "mem") {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr, offset: 0 };
      return [
        { k: "if", cond: { k: "eqz", ty: "i32", a: len }, then: bad(), else: [] },
        { k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: tag, b: i32(r.tags!.length) }, then: bad(), else: [] },
        { k: "if", cond: ne(len, taggedSize(tag, r.tags!)), then: bad(), else: [] },
        { k: "set", local: dst, value: { k: "alloc", size: i32(r.size) } },
        { k: "copy", dst: { k: "get", local: dst }, src: ptr, len },
        ...this.validateBools({ k: "get", local: dst }, t, r, bad, span),
      ];
    }
    // bytes / string / Vec<T>: u32 count ‖ items filling the rest exactly.
    const n: Expr = { k: "load", ty: "i32", width: 4, signed: false, ptr, offset: 0 };
    const body: Stmt[] = [
      { k: "if", cond: { k: "raw", op: "lt_u", ty: "i32", a: len, b: i32(4) }, then: bad(), else: [] },
      { k: "if", cond: ne({ k: "raw", op: "sub", ty: "i32", a: len, b: i32(4) }, r.unit === 1 ? n : { k: "raw", op: "mul", ty: "i32", a: n, b: i32(r.unit) }), then: bad(), else: [] },
    ];
    if (r.unit > 1) body.push({ k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: n, b: { k: "raw", op: "div_u", ty: "i32", a: len, b: i32(r.unit) } }, then: bad(), else: [] });
    const items: Expr = { k: "raw", op: "add", ty: "i32", a: ptr, b: i32(4) };
    if (r.str) body.push({ k: "if", cond: { k: "eqz", ty: "i32", a: { k: "utf8", ptr: items, len: n } }, then: bad(), else: [] });
    if (t.kind === "vec") body.push(...this.validateItems(items, n, prune(t.elem), r.unit, bad, span));
    body.push({ k: "set", local: dst, value: ptr });
    return body;
  }

  // ── calls ───────────────────────────────────────────────────────────────────────────────
  /** A call; undefined result type means it returns nothing (the Expr still runs). */
  call(e: A.CallExpr | A.MethodCallExpr): Expr | undefined {
    const target = this.cx.program.calls.get(e);
    if (!target) throw new Unsupported("this call", e.span);
    switch (target.kind) {
      case "free":
        return { k: "call", fn: fnNameFor(this.cx, target.decl, "free"), args: e.args.map((a) => this.expr(a)) };
      case "self":
        return { k: "call", fn: fnNameFor(this.cx, target.fn.decl, target.fn.owner), args: e.args.map((a) => this.expr(a)) };
      case "builtin":
        return this.builtin(target.name, e);
      case "variant":
        if (target.variant.kind === "option" && target.variant.name === "Some") {
          const t = this.typeOf(e);
          const r = this.repr(t, e.span);
          const ir = this.repr(prune((t as { kind: "option"; inner: Type }).inner), e.span);
          const p = this.tmp("i32", "opt");
          const x = valTy(ir) && this.tmp(valTy(ir)!, "x");
          const body: Stmt[] = x !== undefined ? [{ k: "set", local: x, value: this.expr(e.args[0]!) }] : this.effect(e.args[0]!);
          body.push({ k: "set", local: p, value: { k: "alloc", size: i32(fixedSize(r)) } }, { k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: i32(1) });
          if (x !== undefined) body.push(...encodeStmts({ k: "get", local: p }, 1, { k: "get", local: x }, ir));
          return { k: "seq", body, value: { k: "get", local: p } };
        }
        if (target.variant.kind === "result" || target.variant.kind === "enum") {
          return this.makeVariant(this.typeOf(e), this.tagOf(target.variant), e.args, e.span);
        }
        throw new Unsupported("this variant", e.span);
      case "interfaceCast":
        return this.expr(e.args[0]!);
      case "external":
        return this.external(e as A.MethodCallExpr, target);
      case "method":
        return this.method(e as A.MethodCallExpr, target.name);
      default:
        throw new Unsupported(`${(target as { kind: string }).kind} calls`, e.span);
    }
  }

  private builtin(name: string, e: A.CallExpr | A.MethodCallExpr): Expr {
    const args = e.args.map((a) => this.expr(a));
    switch (name) {
      case "gas.left":
        return { k: "host", name: "gas_left", args: [] };
      case "balance": {
        const p = this.tmp("i32", "bal");
        return { k: "seq", body: [{ k: "set", local: p, value: { k: "alloc", size: i32(32) } }, { k: "do", e: { k: "host", name: "balance_of", args: [args[0]!, { k: "get", local: p }] } }], value: { k: "get", local: p } };
      }
      case "transfer":
        return { k: "seq", body: [{ k: "if", cond: { k: "host", name: "transfer", args }, then: revertError(this, new TextEncoder().encode("silk: transfer failed")), else: [] }], value: i32(0) };
      case "sha256": case "keccak256": case "blake3": {
        const at = this.typeOf(e.args[0]!);
        const p = this.tmp("i32", "h");
        const alloc: Stmt = { k: "set", local: p, value: { k: "alloc", size: i32(32) } };
        if (at.kind === "bytes" || at.kind === "string") {
          const b = this.tmp("i32", "b");
          const B: Expr = { k: "get", local: b };
          return { k: "seq", body: [{ k: "set", local: b, value: args[0]! }, alloc, { k: "do", e: { k: "host", name, args: [
            { k: "raw", op: "add", ty: "i32", a: B, b: i32(4) }, { k: "load", ty: "i32", width: 4, signed: false, ptr: B, offset: 0 }, { k: "get", local: p }] } }], value: { k: "get", local: p } };
        }
        if (at.kind !== "bytes32") throw new Unsupported(`${name} of ${describe(at)}`, e.span);
        return { k: "seq", body: [alloc, { k: "do", e: { k: "host", name, args: [args[0]!, i32(32), { k: "get", local: p }] } }], value: { k: "get", local: p } };
      }
      case "ed25519_verify": {
        // ed25519_verify(pubkey: bytes32, message, signature) → bool under the host's pinned
        // rule; a signature that is not exactly 64 bytes is simply not valid (no host call).
        const pk = this.tmp("i32", "pk");
        const msg = this.byteSlice(e.args[1]!, args[1]!);
        const sig = this.byteSlice(e.args[2]!, args[2]!);
        return { k: "seq", body: [{ k: "set", local: pk, value: args[0]! }, ...msg.setup, ...sig.setup], value: {
          k: "ifx", ty: "i32",
          cond: { k: "raw", op: "eq", ty: "i32", a: sig.len, b: i32(64) },
          then: { k: "host", name: "ed25519_verify", args: [{ k: "get", local: pk }, msg.ptr, msg.len, sig.ptr] },
          else: i32(0),
        } };
      }
      default:
        throw new Unsupported(`the built-in \`${name}\``, e.span);
    }
  }

  /** The bytes of a `bytes`/`string` (u32 length + data) or `bytes32` value, as pointer and length. */
  private byteSlice(src: A.Expr, value: Expr): { setup: Stmt[]; ptr: Expr; len: Expr } {
    const t = this.typeOf(src);
    const v = this.tmp("i32", "bs");
    const V: Expr = { k: "get", local: v };
    const setup: Stmt[] = [{ k: "set", local: v, value }];
    if (t.kind === "bytes32") return { setup, ptr: V, len: i32(32) };
    if (t.kind === "bytes" || t.kind === "string") {
      return { setup, ptr: { k: "raw", op: "add", ty: "i32", a: V, b: i32(4) }, len: { k: "load", ty: "i32", width: 4, signed: false, ptr: V, offset: 0 } };
    }
    throw new Unsupported(`a byte string of type ${describe(t)}`, src.span);
  }

  private method(e: A.MethodCallExpr, name: string): Expr {
    const rt = this.typeOf(e.receiver);
    if ((name === "contains" || name === "remove") && rt.kind === "map") {
      // The entry's storage key, as for `m[k]`; a nested map or vector value has entries under
      // longer keys that one removal would not reach, so those are left to a later version.
      const vt = prune(rt.value);
      if (name === "remove" && (vt.kind === "map" || vt.kind === "vec")) throw new Unsupported(`\`remove\` of a ${describe(vt)} entry`, e.span);
      const place = this.storagePlace({ kind: "IndexExpr", target: e.receiver, index: e.args[0]!, span: e.span });
      if (!place) throw new Unsupported(`\`${name}\` on this map`, e.span);
      if (name === "contains") return { k: "shas", key: place.key };
      return { k: "seq", body: [{ k: "sremove", key: place.key }], value: i32(0) };
    }
    if (rt.kind === "int") {
      const int = this.intOf(rt, e.span);
      if (/^(wrapping|saturating)_(add|sub|mul)$/.test(name)) {
        return { k: "intop", op: name as IntOp, int, a: this.expr(e.receiver), b: this.expr(e.args[0]!) };
      }
      const m = /^checked_(add|sub|mul|div)$/.exec(name);
      if (m) {
        // Option<T>: tag byte ‖ T; the tag is the runtime's ok flag, the value written only when ok.
        const r = this.repr(rt, e.span);
        const p = this.tmp("i32", "opt");
        const a = this.tmp(valTy(r)!, "a"), b = this.tmp(valTy(r)!, "b");
        return { k: "seq", body: [
          { k: "set", local: a, value: this.expr(e.receiver) },
          { k: "set", local: b, value: this.expr(e.args[0]!) },
          { k: "set", local: p, value: { k: "alloc", size: i32(1 + fixedSize(r)) } },
          { k: "store", width: 1, ty: "i32", ptr: { k: "get", local: p }, offset: 0, value: { k: "checked", op: m[1] as CheckedOp, int,
            dst: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: p }, b: i32(1) }, a: { k: "get", local: a }, b: { k: "get", local: b } } },
        ], value: { k: "get", local: p } };
      }
    }
    if (name === "len") {
      if (rt.kind === "array") return { k: "seq", body: this.effect(e.receiver), value: i32(rt.len) };
      if (rt.kind === "bytes" || rt.kind === "string" || rt.kind === "vec") {
        const sv = this.storageVec(e.receiver);
        if (sv) return { k: "sload", key: sv.lenKey, repr: U32_REPR };
        return { k: "load", ty: "i32", width: 4, signed: false, ptr: this.expr(e.receiver), offset: 0 };
      }
    }
    if (rt.kind === "vec" && (name === "push" || name === "pop")) {
      const sv = this.storageVec(e.receiver);
      return sv ? this.storageVecOp(e, name, sv) : this.vecOp(e, name, rt);
    }
    if (rt.kind === "option") {
      const tag = (p: Expr): Expr => ({ k: "load", ty: "i32", width: 1, signed: false, ptr: p, offset: 0 });
      if (name === "is_some") return tag(this.expr(e.receiver));
      if (name === "is_none") return { k: "eqz", ty: "i32", a: tag(this.expr(e.receiver)) };
      if (name === "unwrap_or") {
        const ir = this.repr(prune(rt.inner), e.span);
        const ty = valTy(ir);
        if (!ty) throw new Unsupported("`unwrap_or` of a unit option", e.span);
        const p = this.tmp("i32", "opt"), d = this.tmp(ty, "dflt");
        return { k: "seq", body: [{ k: "set", local: p, value: this.expr(e.receiver) }, { k: "set", local: d, value: this.expr(e.args[0]!) }],
          value: { k: "ifx", ty, cond: tag({ k: "get", local: p }), then: decodeExpr({ k: "get", local: p }, 1, ir), else: { k: "get", local: d } } };
      }
    }
    if (rt.kind === "result" && (name === "is_ok" || name === "is_err")) {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr: this.expr(e.receiver), offset: 0 };
      return name === "is_err" ? tag : { k: "eqz", ty: "i32", a: tag };
    }
    throw new Unsupported(`the method \`${name}\``, e.span);
  }
}

export { errorData, i64 };

function lengthPrefixed(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length, true);
  out.set(b, 4);
  return out;
}

function normalize(v: Expr, int: IntKind): Expr {
  if (int.bits >= 32) return v;
  if (!int.signed) return { k: "raw", op: "and", ty: "i32", a: v, b: i32((1 << int.bits) - 1) };
  const sh = i32(32 - int.bits);
  return { k: "raw", op: "shr_s", ty: "i32", a: { k: "raw", op: "shl", ty: "i32", a: v, b: sh }, b: sh };
}

export function describe(t: Type): string {
  t = prune(t);
  switch (t.kind) {
    case "int": return `${t.signed ? "i" : "u"}${t.bits}`;
    case "struct": case "enum": case "interface": return t.name;
    default: return t.kind;
  }
}

export function abiTypeOrThrow(t: Type, span: A.Span, fields?: StructFields) {
  const a = abiTypeOf(t, fields);
  if (!a) throw new Unsupported(`the ABI type of ${describe(t)}`, span);
  return a;
}

/** Value of a constant expression made of literals and operators (enough for integer consts). */
function constValue(e: A.Expr): bigint | boolean | undefined {
  switch (e.kind) {
    case "IntLit": return e.value;
    case "BoolLit": return e.value;
    case "UnaryExpr": {
      const v = constValue(e.operand);
      return e.op === "-" && typeof v === "bigint" ? -v : e.op === "!" && typeof v === "boolean" ? !v : undefined;
    }
    case "BinaryExpr": {
      const a = constValue(e.left), b = constValue(e.right);
      if (typeof a !== "bigint" || typeof b !== "bigint") return undefined;
      switch (e.op) {
        case "+": return a + b;
        case "-": return a - b;
        case "*": return a * b;
        case "/": return b === 0n ? undefined : a / b;
        case "%": return b === 0n ? undefined : a % b;
        default: return undefined;
      }
    }
    default: return undefined;
  }
}

export type { IntType };
