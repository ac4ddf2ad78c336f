// IR (lower/ast.ts) → binaryen, one function at a time. Each IR node maps to a fixed shape of
// Wasm; the Silk semantics that need code (checked arithmetic, casts, storage keys, wide
// integers) go through Helpers and the wide-integer runtime.

import binaryen from "binaryen";
import type { ArithOp, Expr, Func, IntKind, Repr, Stmt, StorageKey, ValTy } from "../lower/ast.js";
import { Helpers, unsigned } from "./helpers.js";
import { inlineArith, inlineCast } from "./inline.js";
import { requireRuntime } from "./runtime/index.js";

type X = binaryen.ExpressionRef;

/** binaryen 132 takes an i64 constant as one bigint (its typings still say two numbers). */
const c64 = (m: binaryen.Module, v: bigint): X => (m.i64.const as unknown as (v: bigint) => X)(BigInt.asIntN(64, v));

const wasmTy = (t: ValTy | undefined): binaryen.Type => (t === "i32" ? binaryen.i32 : t === "i64" ? binaryen.i64 : binaryen.none);

/** Data segments: each distinct byte string once, at increasing addresses from `base`. */
export class DataTable {
  readonly segments: { offset: number; bytes: Uint8Array }[] = [];
  private readonly byHex = new Map<string, number>();
  private next: number;
  constructor(readonly base: number) {
    this.next = base;
  }
  addr(bytes: Uint8Array): number {
    const hex = Buffer.from(bytes).toString("hex");
    let at = this.byHex.get(hex);
    if (at === undefined) {
      at = this.next;
      this.segments.push({ offset: at, bytes });
      this.byHex.set(hex, at);
      this.next = (at + bytes.length + 7) & ~7;
    }
    return at;
  }
  get end(): number {
    return this.next;
  }
}

export class FuncEmitter {
  private readonly m: binaryen.Module;
  private readonly types: binaryen.Type[];
  private readonly extra: binaryen.Type[] = [];

  constructor(readonly h: Helpers, readonly data: DataTable, readonly resultOf: Map<string, ValTy | undefined>, readonly fn: Func) {
    this.m = h.mod;
    this.types = [...fn.params, ...fn.locals].map((l) => wasmTy(l.ty));
  }

  emit(): void {
    const m = this.m;
    const body = this.stmts(this.fn.body);
    const result = wasmTy(this.fn.result);
    // A function with a result whose body ends without `return` is unreachable there (the checker
    // proved every path returns).
    if (result !== binaryen.none) body.push(m.unreachable());
    m.addFunction(this.fn.name, binaryen.createType(this.fn.params.map((p) => wasmTy(p.ty))), result,
      [...this.fn.locals.map((l) => wasmTy(l.ty)), ...this.extra], m.block(null, body, binaryen.none));
  }

  private tmp(t: binaryen.Type): number {
    this.extra.push(t);
    this.types.push(t);
    return this.types.length - 1;
  }
  private get(i: number): X {
    return this.m.local.get(i, this.types[i]!);
  }

  // ── statements ──────────────────────────────────────────────────────────────────────────
  stmts(ss: Stmt[]): X[] {
    return ss.map((s) => this.stmt(s));
  }

  private block(ss: Stmt[]): X {
    const xs = this.stmts(ss);
    return xs.length === 1 ? xs[0]! : this.m.block(null, xs, binaryen.none);
  }

  stmt(s: Stmt): X {
    const m = this.m;
    switch (s.k) {
      case "set":
        return m.local.set(s.local, this.expr(s.value));
      case "store":
        return this.store(s.width, s.ty, this.expr(s.ptr), s.offset, this.expr(s.value));
      case "copy":
        return m.memory.copy(this.expr(s.dst), this.expr(s.src), this.expr(s.len));
      case "fill":
        return m.memory.fill(this.expr(s.dst), m.i32.const(s.byte), this.expr(s.len));
      case "do": {
        const x = this.expr(s.e);
        return binaryen.getExpressionType(x) === binaryen.none || binaryen.getExpressionType(x) === binaryen.unreachable ? x : m.drop(x);
      }
      case "if":
        return m.if(this.expr(s.cond), this.block(s.then), s.else.length ? this.block(s.else) : undefined);
      case "loop":
        return m.loop(s.label, this.block(s.body));
      case "block":
        return m.block(s.label, this.stmts(s.body), binaryen.none);
      case "br":
        return m.br(s.label, s.cond ? this.expr(s.cond) : undefined);
      case "return":
        return m.return(s.value ? this.expr(s.value) : undefined);
      case "sstore":
        return this.sstore(s.key, s.repr, s.value);
      case "sstoreRaw": {
        // The bytes first (they may read storage), then the key.
        const ptr = this.tmp(binaryen.i32), len = this.tmp(binaryen.i32);
        const pre = [m.local.set(ptr, this.expr(s.ptr)), m.local.set(len, this.expr(s.len))];
        const key = this.key(s.key);
        return m.block(null, [...pre, ...key.code, m.call(this.h.host("storage_set"), [this.get(key.ptr), this.get(key.len), this.get(ptr), this.get(len)], binaryen.none)]);
      }
      case "sremove": {
        const key = this.key(s.key);
        return m.block(null, [...key.code, m.call(this.h.host("storage_remove"), [this.get(key.ptr), this.get(key.len)], binaryen.none)]);
      }
      case "panic":
        return this.h.panic(s.code);
      case "revert":
        return m.block(null, [m.call(this.h.host("revert"), [this.expr(s.ptr), this.expr(s.len)], binaryen.none), m.unreachable()]);
      case "finish":
        return m.block(null, [m.call(this.h.host("return"), [this.expr(s.ptr), this.expr(s.len)], binaryen.none), m.unreachable()]);
      case "unreachable":
        return m.unreachable();
    }
  }

  private store(width: 1 | 2 | 4 | 8, ty: ValTy, ptr: X, offset: number, v: X): X {
    const m = this.m;
    if (ty === "i32") return width === 1 ? m.i32.store8(offset, 1, ptr, v) : width === 2 ? m.i32.store16(offset, 1, ptr, v) : m.i32.store(offset, 1, ptr, v);
    return width === 1 ? m.i64.store8(offset, 1, ptr, v) : width === 2 ? m.i64.store16(offset, 1, ptr, v) : width === 4 ? m.i64.store32(offset, 1, ptr, v) : m.i64.store(offset, 1, ptr, v);
  }

  private load(ty: ValTy, width: 1 | 2 | 4 | 8, signed: boolean, ptr: X, offset: number): X {
    const m = this.m;
    if (ty === "i32") {
      if (width === 1) return signed ? m.i32.load8_s(offset, 1, ptr) : m.i32.load8_u(offset, 1, ptr);
      if (width === 2) return signed ? m.i32.load16_s(offset, 1, ptr) : m.i32.load16_u(offset, 1, ptr);
      return unsigned(m.i32.load(offset, 1, ptr));
    }
    if (width === 1) return signed ? m.i64.load8_s(offset, 1, ptr) : m.i64.load8_u(offset, 1, ptr);
    if (width === 2) return signed ? m.i64.load16_s(offset, 1, ptr) : m.i64.load16_u(offset, 1, ptr);
    if (width === 4) return signed ? m.i64.load32_s(offset, 1, ptr) : m.i64.load32_u(offset, 1, ptr);
    return unsigned(m.i64.load(offset, 1, ptr));
  }

  private alloc(size: X): X {
    return this.m.call(this.h.alloc(), [size], binaryen.i32);
  }

  // ── storage ─────────────────────────────────────────────────────────────────────────────
  /** Builds the key in a fresh buffer; returns the statements, its local and length local. */
  private key(k: StorageKey): { code: X[]; ptr: number; len: number } {
    const m = this.m;
    // Map keys are scalars, fixed memory values, bytes or string (lowering guarantees it).
    if (k.parts.some((p) => p.repr.kind === "vec")) throw new Error("a storage key part of a Vec");
    const fixed = k.prefix.length + k.parts.reduce((n, p) => n + (p.repr.kind === "unit" || p.repr.kind === "dyn" || p.repr.kind === "vec" ? 0 : p.repr.size), 0);
    const ptr = this.tmp(binaryen.i32);
    const len = this.tmp(binaryen.i32);
    const code: X[] = [];
    // Parts first (into temporaries): a dynamic part's length decides the key's.
    const vals = k.parts.map((p) => {
      const t = this.tmp(p.repr.kind === "scalar" ? wasmTy(p.repr.ty) : binaryen.i32);
      code.push(m.local.set(t, this.expr(p.value)));
      return t;
    });
    let total: X = m.i32.const(fixed);
    k.parts.forEach((p, i) => {
      if (p.repr.kind === "dyn") total = m.i32.add(total, this.dynSize(this.get(vals[i]!), p.repr.unit));
    });
    const off = this.tmp(binaryen.i32);
    code.push(
      m.local.set(len, total),
      m.local.set(ptr, this.alloc(this.get(len))),
      m.memory.copy(this.get(ptr), m.i32.const(this.data.addr(k.prefix)), m.i32.const(k.prefix.length)),
      m.local.set(off, m.i32.add(this.get(ptr), m.i32.const(k.prefix.length))),
    );
    k.parts.forEach((p, i) => {
      const r = p.repr;
      const v = this.get(vals[i]!);
      let n: X;
      if (r.kind === "unit" || r.kind === "vec") return;
      if (r.kind === "scalar") {
        code.push(this.store(r.size as 1 | 2 | 4 | 8, r.ty, this.get(off), 0, v));
        n = m.i32.const(r.size);
      } else {
        n = r.kind === "dyn" ? this.dynSize(v, r.unit) : m.i32.const(r.size);
        code.push(m.memory.copy(this.get(off), this.get(vals[i]!), n));
        n = r.kind === "dyn" ? this.dynSize(this.get(vals[i]!), r.unit) : m.i32.const(r.size);
      }
      code.push(m.local.set(off, m.i32.add(this.get(off), n)));
    });
    return { code, ptr, len };
  }

  private dynLen(p: X): X {
    return unsigned(this.m.i32.load(0, 1, p));
  }

  /** Bytes of a count-prefixed value: 4 + count × unit. */
  private dynSize(p: X, unit: number): X {
    const m = this.m;
    const n = this.dynLen(p);
    return m.i32.add(unit === 1 ? n : m.i32.mul(n, m.i32.const(unit)), m.i32.const(4));
  }

  private sload(k: StorageKey, r: Repr): X {
    const m = this.m;
    if (r.kind === "unit" || r.kind === "vec") throw new Error(`sload of a ${r.kind} value (lowering uses sloadRaw)`);
    const key = this.key(k);
    const dst = this.tmp(binaryen.i32);
    const get = (buf: X, cap: X) => m.call(this.h.host("storage_get"), [this.get(key.ptr), this.get(key.len), buf, cap], binaryen.i32);
    if (r.kind === "dyn") {
      // Ask for the length first, then read the whole encoding; missing → empty (a zero length).
      const n = this.tmp(binaryen.i32);
      return m.block(null, [
        ...key.code,
        m.local.set(n, get(m.i32.const(0), m.i32.const(0))),
        m.if(m.i32.lt_s(this.get(n), m.i32.const(4)), m.local.set(n, m.i32.const(4))),
        m.local.set(dst, this.alloc(this.get(n))),
        m.drop(get(this.get(dst), this.get(n))),
        this.get(dst),
      ], binaryen.i32);
    }
    // A missing key (-1) leaves the fresh buffer zeroed: the zero value.
    const code = [
      ...key.code,
      m.local.set(dst, this.alloc(m.i32.const(r.size))),
      m.drop(get(this.get(dst), m.i32.const(r.size))),
    ];
    const value = r.kind === "scalar" ? this.load(r.ty, r.size as 1 | 2 | 4 | 8, r.int?.signed ?? false, this.get(dst), 0) : this.get(dst);
    return m.block(null, [...code, value], r.kind === "scalar" ? wasmTy(r.ty) : binaryen.i32);
  }

  private sstore(k: StorageKey, r: Repr, value: Expr): X {
    const m = this.m;
    if (r.kind === "unit" || r.kind === "vec") throw new Error(`sstore of a ${r.kind} value (lowering uses sstoreRaw)`);
    // The value first: it may read storage (compound assignment) or revert.
    const v = this.tmp(r.kind === "scalar" ? wasmTy(r.ty) : binaryen.i32);
    const code: X[] = [m.local.set(v, this.expr(value))];
    const key = this.key(k);
    code.push(...key.code);
    let buf: X;
    let size: X;
    if (r.kind === "scalar") {
      const b = this.tmp(binaryen.i32);
      code.push(m.local.set(b, this.alloc(m.i32.const(r.size))), this.store(r.size as 1 | 2 | 4 | 8, r.ty, this.get(b), 0, this.get(v)));
      buf = this.get(b);
      size = m.i32.const(r.size);
    } else {
      buf = this.get(v);
      size = r.kind === "dyn" ? this.dynSize(this.get(v), r.unit)
        // Option: None is its tag byte alone.
        : r.option && r.tags ? r.tags.reduceRight<X>((acc, n, i) => i === r.tags!.length - 1 ? m.i32.const(1 + n)
          : m.select(m.i32.eq(m.i32.load8_u(0, 1, this.get(v)), m.i32.const(i)), m.i32.const(1 + n), acc), m.i32.const(0))
        : r.option ? m.select(m.i32.load8_u(0, 1, this.get(v)), m.i32.const(r.size), m.i32.const(1))
        : m.i32.const(r.size);
    }
    code.push(m.call(this.h.host("storage_set"), [this.get(key.ptr), this.get(key.len), buf, size], binaryen.none));
    return m.block(null, code, binaryen.none);
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────
  expr(e: Expr): X {
    const m = this.m;
    switch (e.k) {
      case "const":
        return e.ty === "i32" ? m.i32.const(Number(BigInt.asIntN(32, e.value))) : c64(m, e.value);
      case "get":
        return this.get(e.local);
      case "raw": {
        const ops = e.ty === "i32" ? m.i32 : m.i64;
        return (ops[e.op] as (a: X, b: X) => X)(this.expr(e.a), this.expr(e.b));
      }
      case "eqz":
        return e.ty === "i32" ? m.i32.eqz(this.expr(e.a)) : m.i64.eqz(this.expr(e.a));
      case "conv":
        return e.op === "wrap" ? m.i32.wrap(this.expr(e.a)) : e.op === "extend_u" ? m.i64.extend_u(this.expr(e.a)) : m.i64.extend_s(this.expr(e.a));
      case "arith":
        return this.arith(e.op, e.int, e.a, e.b);
      case "cmp":
        return this.cmp(e.op, e.repr, e.a, e.b);
      case "bits":
        return this.bits(e.op, e.repr, e.a, e.b);
      case "not":
        return this.not(e.int, e.a);
      case "cast":
        return this.cast(e.from, e.to, e.a);
      case "intop":
        if (e.int.bits > 64) return this.wideInto(this.wideName(e.int, e.op), e.int.bits / 8, [this.expr(e.a), this.expr(e.b)]);
        return m.call(this.h.intop(e.op, e.int), [this.expr(e.a), this.expr(e.b)], e.int.bits === 64 ? binaryen.i64 : binaryen.i32);
      case "checked": {
        const name = e.int.bits > 64 ? this.wideName(e.int, `checked_${e.op}`) : this.h.checked(e.op, e.int);
        return m.call(name, [this.expr(e.dst), this.expr(e.a), this.expr(e.b)], binaryen.i32);
      }
      case "dyneq":
        return m.call(this.h.dynEq(), [this.expr(e.a), this.expr(e.b), m.i32.const(1)], binaryen.i32);
      case "utf8":
        return m.call(this.h.utf8(), [this.expr(e.ptr), this.expr(e.len)], binaryen.i32);
      case "host": {
        const name = this.h.host(e.name);
        const spec = binaryen.getFunctionInfo(m.getFunction(name));
        return m.call(name, e.args.map((a) => this.expr(a)), spec.results);
      }
      case "call":
        return m.call(e.fn, e.args.map((a) => this.expr(a)), wasmTy(this.resultOf.get(e.fn)));
      case "alloc":
        return this.alloc(this.expr(e.size));
      case "data":
        return m.i32.const(this.data.addr(e.bytes));
      case "load":
        return this.load(e.ty, e.width, e.signed, this.expr(e.ptr), e.offset);
      case "sload":
        return this.sload(e.key, e.repr);
      case "sloadRaw": {
        // Length first (-1 when absent → 0), then a u32 length ‖ bytes buffer.
        const key = this.key(e.key);
        const n = this.tmp(binaryen.i32), dst = this.tmp(binaryen.i32);
        const get = (buf: X, cap: X) => m.call(this.h.host("storage_get"), [this.get(key.ptr), this.get(key.len), buf, cap], binaryen.i32);
        return m.block(null, [
          ...key.code,
          m.local.set(n, get(m.i32.const(0), m.i32.const(0))),
          m.if(m.i32.lt_s(this.get(n), m.i32.const(0)), m.local.set(n, m.i32.const(0))),
          m.local.set(dst, this.alloc(m.i32.add(this.get(n), m.i32.const(4)))),
          m.i32.store(0, 1, this.get(dst), this.get(n)),
          m.drop(get(m.i32.add(this.get(dst), m.i32.const(4)), this.get(n))),
          this.get(dst),
        ], binaryen.i32);
      }
      case "wshift":
        return this.wideInto(this.wideName(e.int, e.op), e.int.bits / 8, [this.expr(e.a), this.expr(e.n)]);
      case "shas": {
        // storage_get with a zero-capacity buffer only reports the length: -1 when absent.
        const key = this.key(e.key);
        const got = m.call(this.h.host("storage_get"), [this.get(key.ptr), this.get(key.len), m.i32.const(0), m.i32.const(0)], binaryen.i32);
        return m.block(null, [...key.code, m.i32.ge_s(got, m.i32.const(0))], binaryen.i32);
      }
      case "ifx":
        return m.if(this.expr(e.cond), this.expr(e.then), this.expr(e.else));
      case "seq": {
        const v = this.expr(e.value);
        return m.block(null, [...this.stmts(e.body), v], binaryen.getExpressionType(v));
      }
    }
  }

  private wideName(int: IntKind, op: string): string {
    return requireRuntime(this.m, `${int.signed ? "i" : "u"}${int.bits}.${op}`);
  }

  /** Calls a wide runtime op `(dst, ...args)` on a fresh destination; yields dst. */
  private wideInto(name: string, size: number, args: X[]): X {
    const m = this.m;
    const dst = this.tmp(binaryen.i32);
    return m.block(null, [m.local.set(dst, this.alloc(m.i32.const(size))), m.call(name, [this.get(dst), ...args], binaryen.none), this.get(dst)], binaryen.i32);
  }

  private arith(op: string, int: IntKind, a: Expr, b: Expr): X {
    if (int.bits > 64) return this.wideInto(this.wideName(int, op), int.bits / 8, [this.expr(a), this.expr(b)]);
    const xa = this.expr(a), xb = this.expr(b);
    return inlineArith(this.h, (t) => this.tmp(t), op as ArithOp, int, xa, xb)
      ?? this.m.call(this.h.arith(op as ArithOp, int), [xa, xb], int.bits === 64 ? binaryen.i64 : binaryen.i32);
  }

  private cmp(op: string, r: Repr, a: Expr, b: Expr): X {
    const m = this.m;
    if (r.kind === "mem") {
      if (r.int && op !== "eq" && op !== "ne") {
        // a > b is b < a; a >= b is b <= a.
        const swap = op === "gt" || op === "ge";
        const name = this.wideName(r.int, op === "lt" || op === "gt" ? "lt" : "le");
        const [x, y] = swap ? [b, a] : [a, b];
        if (swap) {
          // Evaluate in source order: a first.
          const ta = this.tmp(binaryen.i32);
          return m.block(null, [m.local.set(ta, this.expr(a)), m.call(name, [this.expr(x), this.get(ta)], binaryen.i32)], binaryen.i32);
        }
        return m.call(name, [this.expr(x), this.expr(y)], binaryen.i32);
      }
      const eq = r.size === 16 || r.size === 32
        ? m.call(this.h.memEq(r.size), [this.expr(a), this.expr(b)], binaryen.i32)
        : m.call(this.h.memEqN(), [this.expr(a), this.expr(b), m.i32.const(r.size)], binaryen.i32);
      return op === "ne" ? m.i32.eqz(eq) : eq;
    }
    if (r.kind === "dyn") {
      const eq = m.call(this.h.dynEq(), [this.expr(a), this.expr(b), m.i32.const(r.unit)], binaryen.i32);
      return op === "ne" ? m.i32.eqz(eq) : eq;
    }
    if (r.kind !== "scalar") throw new Error("comparison of unit values");
    const ops = r.ty === "i32" ? m.i32 : m.i64;
    const x = this.expr(a), y = this.expr(b);
    if (op === "eq") return ops.eq(x, y);
    if (op === "ne") return ops.ne(x, y);
    const s = r.int?.signed ? "s" : "u";
    return (ops[`${op}_${s}` as "lt_s"] as (a: X, b: X) => X)(x, y);
  }

  private bits(op: "and" | "or" | "xor", r: Repr, a: Expr, b: Expr): X {
    if (r.kind === "mem") return this.wideInto(this.wideName(r.int ?? { signed: false, bits: r.size * 8 }, op), r.size, [this.expr(a), this.expr(b)]);
    if (r.kind !== "scalar") throw new Error("bitwise op on unit values");
    const ops = r.ty === "i32" ? this.m.i32 : this.m.i64;
    return ops[op](this.expr(a), this.expr(b));
  }

  private not(int: IntKind, a: Expr): X {
    const m = this.m;
    if (int.bits > 64) return this.wideInto(this.wideName(int, "not"), int.bits / 8, [this.expr(a)]);
    if (int.bits === 64) return m.i64.xor(this.expr(a), c64(m, -1n));
    // Unsigned: flip only the type's bits; signed: flipping all 32 keeps the sign extension.
    return m.i32.xor(this.expr(a), m.i32.const(int.signed || int.bits === 32 ? -1 : (1 << int.bits) - 1));
  }

  private cast(from: IntKind, to: IntKind, a: Expr): X {
    const m = this.m;
    if (from.bits <= 64 && to.bits <= 64) return inlineCast(this.h, (t) => this.tmp(t), from, to, this.expr(a));
    const castFn = requireRuntime(m, "int.cast");
    let src: X;
    if (from.bits <= 64) {
      // Widen a scalar into memory first (sign- or zero-extended to 8 bytes).
      const v = from.bits === 64 ? this.expr(a) : from.signed ? m.i64.extend_s(this.expr(a)) : m.i64.extend_u(this.expr(a));
      const buf = this.tmp(binaryen.i32);
      src = m.block(null, [
        m.local.set(buf, this.alloc(m.i32.const(8))),
        m.call(requireRuntime(m, "int.from_i64"), [this.get(buf), m.i32.const(8), v, m.i32.const(from.signed ? 1 : 0)], binaryen.none),
        this.get(buf),
      ], binaryen.i32);
    } else src = this.expr(a);
    const srcBytes = from.bits <= 64 ? 8 : from.bits / 8;
    const toBytes = to.bits / 8;
    const dst = this.tmp(binaryen.i32);
    const code: X[] = [
      m.local.set(dst, this.alloc(m.i32.const(Math.max(toBytes, 8)))),
      m.call(castFn, [this.get(dst), m.i32.const(toBytes), m.i32.const(to.signed ? 1 : 0), src, m.i32.const(srcBytes), m.i32.const(from.signed ? 1 : 0)], binaryen.none),
    ];
    if (to.bits > 64) return m.block(null, [...code, this.get(dst)], binaryen.i32);
    const v = this.load(to.bits === 64 ? "i64" : "i32", toBytes as 1 | 2 | 4 | 8, to.signed, this.get(dst), 0);
    return m.block(null, [...code, v], to.bits === 64 ? binaryen.i64 : binaryen.i32);
  }
}
