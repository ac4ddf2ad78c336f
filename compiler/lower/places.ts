// Lowering of places: assignment targets, members of tuples, structs, arrays and vectors,
// storage values and map entries, and storage and memory vectors' push/pop.

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, Repr, Stmt, StorageKey } from "./ast.js";
import { Unsupported } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, i32 } from "./encode.js";
import { fixedSize, valTy } from "./repr.js";
import { FnLowererBase, U32_REPR } from "./base.js";

export abstract class PlaceLowerer extends FnLowererBase {
  /** Stores `compute(old)` into a place: a local, a storage value, or a member of one (copy, then write). */
  protected writeInto(target: A.Expr, compute: (old: () => Expr) => Expr): Stmt[] {
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
  protected storable(r: Repr, span: A.Span): void {
    if (r.kind === "mem" && r.noncanon && !r.option) throw new Unsupported("storing values of this type", span);
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

  protected storageVecOp(e: A.MethodCallExpr, name: "push" | "pop", sv: { lenKey: StorageKey; elem: Type }): Expr {
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

  /** `v.push(x)` / `v.pop()` on a vector in memory: a fresh copy one item longer or shorter. */
  protected vecOp(e: A.MethodCallExpr, name: "push" | "pop", t: Type & { kind: "vec" }): Expr {
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
