// The canonical ABI encoding (docs/abi.md §2) of values whose in-memory layout is not their
// encoding: memory `Vec`s, and tuples / structs / arrays / tagged unions holding a pointer
// (`bytes`, `string`, `Vec`) or a tagged union. Simple values (repr.ts `isSimple`) keep the inline
// code of encode.ts; for every other type the lowering generates, once per contract and type,
// three IR functions (named `#size:…`, `#enc:…`, `#dec:…`):
//   size(v) → i32                 the encoding's byte length
//   enc(dst, v) → i32             writes the encoding at dst; returns the end
//   dec(at, end, out) → i32       strictly decodes a value from [at, end) into the slot at `out`
//                                 (repr.ts `fixedSize` bytes); returns the new cursor, 0 if the
//                                 bytes are no valid encoding (0 is never a heap address)
// Helper functions can call each other (and themselves, for a struct holding a Vec of itself).
// Everything that stores, compares, hashes or sends such a value goes through these.

import type * as A from "../ast/ast.js";
import { prune, type Type } from "../check/types.js";
import type { Expr, Repr, Stmt, StorageKey } from "./ast.js";
import { Unsupported, type LowerContext } from "./context.js";
import { decodeExpr, encodedSize, encodeStmts, i32, storeSlot, taggedSize } from "./encode.js";
import { fixedSize, isSimple } from "./repr.js";
import { FnLowererBase } from "./base.js";
import type { SelfView } from "../resolve/ast.js";

/** Most items of zero-size type a decoded Vec may hold (stdlib/abi MAX_ZERO_SIZED_ITEMS). */
const MAX_ZERO_SIZED_ITEMS = 1 << 16;
/** Deepest composite nesting a decoded value may have (stdlib/abi MAX_DEPTH). */
const MAX_DEPTH = 128;
/** The depth given to decoders of stored values: they were written by this contract. */
const UNLIMITED_DEPTH: Expr = i32(-(1 << 30));

type LowererCtor = new (cx: LowerContext, view: SelfView | undefined) => CodecLowerer;

const get = (l: number): Expr => ({ k: "get", local: l });
const add = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "add", ty: "i32", a, b });
const sub = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "sub", ty: "i32", a, b });
const mul = (a: Expr, n: number): Expr => (n === 1 ? a : { k: "raw", op: "mul", ty: "i32", a, b: i32(n) });
const load32 = (ptr: Expr, offset = 0): Expr => ({ k: "load", ty: "i32", width: 4, signed: false, ptr, offset });
const store32 = (ptr: Expr, value: Expr, offset = 0): Stmt => ({ k: "store", width: 4, ty: "i32", ptr, offset, value });
const ltU = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "lt_u", ty: "i32", a, b });

/** A memory Vec's length and the address of its first item slot (lower/ast.ts `vec`). */
export const vecLen = (h: Expr): Expr => load32(h, 0);
export const vecItems = (h: Expr): Expr => add(load32(h, 4), i32(8));

export abstract class CodecLowerer extends FnLowererBase {
  // ── what the rest of lowering calls ───────────────────────────────────────────────────────
  /** The canonical encoding's byte length of `v` (a pure expression) of type `t`. */
  encSize(v: Expr, t: Type, span: A.Span): Expr {
    const r = this.repr(t, span);
    if (isSimple(r)) return encodedSize(v, r);
    return { k: "call", fn: this.helper("size", t, span), args: [v] };
  }

  /** Writes the encoding of `v` (pure) at `dst` (pure); yields the address after it. */
  encInto(dst: Expr, v: Expr, t: Type, span: A.Span): Expr {
    const r = this.repr(t, span);
    if (isSimple(r)) return { k: "seq", body: encodeStmts(dst, 0, v, r), value: add(dst, encodedSize(v, r)) };
    return { k: "call", fn: this.helper("enc", t, span), args: [dst, v] };
  }

  /**
   * Decodes a `t` from [at, end) (pure) into the slot at `out` (pure): the new cursor, or 0.
   * `depth` (pure) is the value's nesting depth as the TS codec counts it (0 for a whole value or
   * an argument); a composite at depth ≥ 128 is refused like `decode.too-deep` — reachable only
   * with a struct that holds a Vec of itself. Storage reads pass UNLIMITED_DEPTH.
   */
  decInto(at: Expr, end: Expr, out: Expr, t: Type, span: A.Span, depth: Expr = i32(0)): Expr {
    const r = this.repr(t, span);
    if (isSimple(r)) return this.decSimple(at, end, out, t, r, span, depth);
    return { k: "call", fn: this.helper("dec", t, span), args: [at, end, out, depth] };
  }

  /** `v` (any expression) as a `bytes` value holding its canonical encoding. */
  toBytes(v: Expr, t: Type, span: A.Span): Expr {
    const x = this.tmp("i32", "val"), n = this.tmp("i32", "n"), p = this.tmp("i32", "enc");
    return { k: "seq", body: [
      { k: "set", local: x, value: v },
      { k: "set", local: n, value: this.encSize(get(x), t, span) },
      { k: "set", local: p, value: { k: "alloc", size: add(get(n), i32(4)) } },
      store32(get(p), get(n)),
      { k: "do", e: this.encInto(add(get(p), i32(4)), get(x), t, span) },
    ], value: get(p) };
  }

  /**
   * Decodes the value stored as `bytes` (u32 length ‖ encoding) — the zero value when empty
   * (absent key): the zero value's encoding is all zero bytes. Storage only ever holds
   * encodings this contract wrote, so a failure is a bug and traps.
   */
  fromStoredBytes(raw: Expr, t: Type, r: Repr, span: A.Span): Expr {
    const b = this.tmp("i32", "raw"), at = this.tmp("i32", "at"), end = this.tmp("i32", "end"), out = this.tmp("i32", "out");
    const zero = this.zeroSize(t, span);
    return { k: "seq", body: [
      { k: "set", local: b, value: raw },
      { k: "set", local: at, value: add(get(b), i32(4)) },
      { k: "set", local: end, value: add(get(at), load32(get(b))) },
      { k: "if", cond: { k: "eqz", ty: "i32", a: load32(get(b)) }, then: [
        { k: "set", local: at, value: { k: "alloc", size: i32(zero) } },
        { k: "set", local: end, value: add(get(at), i32(zero)) },
      ], else: [] },
      { k: "set", local: out, value: { k: "alloc", size: i32(Math.max(fixedSize(r), 1)) } },
      { k: "if", cond: { k: "raw", op: "ne", ty: "i32", a: this.decInto(get(at), get(end), get(out), t, span, UNLIMITED_DEPTH), b: get(end) }, then: [{ k: "unreachable" }], else: [] },
    ], value: decodeExpr(get(out), 0, r) };
  }

  /** Reads a storage value of any type (complex ones via their stored encoding). */
  sloadValue(key: StorageKey, t: Type, r: Repr, span: A.Span): Expr {
    if (isSimple(r)) return { k: "sload", key, repr: r };
    return this.fromStoredBytes({ k: "sloadRaw", key }, t, r, span);
  }

  /** Writes a storage value of any type. */
  sstoreValue(key: StorageKey, t: Type, r: Repr, value: Expr, span: A.Span): Stmt[] {
    if (isSimple(r)) return [{ k: "sstore", key, repr: r, value }];
    const b = this.tmp("i32", "enc");
    return [{ k: "set", local: b, value: this.toBytes(value, t, span) }, { k: "sstoreRaw", key, ptr: add(get(b), i32(4)), len: load32(get(b)) }];
  }

  /** The length of the all-zero encoding that decodes to `t`'s zero value (variant 0 for enums). */
  zeroSize(t: Type, span: A.Span): number {
    t = prune(t);
    const r = this.repr(t, span);
    if (r.kind === "unit") return 0;
    if (r.kind === "scalar") return r.size;
    if (r.kind === "dyn" || r.kind === "vec") return 4;
    if (r.tags) return 1 + this.variantTypes(t, span)[0]!.reduce((n, x) => n + this.zeroSize(x, span), 0);
    if (t.kind === "array") return t.len * this.zeroSize(t.elem, span);
    if (t.kind === "tuple" || t.kind === "struct") return this.members(t, span).reduce((n, m) => n + this.zeroSize(m.type, span), 0);
    return r.size;
  }

  /**
   * `#vec.grow(h, es) → h'`: a header one item longer than h (its new last slot not yet written).
   * The block is shared when h's len equals the block's `used` count (no longer value over it
   * exists) and cap allows, else the items move to a fresh block of twice the length (at least
   * 4). Either way `used` becomes the new len, so a later push on h itself copies.
   */
  vecGrow(): string {
    const codecs = (this.cx.codecs ??= new Map());
    const name = "#vec.grow";
    if (codecs.has(name)) return name;
    codecs.set(name, name);
    const fx = new (this.constructor as LowererCtor)(this.cx, undefined);
    fx.params.push({ name: "h", ty: "i32" }, { name: "es", ty: "i32" });
    const h = get(0), es = get(1);
    const n = fx.tmp("i32", "n"), d = fx.tmp("i32", "data"), cap = fx.tmp("i32", "cap"), nd = fx.tmp("i32", "fresh"), h2 = fx.tmp("i32", "vec");
    const imul = (a: Expr, b: Expr): Expr => ({ k: "raw", op: "mul", ty: "i32", a, b });
    const body: Stmt[] = [
      { k: "set", local: n, value: load32(h) },
      { k: "set", local: d, value: load32(h, 4) },
      { k: "if", cond: { k: "raw", op: "or", ty: "i32", a: { k: "raw", op: "ne", ty: "i32", a: load32(get(d), 4), b: get(n) }, b: { k: "raw", op: "ge_u", ty: "i32", a: get(n), b: load32(get(d)) } }, then: [
        { k: "set", local: cap, value: { k: "raw", op: "shl", ty: "i32", a: get(n), b: i32(1) } },
        { k: "if", cond: ltU(get(cap), i32(4)), then: [{ k: "set", local: cap, value: i32(4) }], else: [] },
        // Past 2³¹ bytes no memory could hold the block (and the product would wrap).
        { k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(cap), b: { k: "raw", op: "div_u", ty: "i32", a: i32(0x7fff_ffff), b: { k: "ifx", ty: "i32", cond: es, then: es, else: i32(1) } } }, then: [{ k: "unreachable" }], else: [] },
        { k: "set", local: nd, value: { k: "alloc", size: add(i32(8), imul(get(cap), es)) } },
        store32(get(nd), get(cap)),
        { k: "copy", dst: add(get(nd), i32(8)), src: add(get(d), i32(8)), len: imul(get(n), es) },
        { k: "set", local: d, value: get(nd) },
      ], else: [] },
      store32(get(d), add(get(n), i32(1)), 4),
      { k: "set", local: h2, value: { k: "alloc", size: i32(8) } },
      store32(get(h2), add(get(n), i32(1))),
      store32(get(h2), get(d), 4),
      { k: "return", value: get(h2) },
    ];
    this.cx.funcs.push(fx.finish(name, "i32", body));
    return name;
  }

  /** A new memory Vec of `n` item slots of `es` bytes (zeroed), cap = len = used = n: its header. */
  newVec(n: Expr, es: number): { body: Stmt[]; value: Expr } {
    const len = this.tmp("i32", "len"), d = this.tmp("i32", "data"), h = this.tmp("i32", "vec");
    return { body: [
      { k: "set", local: len, value: n },
      { k: "set", local: d, value: { k: "alloc", size: add(i32(8), mul(get(len), es)) } },
      store32(get(d), get(len)), store32(get(d), get(len), 4),
      { k: "set", local: h, value: { k: "alloc", size: i32(8) } },
      store32(get(h), get(len)), store32(get(h), get(d), 4),
    ], value: get(h) };
  }

  // ── helper functions ──────────────────────────────────────────────────────────────────────
  private helper(kind: "size" | "enc" | "dec", t: Type, span: A.Span): string {
    const cx = this.cx;
    const key = `${kind}:${this.typeKey(t)}`;
    const codecs = (cx.codecs ??= new Map());
    const known = codecs.get(key);
    if (known) return known;
    const name = `#${key}`;
    codecs.set(key, name);
    // A fresh lowerer of the same class builds the body (its own locals and labels).
    const fx = new (this.constructor as LowererCtor)(cx, undefined);
    for (const p of kind === "size" ? ["v"] : kind === "enc" ? ["dst", "v"] : ["at", "end", "out", "depth"]) fx.params.push({ name: p, ty: "i32" });
    const body = kind === "size" ? fx.sizeBody(t, span) : kind === "enc" ? fx.encBody(t, span) : fx.decBody(t, span);
    cx.funcs.push(fx.finish(name, "i32", body));
    return name;
  }

  /** A stable structural name of a type; structs and enums by name and declaration number. */
  private typeKey(t: Type): string {
    t = prune(t);
    const k = (x: Type) => this.typeKey(x);
    switch (t.kind) {
      case "int": return `${t.signed ? "i" : "u"}${t.bits}`;
      case "array": return `[${k(t.elem)};${t.len}]`;
      case "vec": return `Vec<${k(t.elem)}>`;
      case "tuple": return `(${t.elems.map(k).join(",")})`;
      case "option": return `Option<${k(t.inner)}>`;
      case "result": return `Result<${k(t.ok)},${k(t.err)}>`;
      case "struct": case "enum": {
        const ids = (this.cx.typeIds ??= new Map());
        let id = ids.get(t.decl);
        if (id === undefined) ids.set(t.decl, (id = ids.size));
        return `${t.name}.${id}`;
      }
      default: return t.kind;
    }
  }

  /** The members of a complex value in slot order: offset in the value, type, representation. */
  private parts(t: Type, r: Repr, span: A.Span): { offset: number; type: Type; repr: Repr }[] {
    t = prune(t);
    if (t.kind === "array") {
      const er = this.repr(t.elem, span);
      return Array.from({ length: t.len }, (_, i) => ({ offset: i * fixedSize(er), type: prune(t.elem), repr: er }));
    }
    if (r.kind === "mem" && r.tags) throw new Error("parts of a tagged union");
    return this.members(t, span);
  }

  /** Each variant's payload members: offset after the tag, type, representation. */
  private variantParts(t: Type, span: A.Span): { offset: number; type: Type; repr: Repr }[][] {
    return this.variantTypes(t, span).map((ts) => {
      let off = 1;
      return ts.map((type) => {
        const repr = this.repr(type, span);
        const m = { offset: off, type, repr };
        off += fixedSize(repr);
        return m;
      });
    });
  }

  /** Fixed-size canonical items whose slots are their encodings (copied as one block). */
  private flat(r: Repr): r is Repr & { kind: "scalar" | "mem" | "unit" } {
    return r.kind === "unit" || r.kind === "scalar" || (r.kind === "mem" && !r.noncanon);
  }

  private sizeBody(t: Type, span: A.Span): Stmt[] {
    t = prune(t);
    const r = this.repr(t, span);
    const v = get(0);
    const acc = this.tmp("i32", "acc");
    const plus = (e: Expr): Stmt => ({ k: "set", local: acc, value: add(get(acc), e) });
    if (t.kind === "vec") {
      const er = this.repr(t.elem, span);
      if (this.flat(er)) return [{ k: "return", value: add(i32(4), mul(vecLen(v), fixedSize(er))) }];
      return [{ k: "set", local: acc, value: i32(4) }, ...this.eachItem(vecItems(v), vecLen(v), fixedSize(er), (p) => [plus(this.encSize(decodeExpr(p, 0, er), t.elem, span))]), { k: "return", value: get(acc) }];
    }
    if (r.kind === "mem" && r.tags) {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 };
      const out: Stmt[] = [{ k: "set", local: acc, value: i32(1) }];
      this.variantParts(t, span).forEach((ps, i) => {
        if (ps.length) out.push({ k: "if", cond: { k: "raw", op: "eq", ty: "i32", a: tag, b: i32(i) }, then: ps.map((m) => plus(this.encSize(decodeExpr(v, m.offset, m.repr), m.type, span))), else: [] });
      });
      return [...out, { k: "return", value: get(acc) }];
    }
    if (t.kind === "array") {
      const er = this.repr(t.elem, span);
      return [{ k: "set", local: acc, value: i32(0) }, ...this.eachItem(v, i32(t.len), fixedSize(er), (p) => [plus(this.encSize(decodeExpr(p, 0, er), t.elem, span))]), { k: "return", value: get(acc) }];
    }
    return [{ k: "set", local: acc, value: i32(0) }, ...this.parts(t, r, span).map((m) => plus(this.encSize(decodeExpr(v, m.offset, m.repr), m.type, span))), { k: "return", value: get(acc) }];
  }

  private encBody(t: Type, span: A.Span): Stmt[] {
    t = prune(t);
    const r = this.repr(t, span);
    const v = get(1);
    const at = 0;
    const put = (p: Expr, m: { type: Type; repr: Repr }): Stmt => ({ k: "set", local: at, value: this.encInto(get(at), decodeExpr(p, 0, m.repr), m.type, span) });
    if (t.kind === "vec") {
      const er = this.repr(t.elem, span);
      const es = fixedSize(er);
      const head: Stmt[] = [store32(get(at), vecLen(v)), { k: "set", local: at, value: add(get(at), i32(4)) }];
      if (this.flat(er)) {
        const n = mul(vecLen(v), es);
        return [...head, { k: "copy", dst: get(at), src: vecItems(v), len: n }, { k: "return", value: add(get(at), n) }];
      }
      return [...head, ...this.eachItem(vecItems(v), vecLen(v), es, (p) => [put(p, { type: t.elem, repr: er })]), { k: "return", value: get(at) }];
    }
    if (r.kind === "mem" && r.tags) {
      const tag: Expr = { k: "load", ty: "i32", width: 1, signed: false, ptr: v, offset: 0 };
      const out: Stmt[] = [{ k: "store", width: 1, ty: "i32", ptr: get(at), offset: 0, value: tag }, { k: "set", local: at, value: add(get(at), i32(1)) }];
      this.variantParts(t, span).forEach((ps, i) => {
        if (ps.length) out.push({ k: "if", cond: { k: "raw", op: "eq", ty: "i32", a: tag, b: i32(i) }, then: ps.map((m) => put(add(v, i32(m.offset)), m)), else: [] });
      });
      return [...out, { k: "return", value: get(at) }];
    }
    if (t.kind === "array") {
      const er = this.repr(t.elem, span);
      return [...this.eachItem(v, i32(t.len), fixedSize(er), (p) => [put(p, { type: t.elem, repr: er })]), { k: "return", value: get(at) }];
    }
    return [...this.parts(t, r, span).map((m) => put(add(v, i32(m.offset)), m)), { k: "return", value: get(at) }];
  }

  private decBody(t: Type, span: A.Span): Stmt[] {
    t = prune(t);
    const r = this.repr(t, span);
    const at = 0, end = 1, out = get(2), depth = get(3);
    const fail: Stmt = { k: "return", value: i32(0) };
    const left = (): Expr => sub(get(end), get(at));
    const take = (dst: Expr, m: { type: Type; repr: Repr }): Stmt[] => [
      { k: "set", local: at, value: this.decInto(get(at), get(end), dst, m.type, span, add(depth, i32(1))) },
      { k: "if", cond: { k: "eqz", ty: "i32", a: get(at) }, then: [fail], else: [] },
    ];
    const tooDeep: Stmt = { k: "if", cond: { k: "raw", op: "ge_s", ty: "i32", a: depth, b: i32(MAX_DEPTH) }, then: [fail], else: [] };
    if (t.kind === "vec") {
      const er = this.repr(t.elem, span);
      const es = fixedSize(er);
      const min = this.minEncoded(t.elem, span);
      const n = this.tmp("i32", "n"), d = this.tmp("i32", "data"), h = this.tmp("i32", "vec");
      const body: Stmt[] = [
        tooDeep,
        { k: "if", cond: ltU(left(), i32(4)), then: [fail], else: [] },
        { k: "set", local: n, value: load32(get(at)) },
        { k: "set", local: at, value: add(get(at), i32(4)) },
        // The count is checked against the bytes left before anything is allocated.
        { k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(n), b: min === 0 ? i32(MAX_ZERO_SIZED_ITEMS) : { k: "raw", op: "div_u", ty: "i32", a: left(), b: i32(min) } }, then: [fail], else: [] },
      ];
      // n items of es bytes must not wrap the 32-bit address space (memory runs out first).
      if (es > 1) body.push({ k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(n), b: i32(Math.floor(0x7fff_ffff / es)) }, then: [{ k: "unreachable" }], else: [] });
      body.push(
        { k: "set", local: d, value: { k: "alloc", size: add(i32(8), mul(get(n), es)) } },
        store32(get(d), get(n)), store32(get(d), get(n), 4),
      );
      const items = add(get(d), i32(8));
      if (this.flat(er) && er.kind !== "unit") {
        const len = mul(get(n), es);
        body.push({ k: "copy", dst: items, src: get(at), len }, ...this.validateItems(items, get(n), prune(t.elem), es, () => [fail], span), { k: "set", local: at, value: add(get(at), len) });
        // The items' own nesting (a canonical struct item is one more level).
        const k = this.staticDepth(t.elem, span);
        if (k > 0) body.push({ k: "if", cond: { k: "raw", op: "gt_s", ty: "i32", a: add(depth, i32(1 + k)), b: i32(MAX_DEPTH) }, then: [{ k: "if", cond: get(n), then: [fail], else: [] }], else: [] });
      } else if (er.kind !== "unit") {
        body.push(...this.eachItem(items, get(n), es, (p) => take(p, { type: t.elem, repr: er })));
      }
      body.push(
        { k: "set", local: h, value: { k: "alloc", size: i32(8) } },
        store32(get(h), get(n)), store32(get(h), get(d), 4),
        store32(out, get(h)),
        { k: "return", value: get(at) },
      );
      return body;
    }
    if (r.kind === "mem" && r.tags) {
      const tag = this.tmp("i32", "tag");
      const body: Stmt[] = [
        tooDeep,
        { k: "if", cond: ltU(left(), i32(1)), then: [fail], else: [] },
        { k: "set", local: tag, value: { k: "load", ty: "i32", width: 1, signed: false, ptr: get(at), offset: 0 } },
        { k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: get(tag), b: i32(r.tags.length) }, then: [fail], else: [] },
        { k: "store", width: 1, ty: "i32", ptr: out, offset: 0, value: get(tag) },
        { k: "set", local: at, value: add(get(at), i32(1)) },
      ];
      this.variantParts(t, span).forEach((ps, i) => {
        if (ps.length) body.push({ k: "if", cond: { k: "raw", op: "eq", ty: "i32", a: get(tag), b: i32(i) }, then: ps.flatMap((m) => take(add(out, i32(m.offset)), m)), else: [] });
      });
      return [...body, { k: "return", value: get(at) }];
    }
    if (t.kind === "array") {
      const er = this.repr(t.elem, span);
      return [tooDeep, ...this.eachItem(out, i32(t.len), fixedSize(er), (p) => take(p, { type: t.elem, repr: er })), { k: "return", value: get(at) }];
    }
    return [tooDeep, ...this.parts(t, r, span).flatMap((m) => take(add(out, i32(m.offset)), m)), { k: "return", value: get(at) }];
  }

  /** Composite levels inside a simple value (0 for a scalar, bytes, string, integer). */
  private staticDepth(t: Type, span: A.Span): number {
    t = prune(t);
    const r = this.repr(t, span);
    // An enum is a composite level even without payloads (the TS codec counts it).
    if (r.kind === "scalar") return r.enumN ? 1 : 0;
    if (r.kind !== "mem" || r.int || t.kind === "address" || t.kind === "bytes32" || t.kind === "interface") return 0;
    if (r.tags) return 1 + Math.max(0, ...this.variantTypes(t, span).flat().map((x) => this.staticDepth(x, span)));
    if (t.kind === "array") return 1 + this.staticDepth(t.elem, span);
    if (t.kind === "tuple" || t.kind === "struct") return 1 + Math.max(0, ...this.members(t, span).map((m) => this.staticDepth(m.type, span)));
    return 0;
  }

  /**
   * The smallest encoding of a `t` (as stdlib/abi `minSize`), to bound a Vec count. It stops at
   * `Vec` (4 bytes), so it terminates on a struct that holds a Vec of itself.
   */
  private minEncoded(t: Type, span: A.Span): number {
    t = prune(t);
    const r = this.repr(t, span);
    if (r.kind === "unit") return 0;
    if (r.kind === "scalar") return r.size;
    if (r.kind === "dyn" || r.kind === "vec") return 4;
    if (r.tags) return 1 + Math.min(...this.variantTypes(t, span).map((ts) => ts.reduce((n, x) => n + this.minEncoded(x, span), 0)));
    if (t.kind === "array") return t.len * this.minEncoded(t.elem, span);
    if (t.kind === "tuple" || t.kind === "struct") return this.members(t, span).reduce((n, m) => n + this.minEncoded(m.type, span), 0);
    return r.size;
  }

  /** A loop over `n` item slots of `es` bytes from `base`: `body(slot address)`. */
  private eachItem(base: Expr, n: Expr, es: number, body: (p: Expr) => Stmt[]): Stmt[] {
    const i = this.tmp("i32", "i"), b = this.tmp("i32", "items"), cnt = this.tmp("i32", "count");
    const l = this.loopLabels();
    const p = add(get(b), mul(get(i), es));
    return [
      { k: "set", local: b, value: base },
      { k: "set", local: cnt, value: n },
      { k: "set", local: i, value: i32(0) },
      { k: "block", label: l.brk, body: [{ k: "loop", label: l.cont, body: [
        { k: "br", label: l.brk, cond: { k: "raw", op: "ge_u", ty: "i32", a: get(i), b: get(cnt) } },
        ...body(p),
        { k: "set", local: i, value: add(get(i), i32(1)) },
        { k: "br", label: l.cont },
      ] }] },
    ];
  }

  /** Inline strict decoding of a simple value into its slot: the new cursor, or 0. */
  private decSimple(at: Expr, end: Expr, out: Expr, t: Type, r: Repr, span: A.Span, depth: Expr): Expr {
    if (r.kind === "unit") return at;
    const res = this.tmp("i32", "next");
    const n = this.labelSeq++;
    const label = `dec${n}`;
    const fail = (): Stmt[] => [{ k: "br", label }];
    const left = sub(end, at);
    const body: Stmt[] = [];
    // Its innermost composite must sit at a depth below 128 (a check only a deep caller needs).
    const k = this.staticDepth(t, span);
    const deep = add(depth, i32(k));
    if (k > 0 && !(depth.k === "const" && depth.value + BigInt(k) <= MAX_DEPTH)) body.push({ k: "if", cond: { k: "raw", op: "gt_s", ty: "i32", a: deep, b: i32(MAX_DEPTH) }, then: fail(), else: [] });
    if (r.kind === "dyn") {
      const len = this.tmp("i32", "len");
      body.push(
        { k: "if", cond: ltU(left, i32(4)), then: fail(), else: [] },
        { k: "set", local: len, value: load32(at) },
        { k: "if", cond: { k: "raw", op: "gt_u", ty: "i32", a: get(len), b: sub(left, i32(4)) }, then: fail(), else: [] },
      );
      if (r.str) body.push({ k: "if", cond: { k: "eqz", ty: "i32", a: { k: "utf8", ptr: add(at, i32(4)), len: get(len) } }, then: fail(), else: [] });
      // The slot points at the length-prefixed bytes in place (memory values are immutable).
      body.push(store32(out, at), { k: "set", local: res, value: add(add(at, i32(4)), get(len)) });
    } else if (r.kind === "mem" && r.tags) {
      const tag = this.tmp("i32", "tag"), size = this.tmp("i32", "size");
      body.push(
        { k: "if", cond: ltU(left, i32(1)), then: fail(), else: [] },
        { k: "set", local: tag, value: { k: "load", ty: "i32", width: 1, signed: false, ptr: at, offset: 0 } },
        { k: "if", cond: { k: "raw", op: "ge_u", ty: "i32", a: get(tag), b: i32(r.tags.length) }, then: fail(), else: [] },
        { k: "set", local: size, value: taggedSize(get(tag), r.tags) },
        { k: "if", cond: ltU(left, get(size)), then: fail(), else: [] },
        { k: "copy", dst: out, src: at, len: get(size) },
        ...this.validateBools(out, t, r, fail, span),
        { k: "set", local: res, value: add(at, get(size)) },
      );
    } else if (r.kind === "mem" || r.kind === "scalar") {
      body.push({ k: "if", cond: ltU(left, i32(r.size)), then: fail(), else: [] });
      if (r.kind === "scalar") {
        const x = this.tmp(r.ty, "x");
        body.push({ k: "set", local: x, value: decodeExpr(at, 0, r) }, ...this.validateBools(get(x), t, r, fail, span), ...storeSlot(out, 0, get(x), r));
      } else body.push({ k: "copy", dst: out, src: at, len: i32(r.size) }, ...this.validateBools(out, t, r, fail, span));
      body.push({ k: "set", local: res, value: add(at, i32(r.size)) });
    } else throw new Unsupported("decoding this value", span);
    return { k: "seq", body: [{ k: "set", local: res, value: i32(0) }, { k: "block", label, body }], value: get(res) };
  }
}
