// Lowering of places: assignment targets, members of tuples, structs, arrays and vectors,
// storage values and map entries, and storage and memory vectors' push/pop.

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, Repr, Stmt, StorageKey } from "./ast.js";
import { Unsupported } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, i32, storeSlot } from "./encode.js";
import { fixedSize, reprOf, valTy } from "./repr.js";
import { U32_REPR } from "./base.js";
import { CodecLowerer, vecItems, vecLen } from "./codec.js";
import { uniqueLocals } from "./unique.js";
import type { Local as SilkLocal } from "../resolve/ast.js";

export abstract class PlaceLowerer extends CodecLowerer {
  /** Locals whose elements are written in place (unique.ts); empty until `findUnique`. */
  private unique = new Set<SilkLocal>();

  /** Whether `local` holds an unshared array (see unique.ts). */
  protected isUnique(local: SilkLocal): boolean {
    return this.unique.has(local);
  }

  /** Finds the locals of `body` whose array is never aliased (see unique.ts). */
  protected findUnique(body: A.Block): void {
    this.unique = uniqueLocals(this.cx.program, body, (l) => {
      const t = prune(this.cx.program.localTypes.get(l)!);
      // Fixed arrays only: memory vectors have their own in-place rules (lower/vec.ts).
      if (t.kind !== "array") return false;
      return reprOf(prune(t.elem), this.structFields)?.kind === "scalar";
    });
  }

  /** Stores `compute(old)` into a place: a local, a storage value, or a member of one (copy, then write). */
  protected writeInto(target: A.Expr, compute: (old: () => Expr) => Expr): Stmt[] {
    if (target.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(target);
      if (ref?.kind !== "local") throw new Unsupported("this assignment target", target.span);
      const idx = this.localIds.get(ref.local)!;
      return [{ k: "set", local: idx, value: compute(() => ({ k: "get", local: idx })) }];
    }
    const sv = this.storageVec(target);
    if (sv) return this.storageVecAssign(sv, compute(() => this.storageVecValue(sv, target.span)), target.span);
    const place = this.storagePlace(target);
    if (place) {
      // Evaluate the key parts once.
      const pre: Stmt[] = [];
      const parts = place.key.parts.map((p) => {
        const l = this.tmp(valTy(p.repr)!, "key");
        pre.push({ k: "set", local: l, value: p.value });
        return { value: { k: "get", local: l } as Expr, repr: p.repr };
      });
      const key: StorageKey = { prefix: place.key.prefix, parts };
      return [...pre, ...this.sstoreValue(key, place.type, place.repr, compute(() => this.sloadValue(key, place.type, place.repr, target.span)), target.span)];
    }
    const m = this.member(target);
    if (!m) throw new Unsupported("this assignment target", target.span);
    if (m.parent.kind === "PathExpr") {
      const ref = this.cx.program.resolved.values.get(m.parent);
      if (ref?.kind === "local" && this.unique.has(ref.local)) {
        // An unshared buffer: write the element in place (same evaluation order as below).
        const base = this.tmp("i32", "base");
        const body: Stmt[] = [{ k: "set", local: base, value: this.expr(m.parent) }];
        const ptr = m.at({ k: "get", local: base }, body);
        body.push(...encodeStmts(ptr, 0, compute(() => decodeExpr(ptr, 0, m.repr)), m.repr));
        return body;
      }
    }
    const pt = this.typeOf(m.parent);
    const pr = this.repr(pt, target.span);
    return this.writeInto(m.parent, (old) => {
      const c = this.tmp("i32", "copy");
      const o = this.tmp("i32", "old");
      const body: Stmt[] = [{ k: "set", local: o, value: old() }];
      if (pt.kind === "vec") {
        // A shallow copy: a new header over a new block holding the same item slots.
        const es = fixedSize(this.repr(prune(pt.elem), target.span));
        const d = this.tmp("i32", "data");
        const bytes: Expr = { k: "raw", op: "mul", ty: "i32", a: vecLen({ k: "get", local: o }), b: i32(es) };
        body.push(
          { k: "set", local: d, value: { k: "alloc", size: { k: "raw", op: "add", ty: "i32", a: bytes, b: i32(8) } } },
          { k: "store", width: 4, ty: "i32", ptr: { k: "get", local: d }, offset: 0, value: vecLen({ k: "get", local: o }) },
          { k: "store", width: 4, ty: "i32", ptr: { k: "get", local: d }, offset: 4, value: vecLen({ k: "get", local: o }) },
          { k: "copy", dst: { k: "raw", op: "add", ty: "i32", a: { k: "get", local: d }, b: i32(8) }, src: vecItems({ k: "get", local: o }), len: bytes },
          { k: "set", local: c, value: { k: "alloc", size: i32(8) } },
          { k: "store", width: 4, ty: "i32", ptr: { k: "get", local: c }, offset: 0, value: vecLen({ k: "get", local: o }) },
          { k: "store", width: 4, ty: "i32", ptr: { k: "get", local: c }, offset: 4, value: { k: "get", local: d } },
        );
      } else {
        // A shallow copy: pointer members keep pointing at their (immutable) values.
        const size = pr.kind === "mem" ? i32(pr.size) : encodedSize({ k: "get", local: o }, pr);
        body.push(
          { k: "set", local: c, value: { k: "alloc", size } },
          { k: "copy", dst: { k: "get", local: c }, src: { k: "get", local: o }, len: size },
        );
      }
      const ptr = m.at({ k: "get", local: c }, body);
      body.push(...storeSlot(ptr, 0, compute(() => decodeExpr(ptr, 0, m.repr)), m.repr));
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
      // bytes: u32 count ‖ bytes; a Vec: its header's len, items in its data block.
      const items = (base: Expr): Expr => (pt.kind === "vec" ? vecItems(base) : { k: "raw", op: "add", ty: "i32", a: base, b: i32(4) });
      return {
        parent: e.target, repr: er, at: (base, out) => {
          const i = this.index(e.index, { k: "load", ty: "i32", width: 4, signed: false, ptr: base, offset: 0 }, out);
          return { k: "raw", op: "add", ty: "i32", a: items(base), b: es === 1 ? i : { k: "raw", op: "mul", ty: "i32", a: i, b: i32(es) } };
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
    if (r.kind === "mem") {
      // A 128/256-bit index: any bit above the low 32 puts it past every length (< 2³²).
      const w = this.tmp("i32", "idx");
      const word = (o: number): Expr => ({ k: "load", ty: "i32", width: 4, signed: false, ptr: { k: "get", local: w }, offset: o });
      let hi: Expr = word(4);
      for (let o = 8; o < r.size; o += 4) hi = { k: "raw", op: "or", ty: "i32", a: hi, b: word(o) };
      const lo = this.tmp("i32", "lo");
      const lenE: Expr = typeof len === "number" ? i32(len) : len;
      out.push(
        { k: "set", local: w, value: this.expr(idx) },
        { k: "set", local: lo, value: word(0) },
        { k: "if", cond: { k: "raw", op: "or", ty: "i32", a: hi, b: { k: "raw", op: "ge_u", ty: "i32", a: { k: "get", local: lo }, b: lenE } }, then: [{ k: "panic", code: 0x32 }], else: [] },
      );
      return { k: "get", local: lo };
    }
    if (r.kind !== "scalar") throw new Unsupported("an index of this type", idx.span);
    const l = this.tmp(r.ty, "idx");
    out.push({ k: "set", local: l, value: this.expr(idx) });
    const lenE: Expr = typeof len === "number" ? { k: "const", ty: r.ty, value: BigInt(len) } : r.ty === "i64" ? { k: "conv", op: "extend_u", a: len } : len;
    out.push({ k: "if", cond: { k: "raw", op: "ge_u", ty: r.ty, a: { k: "get", local: l }, b: lenE }, then: [{ k: "panic", code: 0x32 }], else: [] });
    return r.ty === "i64" ? { k: "conv", op: "wrap", a: { k: "get", local: l } } : { k: "get", local: l };
  }

  // ── storage places ──────────────────────────────────────────────────────────────────────
  storagePlace(e: A.Expr): { key: StorageKey; repr: Repr; type: Type } | undefined {
    if (e.kind === "FieldExpr" && e.target.kind === "SelfExpr") {
      const f = this.view?.storage.get(e.field.text);
      const slot = f && this.cx.slots.get(f.decl);
      if (!slot || slot.type.kind === "vec") return undefined;
      return { key: { prefix: slot.key, parts: [] }, repr: this.storedRepr(slot.type, e.span), type: slot.type };
    }
    if (e.kind === "IndexExpr") {
      const sv = this.storageVec(e.target);
      if (sv) {
        const out: Stmt[] = [];
        const i = this.index(e.index, { k: "sload", key: sv.lenKey, repr: U32_REPR }, out);
        return { key: { prefix: sv.lenKey.prefix, parts: [{ value: { k: "seq", body: out, value: i }, repr: U32_REPR }] }, repr: this.repr(sv.elem, e.span), type: sv.elem };
      }
      const mt = this.typeOf(e.target);
      if (mt.kind !== "map") return undefined;
      const inner = this.storagePlace(e.target);
      if (!inner) return undefined;
      const kr = this.repr(prune(mt.key), e.index.span);
      return { key: { prefix: inner.key.prefix, parts: [...inner.key.parts, { value: this.expr(e.index), repr: kr }] }, repr: this.storedRepr(prune(mt.value), e.span), type: prune(mt.value) };
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

  /** A storage vector read whole into a memory Vec (each item read once, in order). */
  protected storageVecValue(sv: { lenKey: StorageKey; elem: Type }, span: A.Span): Expr {
    const er = this.repr(sv.elem, span);
    const es = fixedSize(er);
    const i = this.tmp("i32", "i");
    const nv = this.newVec({ k: "sload", key: sv.lenKey, repr: U32_REPR }, es);
    const I: Expr = { k: "get", local: i };
    const l = this.loopLabels();
    const itemKey: StorageKey = { prefix: sv.lenKey.prefix, parts: [{ value: I, repr: U32_REPR }] };
    return { k: "seq", body: [
      ...nv.body,
      { k: "set", local: i, value: i32(0) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: I, b: vecLen(nv.value) } },
        ...storeSlot({ k: "raw", op: "add", ty: "i32", a: vecItems(nv.value), b: { k: "raw", op: "mul", ty: "i32", a: I, b: i32(es) } }, 0, this.sloadValue(itemKey, sv.elem, er, span), er),
        { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: I, b: i32(1) } },
        { k: "br", label: l.cont },
      ] }] },
    ], value: nv.value };
  }

  /**
   * `self.v = w` for a storage vector: every item of w written, then the length. Items past the
   * new length keep their keys' old bytes, unreachable as after `pop` (docs/abi.md §9).
   */
  private storageVecAssign(sv: { lenKey: StorageKey; elem: Type }, value: Expr, span: A.Span): Stmt[] {
    const er = this.repr(sv.elem, span);
    const es = fixedSize(er);
    const w = this.tmp("i32", "vec"), i = this.tmp("i32", "i");
    const W: Expr = { k: "get", local: w }, I: Expr = { k: "get", local: i };
    const l = this.loopLabels();
    const itemKey: StorageKey = { prefix: sv.lenKey.prefix, parts: [{ value: I, repr: U32_REPR }] };
    return [
      { k: "set", local: w, value },
      { k: "set", local: i, value: i32(0) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: I, b: vecLen(W) } },
        ...this.sstoreValue(itemKey, sv.elem, er, decodeExpr({ k: "raw", op: "add", ty: "i32", a: vecItems(W), b: { k: "raw", op: "mul", ty: "i32", a: I, b: i32(es) } }, 0, er), span),
        { k: "set", local: i, value: { k: "raw", op: "add", ty: "i32", a: I, b: i32(1) } },
        { k: "br", label: l.cont },
      ] }] },
      { k: "sstore", key: sv.lenKey, repr: U32_REPR, value: vecLen(W) },
    ];
  }

  protected storageVecOp(e: A.MethodCallExpr, name: "push" | "pop", sv: { lenKey: StorageKey; elem: Type }): Expr {
    const er = this.repr(sv.elem, e.span);
    const n = this.tmp("i32", "n");
    const N: Expr = { k: "get", local: n };
    const itemKey: StorageKey = { prefix: sv.lenKey.prefix, parts: [{ value: N, repr: U32_REPR }] };
    if (name === "push") {
      const x = this.tmp(valTy(er)!, "x");
      return { k: "seq", body: [
        { k: "set", local: x, value: this.expr(e.args[0]!) },
        { k: "set", local: n, value: { k: "sload", key: sv.lenKey, repr: U32_REPR } },
        ...this.sstoreValue(itemKey, sv.elem, er, { k: "get", local: x }, e.span),
        { k: "sstore", key: sv.lenKey, repr: U32_REPR, value: { k: "arith", op: "add", int: { signed: false, bits: 32 }, a: N, b: i32(1) } },
      ], value: i32(0) };
    }
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
        ...storeSlot(O, 1, this.sloadValue(itemKey, sv.elem, er, e.span), er),
        { k: "sstore", key: sv.lenKey, repr: U32_REPR, value: N },
      ], else: [] },
    ], value: O };
  }

  /** A map's own repr is a placeholder (maps are never read whole); values need a real one. */
  private storedRepr(t: Type, span: A.Span): Repr {
    return t.kind === "map" ? { kind: "unit" } : this.repr(t, span);
  }

  /**
   * `v.push(x)` / `v.pop()` on a vector in memory. push: `#vec.grow` gives a header one item
   * longer (appending in place when it can, else over a doubled block), then the item is written
   * into its slot; pop: a header one item shorter over the same block, and the item as `Some`.
   */
  protected vecOp(e: A.MethodCallExpr, name: "push" | "pop", t: Type & { kind: "vec" }): Expr {
    const er = this.repr(prune(t.elem), e.span);
    const es = fixedSize(er);
    const get = (l: number): Expr => ({ k: "get", local: l });
    const add = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "add", ty: "i32", a, b });
    const mul = (a: Expr, b: number): Expr => (b === 1 ? a : { k: "raw", op: "mul", ty: "i32", a, b: i32(b) });
    const o = this.tmp("i32", "old"), n = this.tmp("i32", "n"), c = this.tmp("i32", "vec");
    if (name === "push") {
      const ty = valTy(er);
      const x = ty ? this.tmp(ty, "x") : -1;
      const pre: Stmt[] = ty ? [{ k: "set", local: x, value: this.expr(e.args[0]!) }] : this.effect(e.args[0]!);
      const write = this.writeInto(e.receiver, (old) => ({ k: "seq", body: [
        { k: "set", local: o, value: old() },
        { k: "set", local: n, value: vecLen(get(o)) },
        { k: "set", local: c, value: { k: "call", fn: this.vecGrow(), args: [get(o), i32(es)] } },
        ...(ty ? storeSlot(add(vecItems(get(c)), mul(get(n), es)), 0, get(x), er) : []),
      ], value: get(c) }));
      return { k: "seq", body: [...pre, ...write], value: i32(0) };
    }
    // pop → Option<T>: tag ‖ item slot.
    const opt = this.tmp("i32", "opt");
    const optSize = fixedSize(this.repr({ kind: "option", inner: prune(t.elem) } as Type, e.span));
    const write = this.writeInto(e.receiver, (old) => ({ k: "seq", body: [
      { k: "set", local: o, value: old() },
      { k: "set", local: n, value: vecLen(get(o)) },
      { k: "set", local: c, value: get(o) },
      { k: "if", cond: get(n), then: [
        { k: "set", local: n, value: { k: "raw", op: "sub", ty: "i32", a: get(n), b: i32(1) } },
        { k: "set", local: c, value: { k: "alloc", size: i32(8) } },
        { k: "store", width: 4, ty: "i32", ptr: get(c), offset: 0, value: get(n) },
        { k: "store", width: 4, ty: "i32", ptr: get(c), offset: 4, value: { k: "load", ty: "i32", width: 4, signed: false, ptr: get(o), offset: 4 } },
        { k: "store", width: 1, ty: "i32", ptr: get(opt), offset: 0, value: i32(1) },
        ...storeSlot(get(opt), 1, decodeExpr(add(vecItems(get(o)), mul(get(n), es)), 0, er), er),
      ], else: [] },
    ], value: get(c) }));
    return { k: "seq", body: [{ k: "set", local: opt, value: { k: "alloc", size: i32(optSize) } }, ...write], value: get(opt) };
  }

  /** The value of a tuple / struct / array member (array indices bounds-checked). */
  protected memberValue(e: A.Expr): Expr {
    const m = this.member(e);
    if (!m) throw new Unsupported(e.kind === "IndexExpr" ? "indexing this value" : "this field access", e.span);
    const base = this.tmp("i32", "base");
    const body: Stmt[] = [{ k: "set", local: base, value: this.expr(m.parent) }];
    const ptr = m.at({ k: "get", local: base }, body);
    if (m.repr.kind === "unit") return { k: "seq", body, value: i32(0) };
    return { k: "seq", body, value: decodeExpr(ptr, 0, m.repr) };
  }
}
