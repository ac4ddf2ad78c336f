// Support functions codegen adds to a module on demand, each at most once: the bump allocator,
// checked arithmetic and casts on integers of at most 64 bits (the wide ones are in runtime/),
// and equality of 16/32-byte memory values. Names are stable, so output is deterministic.

import binaryen from "binaryen";
import { HOST_FUNCTIONS, HOST_MODULE, I32, I64 } from "../../stdlib/host/table.js";
import { PanicCode } from "../../stdlib/abi/selector.js";
import type { ArithOp, CheckedOp, IntKind, IntOp } from "../lower/ast.js";
import { Fn, T } from "./runtime/builder.js";
import { requireRevertImport, requireRuntime } from "./runtime/index.js";

type X = binaryen.ExpressionRef;

/**
 * binaryen.js marks full-width loads as signed, and its optimiser then rewrites
 * `i64.extend_i32_u(i32.load …)` into `i64.load32_s` — wrong for a u32. Clearing the flag on
 * every full-width load keeps that fusion correct.
 */
export const unsigned = (load: X): X => {
  (binaryen as unknown as { Load: { setSigned(e: X, s: boolean): void } }).Load.setSigned(load, false);
  return load;
};

export const HEAP_GLOBAL = "heap";
const PAGE = 65536;

export class Helpers {
  private readonly added = new Set<string>();
  constructor(readonly mod: binaryen.Module) {}

  private once(name: string, gen: () => void): string {
    if (!this.added.has(name)) {
      this.added.add(name);
      gen();
    }
    return name;
  }

  /** The internal name of host function `name`, declaring the import from the host table. */
  host(name: string): string {
    if (name === "revert") return requireRevertImport(this.mod);
    return this.once(`silk.${name}`, () => {
      const spec = HOST_FUNCTIONS.find((h) => h.name === name);
      if (!spec) throw new Error(`no host function '${name}'`);
      const vt = (v: number) => (v === I32 ? binaryen.i32 : v === I64 ? binaryen.i64 : binaryen.none);
      this.mod.addFunctionImport(`silk.${name}`, HOST_MODULE, name, binaryen.createType(spec.params.map(vt)),
        spec.results.length ? vt(spec.results[0]!) : binaryen.none);
    });
  }

  panic(code: number): X {
    const m = this.mod;
    return m.block(null, [m.call(requireRuntime(m, "panic"), [m.i32.const(code)], T.none), m.unreachable()]);
  }

  /** `alloc(size) → ptr`: 8-byte aligned, fresh (zeroed) memory; grows memory as needed. */
  alloc(): string {
    return this.once("alloc", () => {
      const m = this.mod;
      const f = new Fn(m, [T.i32]);
      const p = f.local(T.i32), end = f.local(T.i32);
      const heap = () => m.global.get(HEAP_GLOBAL, T.i32);
      f.finish("alloc", T.i32, [
        f.set(p, heap()),
        f.set(end, m.i32.and(m.i32.add(m.i32.add(f.get(p), f.get(0)), m.i32.const(7)), m.i32.const(-8))),
        // The end wrapped around 4 GiB, or memory cannot grow to hold it (the VM's page cap):
        // a revert with Panic(0x41), which a caller can decode, rather than a bare trap.
        m.if(m.i32.lt_u(f.get(end), f.get(p)), this.panic(PanicCode.OutOfMemory)),
        m.if(m.i32.gt_u(f.get(end), m.i32.mul(m.memory.size(), m.i32.const(PAGE))),
          m.if(m.i32.eq(m.memory.grow(m.i32.sub(m.i32.shr_u(m.i32.add(f.get(end), m.i32.const(PAGE - 1)), m.i32.const(16)), m.memory.size())), m.i32.const(-1)),
            this.panic(PanicCode.OutOfMemory))),
        m.global.set(HEAP_GLOBAL, f.get(end)),
        f.get(p),
      ]);
    });
  }

  /** Checked add/sub/mul/div/rem of integers of at most 64 bits: `(a, b) → r`. */
  arith(op: ArithOp, int: IntKind): string {
    const name = `chk.${op}.${int.signed ? "i" : "u"}${int.bits}`;
    return this.once(name, () => (int.bits === 64 ? this.arith64(name, op, int.signed) : this.arith32(name, op, int)));
  }

  /** ≤ 32 bits: compute exactly in i64, then check the range of the type. */
  private arith32(name: string, op: ArithOp, int: IntKind): void {
    const m = this.mod;
    const f = new Fn(m, [T.i32, T.i32]);
    const ext = (x: X) => (int.signed ? m.i64.extend_s(x) : m.i64.extend_u(x));
    const a = ext(f.get(0)), b = ext(f.get(1));
    const code: X[] = [];
    const r = f.local(T.i64);
    if (op === "div" || op === "rem") {
      code.push(m.if(m.i32.eqz(f.get(1)), this.panic(PanicCode.DivisionByZero)));
      // Signed operands are exact in i64, so MIN / -1 does not trap here; the range check catches it.
      const fn = op === "div" ? (int.signed ? m.i64.div_s : m.i64.div_u) : int.signed ? m.i64.rem_s : m.i64.rem_u;
      code.push(f.set(r, fn.call(m.i64, a, b)));
    } else {
      code.push(f.set(r, (op === "add" ? m.i64.add : op === "sub" ? m.i64.sub : m.i64.mul).call(m.i64, a, b)));
    }
    const min = int.signed ? -(1n << BigInt(int.bits - 1)) : 0n;
    const max = int.signed ? (1n << BigInt(int.bits - 1)) - 1n : (1n << BigInt(int.bits)) - 1n;
    // An unsigned 32-bit product may exceed 2^63 and look negative: below min, still caught.
    code.push(m.if(m.i32.or(m.i64.lt_s(f.get(r), f.c64(min)), m.i64.gt_s(f.get(r), f.c64(max))), this.panic(PanicCode.ArithmeticOverflow)));
    code.push(m.i32.wrap(f.get(r)));
    f.finish(name, T.i32, code);
  }

  private arith64(name: string, op: ArithOp, signed: boolean): void {
    const m = this.mod;
    const f = new Fn(m, [T.i64, T.i64]);
    const a = () => f.get(0), b = () => f.get(1);
    const r = f.local(T.i64);
    const R = () => f.get(r);
    const overflow = (cond: X) => m.if(cond, this.panic(PanicCode.ArithmeticOverflow));
    const MIN = f.c64(-(1n << 63n));
    const code: X[] = [];
    switch (op) {
      case "add":
        code.push(f.set(r, m.i64.add(a(), b())));
        code.push(overflow(signed ? m.i64.lt_s(m.i64.and(m.i64.xor(a(), R()), m.i64.xor(b(), R())), f.c64(0n)) : m.i64.lt_u(R(), a())));
        break;
      case "sub":
        code.push(f.set(r, m.i64.sub(a(), b())));
        code.push(overflow(signed ? m.i64.lt_s(m.i64.and(m.i64.xor(a(), b()), m.i64.xor(a(), R())), f.c64(0n)) : m.i64.lt_u(a(), b())));
        break;
      case "mul":
        code.push(f.set(r, m.i64.mul(a(), b())));
        if (signed) {
          code.push(overflow(m.i32.and(m.i64.eq(a(), f.c64(-1n)), m.i64.eq(b(), MIN))));
          code.push(m.if(m.i64.ne(a(), f.c64(0n)), overflow(m.i64.ne(m.i64.div_s(R(), a()), b()))));
        } else {
          code.push(m.if(m.i64.ne(a(), f.c64(0n)), overflow(m.i64.ne(m.i64.div_u(R(), a()), b()))));
        }
        break;
      case "div":
      case "rem":
        code.push(m.if(m.i64.eqz(b()), this.panic(PanicCode.DivisionByZero)));
        if (op === "div" && signed) code.push(overflow(m.i32.and(m.i64.eq(a(), MIN), m.i64.eq(b(), f.c64(-1n)))));
        code.push(f.set(r, (op === "div" ? (signed ? m.i64.div_s : m.i64.div_u) : signed ? m.i64.rem_s : m.i64.rem_u).call(m.i64, a(), b())));
        break;
    }
    code.push(R());
    f.finish(name, T.i64, code);
  }

  /** Checked cast between integer types of at most 64 bits: `(x) → y`, out of range → Panic 0x21. */
  cast(from: IntKind, to: IntKind): string {
    const name = `cast.${from.signed ? "i" : "u"}${from.bits}.${to.signed ? "i" : "u"}${to.bits}`;
    return this.once(name, () => {
      const m = this.mod;
      const inTy = from.bits === 64 ? T.i64 : T.i32;
      const f = new Fn(m, [inTy]);
      const v = f.local(T.i64);
      const V = () => f.get(v);
      const code: X[] = [f.set(v, from.bits === 64 ? f.get(0) : from.signed ? m.i64.extend_s(f.get(0)) : m.i64.extend_u(f.get(0)))];
      const toMin = to.signed ? -(1n << BigInt(to.bits - 1)) : 0n;
      const toMax = to.signed ? (1n << BigInt(to.bits - 1)) - 1n : (1n << BigInt(to.bits)) - 1n;
      const bad = this.panic(PanicCode.BadCast);
      if (from.bits === 64 && !from.signed) {
        // v is in [0, 2^64): only an upper bound can fail.
        if (toMax < (1n << 64n) - 1n) code.push(m.if(m.i64.gt_u(V(), f.c64(toMax)), bad));
      } else {
        // v is exact as a signed i64.
        const lo = toMin > -(1n << 63n), hi = toMax < (1n << 63n) - 1n;
        const conds: X[] = [];
        if (lo) conds.push(m.i64.lt_s(V(), f.c64(toMin)));
        if (hi) conds.push(m.i64.gt_s(V(), f.c64(toMax)));
        if (!to.signed && to.bits === 64) conds.push(m.i64.lt_s(V(), f.c64(0n)));
        if (conds.length) code.push(m.if(conds.reduce((x, y) => m.i32.or(x, y)), bad));
      }
      code.push(to.bits === 64 ? V() : m.i32.wrap(V()));
      f.finish(name, to.bits === 64 ? T.i64 : T.i32, code);
    });
  }

  /** `(a, b) → i32`: 1 when the `size` bytes at a and b are equal (size a multiple of 8). */
  memEq(size: number): string {
    return this.once(`mem.eq${size}`, () => {
      const m = this.mod;
      const f = new Fn(m, [T.i32, T.i32]);
      let acc: X | undefined;
      for (let o = 0; o < size; o += 8) {
        const d = m.i64.xor(unsigned(m.i64.load(o, 1, f.get(0))), unsigned(m.i64.load(o, 1, f.get(1))));
        acc = acc ? m.i64.or(acc, d) : d;
      }
      f.finish(`mem.eq${size}`, T.i32, [m.i64.eqz(acc!)]);
    });
  }

  /** Wrapping / saturating arithmetic on integers of at most 64 bits: `(a, b) → r`. */
  intop(op: IntOp, int: IntKind): string {
    const name = `${op}.${int.signed ? "i" : "u"}${int.bits}`;
    return this.once(name, () => {
      const m = this.mod;
      const ty = int.bits === 64 ? T.i64 : T.i32;
      const f = new Fn(m, [ty, ty]);
      const base = op.slice(op.indexOf("_") + 1) as "add" | "sub" | "mul";
      const { min, max } = range(int);
      if (op.startsWith("wrapping")) {
        const ops = int.bits === 64 ? m.i64 : m.i32;
        const r = ops[base](f.get(0), f.get(1));
        f.finish(name, ty, [int.bits >= 32 ? r : normalize32(m, r, int)]);
        return;
      }
      if (int.bits <= 32) {
        const r = f.local(T.i64);
        const R = () => f.get(r);
        const clamped = int.signed || base === "sub"
          ? m.select(m.i64.lt_s(R(), f.c64(min)), f.c64(min), m.select(m.i64.gt_s(R(), f.c64(max)), f.c64(max), R()))
          : m.select(m.i64.gt_u(R(), f.c64(max)), f.c64(max), R());
        f.finish(name, T.i32, [f.set(r, this.exact(f, base, int)), m.i32.wrap(clamped)]);
        return;
      }
      const r = f.local(T.i64);
      const over = this.overflow64(f, base, int.signed, r);
      // Signed overflow saturates toward the sign of the exact result.
      const sat = !int.signed ? f.c64(base === "sub" ? 0n : max)
        : base === "mul" ? m.select(m.i64.lt_s(m.i64.xor(f.get(0), f.get(1)), f.c64(0n)), f.c64(min), f.c64(max))
        : m.select(m.i64.lt_s(f.get(0), f.c64(0n)), f.c64(min), f.c64(max));
      f.finish(name, T.i64, [f.set(r, m.i64[base](f.get(0), f.get(1))), m.select(over, sat, f.get(r))]);
    });
  }

  /** `checked_*` on integers of at most 64 bits: `(dst, a, b) → ok`, the result stored at dst when ok. */
  checked(op: CheckedOp, int: IntKind): string {
    const name = `checked_${op}.${int.signed ? "i" : "u"}${int.bits}`;
    return this.once(name, () => {
      const m = this.mod;
      const ty = int.bits === 64 ? T.i64 : T.i32;
      const f = new Fn(m, [T.i32, ty, ty]);
      const a = () => f.get(1), b = () => f.get(2);
      const { min, max } = range(int);
      const code: X[] = [];
      const isZero = int.bits === 64 ? m.i64.eqz(b()) : m.i32.eqz(b());
      if (op === "div") code.push(m.if(isZero, m.return(m.i32.const(0))));
      const store = (v: X) => int.bits === 64 ? m.i64.store(0, 1, f.get(0), v)
        : int.bits === 8 ? m.i32.store8(0, 1, f.get(0), v) : int.bits === 16 ? m.i32.store16(0, 1, f.get(0), v) : m.i32.store(0, 1, f.get(0), v);
      if (int.bits <= 32) {
        const r = f.local(T.i64);
        const R = () => f.get(r);
        const bad = int.signed || op === "sub"
          ? m.i32.or(m.i64.lt_s(R(), f.c64(min)), m.i64.gt_s(R(), f.c64(max)))
          : m.i64.gt_u(R(), f.c64(max));
        code.push(f.set(r, this.exact(f, op, int, 1)), m.if(bad, m.return(m.i32.const(0))), store(m.i32.wrap(R())));
      } else {
        const r = f.local(T.i64);
        if (op === "div") {
          if (int.signed) code.push(m.if(m.i32.and(m.i64.eq(a(), f.c64(-(1n << 63n))), m.i64.eq(b(), f.c64(-1n))), m.return(m.i32.const(0))));
          code.push(f.set(r, int.signed ? m.i64.div_s(a(), b()) : m.i64.div_u(a(), b())));
        } else {
          code.push(f.set(r, m.i64[op](a(), b())), m.if(this.overflow64(f, op, int.signed, r, 1), m.return(m.i32.const(0))));
        }
        code.push(store(f.get(r)));
      }
      code.push(m.i32.const(1));
      f.finish(name, T.i32, code);
    });
  }

  /** The exact result in i64 of an op on ≤ 32-bit operands at params `at`, `at + 1`. */
  private exact(f: Fn, op: CheckedOp, int: IntKind, at = 0): X {
    const m = this.mod;
    const ext = (x: X) => (int.signed ? m.i64.extend_s(x) : m.i64.extend_u(x));
    const a = ext(f.get(at)), b = ext(f.get(at + 1));
    if (op === "div") return int.signed ? m.i64.div_s(a, b) : m.i64.div_u(a, b);
    return m.i64[op](a, b);
  }

  /** Whether the 64-bit op on params `at`, `at + 1` with wrapped result in local r overflowed. */
  private overflow64(f: Fn, op: "add" | "sub" | "mul", signed: boolean, r: number, at = 0): X {
    const m = this.mod;
    const a = () => f.get(at), b = () => f.get(at + 1), R = () => f.get(r);
    const zero = f.c64(0n);
    switch (op) {
      case "add":
        return signed ? m.i64.lt_s(m.i64.and(m.i64.xor(a(), R()), m.i64.xor(b(), R())), zero) : m.i64.lt_u(R(), a());
      case "sub":
        return signed ? m.i64.lt_s(m.i64.and(m.i64.xor(a(), b()), m.i64.xor(a(), R())), zero) : m.i64.lt_u(a(), b());
      case "mul": {
        // a ≠ 0 and r / a ≠ b (division guarded: a = -1 with b = MIN is the one signed trap).
        const safeA = m.select(m.i64.eqz(a()), f.c64(1n), a());
        const div = signed ? m.i64.div_s(R(), safeA) : m.i64.div_u(R(), safeA);
        const wrong = m.i32.and(m.i64.ne(a(), zero), m.i64.ne(div, b()));
        if (!signed) return wrong;
        const special = m.i32.and(m.i64.eq(a(), f.c64(-1n)), m.i64.eq(b(), f.c64(-(1n << 63n))));
        // With a = -1, b = MIN: r = MIN and MIN / -1 traps, so test it first.
        return m.if(special, m.i32.const(1), wrong);
      }
    }
  }

  /** `(a, b, n) → i32`: 1 when the n bytes at a and b are equal. */
  memEqN(): string {
    return this.once("mem.eqn", () => {
      const m = this.mod;
      const f = new Fn(m, [T.i32, T.i32, T.i32]);
      const i = f.local(T.i32);
      const I = () => f.get(i);
      f.finish("mem.eqn", T.i32, [
        m.block("done", [m.loop("words", m.block(null, [
          m.br("done", m.i32.gt_u(m.i32.add(I(), m.i32.const(8)), f.get(2))),
          m.if(m.i64.ne(unsigned(m.i64.load(0, 1, m.i32.add(f.get(0), I()))), unsigned(m.i64.load(0, 1, m.i32.add(f.get(1), I())))), m.return(m.i32.const(0))),
          f.set(i, m.i32.add(I(), m.i32.const(8))),
          m.br("words"),
        ]))]),
        m.block("end", [m.loop("bytes", m.block(null, [
          m.br("end", m.i32.ge_u(I(), f.get(2))),
          m.if(m.i32.ne(m.i32.load8_u(0, 1, m.i32.add(f.get(0), I())), m.i32.load8_u(0, 1, m.i32.add(f.get(1), I()))), m.return(m.i32.const(0))),
          f.set(i, m.i32.add(I(), m.i32.const(1))),
          m.br("bytes"),
        ]))]),
        m.i32.const(1),
      ]);
    });
  }

  /** `(a, b, unit) → i32`: equality of two count-prefixed values with items of `unit` bytes. */
  dynEq(): string {
    return this.once("dyn.eq", () => {
      const m = this.mod;
      const f = new Fn(m, [T.i32, T.i32, T.i32]);
      const len = (x: X) => unsigned(m.i32.load(0, 1, x));
      f.finish("dyn.eq", T.i32, [
        m.if(m.i32.ne(len(f.get(0)), len(f.get(1))), m.return(m.i32.const(0))),
        m.call(this.memEqN(), [m.i32.add(f.get(0), m.i32.const(4)), m.i32.add(f.get(1), m.i32.const(4)), m.i32.mul(len(f.get(0)), f.get(2))], T.i32),
      ]);
    });
  }

  /** `(p, n) → i32`: 1 when the n bytes at p are well-formed UTF-8 (no overlongs, surrogates, > U+10FFFF). */
  utf8(): string {
    return this.once("utf8.valid", () => {
      const m = this.mod;
      const f = new Fn(m, [T.i32, T.i32]);
      const i = f.local(T.i32), c = f.local(T.i32), need = f.local(T.i32), lo = f.local(T.i32), hi = f.local(T.i32), k = f.local(T.i32);
      const I = () => f.get(i), C = () => f.get(c);
      const byteAt = (x: X) => m.i32.load8_u(0, 1, m.i32.add(f.get(0), x));
      const fail = m.return(m.i32.const(0));
      const between = (x: X, a: number, b: number) => m.i32.le_u(m.i32.sub(x, m.i32.const(a)), m.i32.const(b - a));
      // Lead byte → number of continuation bytes and the allowed range of the first one.
      const lead = (a: number, b: number, n: number, l: number, h: number, rest: X): X =>
        m.if(between(C(), a, b), m.block(null, [f.set(need, m.i32.const(n)), f.set(lo, m.i32.const(l)), f.set(hi, m.i32.const(h))]), rest);
      f.finish("utf8.valid", T.i32, [
        m.block("done", [m.loop("next", m.block(null, [
          m.br("done", m.i32.ge_u(I(), f.get(1))),
          f.set(c, byteAt(I())),
          f.set(i, m.i32.add(I(), m.i32.const(1))),
          m.if(m.i32.lt_u(C(), m.i32.const(0x80)), m.br("next")),
          lead(0xc2, 0xdf, 1, 0x80, 0xbf,
            lead(0xe0, 0xe0, 2, 0xa0, 0xbf,
              lead(0xe1, 0xec, 2, 0x80, 0xbf,
                lead(0xed, 0xed, 2, 0x80, 0x9f,
                  lead(0xee, 0xef, 2, 0x80, 0xbf,
                    lead(0xf0, 0xf0, 3, 0x90, 0xbf,
                      lead(0xf1, 0xf3, 3, 0x80, 0xbf,
                        lead(0xf4, 0xf4, 3, 0x80, 0x8f, fail)))))))),
          m.if(m.i32.gt_u(m.i32.add(I(), f.get(need)), f.get(1)), fail),
          f.set(k, m.i32.const(0)),
          m.block("cont", [m.loop("each", m.block(null, [
            m.br("cont", m.i32.ge_u(f.get(k), f.get(need))),
            f.set(c, byteAt(I())),
            m.if(m.i32.or(m.i32.lt_u(C(), f.get(lo)), m.i32.gt_u(C(), f.get(hi))), fail),
            f.set(lo, m.i32.const(0x80)), f.set(hi, m.i32.const(0xbf)),
            f.set(i, m.i32.add(I(), m.i32.const(1))),
            f.set(k, m.i32.add(f.get(k), m.i32.const(1))),
            m.br("each"),
          ]))]),
          m.br("next"),
        ]))]),
        m.i32.const(1),
      ]);
    });
  }
}

function range(int: IntKind): { min: bigint; max: bigint } {
  const b = BigInt(int.bits);
  return int.signed ? { min: -(1n << (b - 1n)), max: (1n << (b - 1n)) - 1n } : { min: 0n, max: (1n << b) - 1n };
}

/** Re-normalises an i32 holding a < 32-bit integer (zero- or sign-extension). */
function normalize32(m: binaryen.Module, v: X, int: IntKind): X {
  if (!int.signed) return m.i32.and(v, m.i32.const((1 << int.bits) - 1));
  const sh = m.i32.const(32 - int.bits);
  return m.i32.shr_s(m.i32.shl(v, sh), m.i32.const(32 - int.bits));
}
