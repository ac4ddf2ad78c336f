// The wide-integer runtime against a BigInt model, on both VM engines: every runtime function
// for u/i × 128/256, edge-biased random operands (0, ±1, MIN, MAX, MAX-1, powers of two, limb
// patterns), and aliasing of dst with an operand. Same value, or same panic code, or — for
// `checked_*` — the same refusal with dst untouched. Replay: FC_SEED=<seed> [FC_PATH=<path>].

import binaryen from "binaryen";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../../vm/decode/decode.js";
import { InterpEngine } from "../../../vm/engine/interp/index.js";
import { V8Engine } from "../../../vm/engine/v8/engine.js";
import type { Engine, HostFunction, Instance, Value } from "../../../vm/engine/types.js";
import { validateModule } from "../../../vm/validate/validate.js";
import { PANIC_SELECTOR } from "../../../stdlib/abi/selector.js";
import { requireRuntime, runtimeNames, SCRATCH_END, WIDE_OPS } from "./index.js";

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const PATH = process.env.FC_PATH;
console.log(`runtime.test: FC_SEED=${SEED}`);
const fcOpts = (numRuns: number) => ({ seed: SEED, path: PATH, numRuns, endOnFailure: true });

// ── the module under test ───────────────────────────────────────────────────────────────────
const FEATURES = binaryen.Features.MVP | binaryen.Features.SignExt | binaryen.Features.MutableGlobals |
  binaryen.Features.Multivalue | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt;

function buildModule(): { bytes: Uint8Array; text: string } {
  const mod = new binaryen.Module();
  try {
    mod.setFeatures(FEATURES);
    mod.setMemory(1, 16);
    for (const name of runtimeNames()) {
      const wasm = requireRuntime(mod, name);
      expect(requireRuntime(mod, name)).toBe(wasm); // idempotent
      mod.addFunctionExport(wasm, name);
    }
    if (!mod.validate()) throw new Error("binaryen validation failed");
    return { bytes: mod.emitBinary(), text: mod.emitText() };
  } finally {
    mod.dispose();
  }
}

const { bytes } = buildModule();
const wasmModule = decodeModule(bytes);

class Reverted {
  constructor(readonly data: Uint8Array) {}
}
const revert: HostFunction = (inst, args) => {
  throw new Reverted(inst.read(args[0] as number, args[1] as number));
};

type Outcome = { ok: Value[]; mem: Uint8Array } | { panic: number } | { trap: string };

const A = 1024;
const B = 1088;
const DST = 1152;
const CANARY = new Uint8Array(32).map((_, i) => 0xa5 ^ i);

class Runner {
  private inst: Instance | undefined;
  constructor(private readonly engine: Engine) {}
  private instance(): Instance {
    if (!this.inst) {
      const prepared = this.engine.prepare(wasmModule, bytes);
      this.inst = this.engine.instantiate(prepared, (m, n) => (m === "silk" && n === "revert" ? revert : undefined),
        { gas: 10n ** 10n, stackUsed: 0 });
    }
    return this.inst;
  }
  /** Writes the buffers, calls the export, and returns the results with 32 bytes at `readAt`. */
  call(name: string, writes: [number, Uint8Array][], args: Value[], readAt: number): Outcome {
    const inst = this.instance();
    inst.write(DST, CANARY);
    for (const [ptr, b] of writes) inst.write(ptr, b);
    try {
      const ok = inst.invoke(name, args);
      return { ok, mem: inst.read(readAt, 32) };
    } catch (e) {
      this.inst = undefined; // do not reuse an instance that was unwound
      if (e instanceof Reverted) {
        expect([...e.data.slice(0, 4)]).toEqual([...PANIC_SELECTOR]);
        expect(e.data.length).toBe(8);
        return { panic: new DataView(e.data.buffer, e.data.byteOffset).getUint32(4, true) };
      }
      if (e instanceof Error && "code" in e) return { trap: String((e as { code: unknown }).code) };
      throw e;
    }
  }
}

const runners = [new Runner(new V8Engine()), new Runner(new InterpEngine())];

/** Runs on both engines, checks they agree, and returns the outcome. */
function run(name: string, writes: [number, Uint8Array][], args: Value[], readAt = DST): Outcome {
  const [first, ...rest] = runners.map((r) => r.call(name, writes, args, readAt));
  for (const o of rest) expect(o).toEqual(first);
  return first;
}

// ── the BigInt model ────────────────────────────────────────────────────────────────────────
function toBytes(v: bigint, n: number): Uint8Array {
  let u = BigInt.asUintN(8 * n, v);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { out[i] = Number(u & 0xffn); u >>= 8n; }
  return out;
}
function fromBytes(b: Uint8Array, signed: boolean): bigint {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return signed ? BigInt.asIntN(8 * b.length, v) : v;
}
const range = (W: number, signed: boolean): [bigint, bigint] =>
  signed ? [-(1n << BigInt(W - 1)), (1n << BigInt(W - 1)) - 1n] : [0n, (1n << BigInt(W)) - 1n];

/** Expected outcome: a value for dst, an i32 result, a panic code, or a `checked_*` refusal. */
type Expect = { value: bigint } | { flag: number } | { panic: number } | { refused: true } | { valueFlag: bigint };

function model(op: string, W: number, signed: boolean, a: bigint, b: bigint, n: number): Expect {
  const [min, max] = range(W, signed);
  const fits = (v: bigint) => v >= min && v <= max;
  const wrap = (v: bigint) => (signed ? BigInt.asIntN(W, v) : BigInt.asUintN(W, v));
  const bits = (v: bigint) => BigInt.asUintN(W, v);
  const exact = (o: string): bigint | "div0" => {
    switch (o) {
      case "add": return a + b;
      case "sub": return a - b;
      case "mul": return a * b;
      case "div": return b === 0n ? "div0" : a / b;
      case "rem": return b === 0n ? "div0" : a % b;
    }
    throw new Error(o);
  };
  const m = /^(wrapping_|saturating_|checked_)?(add|sub|mul|div|rem)$/.exec(op);
  if (m) {
    const v = exact(m[2]);
    const mode = m[1];
    if (mode === "checked_") return v === "div0" || !fits(v) ? { refused: true } : { valueFlag: v };
    if (v === "div0") return { panic: 0x12 };
    if (mode === "wrapping_") return { value: wrap(v) };
    if (mode === "saturating_") return { value: v < min ? min : v > max ? max : v };
    return fits(v) ? { value: v } : { panic: 0x11 };
  }
  const un = n >>> 0;
  switch (op) {
    case "eq": return { flag: a === b ? 1 : 0 };
    case "lt": return { flag: a < b ? 1 : 0 };
    case "le": return { flag: a <= b ? 1 : 0 };
    case "is_zero": return { flag: a === 0n ? 1 : 0 };
    case "and": return { value: wrap(bits(a) & bits(b)) };
    case "or": return { value: wrap(bits(a) | bits(b)) };
    case "xor": return { value: wrap(bits(a) ^ bits(b)) };
    case "not": return { value: wrap(~a) };
    case "shl": return { value: un >= W ? 0n : wrap(a << BigInt(un)) };
    case "shr": return { value: a >> BigInt(Math.min(un, W)) }; // BigInt >> is arithmetic: sign fill for i
    case "neg": return fits(-a) ? { value: -a } : { panic: 0x11 };
  }
  throw new Error(`no model for ${op}`);
}

// ── operands ────────────────────────────────────────────────────────────────────────────────
function wide(W: number, signed: boolean): fc.Arbitrary<bigint> {
  const [min, max] = range(W, signed);
  const norm = (v: bigint) => (signed ? BigInt.asIntN(W, v) : BigInt.asUintN(W, v));
  const edges = [0n, 1n, 2n, max, max - 1n, min, min + 1n, ...(signed ? [-1n, -2n] : [])];
  const limb = fc.oneof(
    fc.constantFrom(0n, BigInt.asUintN(64, -1n), 1n, 1n << 63n, 0xffffffffn, 1n << 32n),
    fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...edges) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: W - 1 }), fc.constantFrom(-1n, 0n, 1n), fc.boolean())
      .map(([k, d, neg]) => norm((neg ? -1n : 1n) * ((1n << BigInt(k)) + d))) },
    { weight: 2, arbitrary: fc.array(limb, { minLength: W / 64, maxLength: W / 64 })
      .map((ls) => norm(ls.reduce((acc, l, i) => acc | (l << BigInt(64 * i)), 0n))) },
    { weight: 1, arbitrary: fc.bigInt({ min: -1000n, max: 1000n }).map(norm) },
    { weight: 3, arbitrary: fc.bigInt({ min, max }) },
    // a small divisor against a big dividend and vice versa
    { weight: 1, arbitrary: fc.integer({ min: 1, max: W - 1 }).chain((k) => fc.bigInt({ min: 0n, max: (1n << BigInt(k)) - 1n })).map(norm) },
  );
}

const shiftAmount = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129, 191, 192, 255, 256, 257, 0x7fffffff, -1, -256),
);

/** One call of `${s}${W}.${op}` on both engines, checked against the model. */
function check(op: string, W: number, signed: boolean, a: bigint, b: bigint, n: number, alias: number): void {
  try {
    checkOne(op, W, signed, a, b, n, alias);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`${signed ? "i" : "u"}${W}.${op}(a=${a}, b=${b}, n=${n}, alias=${alias}): ${msg}`);
  }
}

function checkOne(op: string, W: number, signed: boolean, a: bigint, b: bigint, n: number, alias: number): void {
  const t = `${signed ? "i" : "u"}${W}`;
  const bytesW = W / 8;
  const ab = toBytes(a, bytesW);
  const bb = toBytes(b, bytesW);
  const expected = model(op, W, signed, a, b, n);
  const name = `${t}.${op}`;
  let outcome: Outcome;
  let dst = DST;
  if (op === "eq" || op === "lt" || op === "le") {
    outcome = run(name, [[A, ab], [B, bb]], [A, B]);
  } else if (op === "is_zero") {
    outcome = run(name, [[A, ab]], [A]);
  } else if (op === "not" || op === "neg") {
    dst = alias === 1 ? A : DST;
    outcome = run(name, [[A, ab]], [dst, A], dst);
  } else if (op === "shl" || op === "shr") {
    dst = alias === 1 ? A : DST;
    outcome = run(name, [[A, ab]], [dst, A, n], dst);
  } else {
    expect(BINARY.has(op)).toBe(true);
    dst = alias === 1 ? A : alias === 2 ? B : DST;
    outcome = run(name, [[A, ab], [B, bb]], [dst, A, B], dst);
  }
  // what dst held before the call
  const before = dst === A ? ab : dst === B ? bb : CANARY.slice(0, bytesW);
  if ("panic" in expected) {
    expect(outcome).toEqual({ panic: expected.panic });
    return;
  }
  expect("ok" in outcome, `${name}(${a}, ${b}, ${n}) → ${JSON.stringify(outcome)}`).toBe(true);
  const o = outcome as Outcome & { ok: Value[] };
  if ("flag" in expected) {
    expect(o.ok).toEqual([expected.flag]);
  } else if ("refused" in expected) {
    expect(o.ok).toEqual([0]);
    expect(o.mem.slice(0, bytesW)).toEqual(before);
  } else if ("valueFlag" in expected) {
    expect(o.ok).toEqual([1]);
    expect(fromBytes(o.mem.slice(0, bytesW), signed)).toBe(expected.valueFlag);
  } else {
    expect(o.ok).toEqual([]);
    expect(fromBytes(o.mem.slice(0, bytesW), signed)).toBe(expected.value);
  }
}

const edgeValues = (W: number, signed: boolean): bigint[] => {
  const [min, max] = range(W, signed);
  return [0n, 1n, max, max - 1n, min, 1n << 64n, ...(signed ? [-1n, -2n, min + 1n] : [2n, 1n << BigInt(W - 1)])];
};

// ── properties ──────────────────────────────────────────────────────────────────────────────
const BINARY = new Set(["add", "sub", "mul", "div", "rem", "and", "or", "xor",
  ...WIDE_OPS.filter((o) => /^(wrapping|saturating|checked)_/.test(o))]);
const RUNS = 60; // × 26 ops × 4 types = 6,240 cases, each on both engines

describe("wide integer runtime vs BigInt model", () => {
  for (const W of [128, 256]) {
    for (const signed of [false, true]) {
      const t = `${signed ? "i" : "u"}${W}`;
      for (const op of WIDE_OPS) {
        it(`${t}.${op}`, () => {
          fc.assert(fc.property(wide(W, signed), wide(W, signed), shiftAmount, fc.constantFrom(0, 1, 2),
            (a, b, n, alias) => check(op, W, signed, a, b, n, alias)), fcOpts(RUNS));
          // every pair of edge values, and products / quotients landing exactly on MIN
          for (const a of edgeValues(W, signed)) for (const b of edgeValues(W, signed)) check(op, W, signed, a, b, W - 1, 0);
          if (signed) {
            for (let k = 0; k < W; k++) {
              const p = 1n << BigInt(k);
              const q = 1n << BigInt(W - 1 - k);
              const i = (v: bigint) => BigInt.asIntN(W, v); // 2^(W-1) itself is MIN
              check(op, W, signed, i(-p), i(q), k, 0);
              check(op, W, signed, i(p), i(-q), k, 1);
              check(op, W, signed, i(-p), i(-q), k, 2);
            }
          }
        });
      }
    }
  }
});


// ── conversions ─────────────────────────────────────────────────────────────────────────────
const WIDTHS = [1, 2, 4, 8, 16, 32] as const;
const intOf = (bytesN: number, signed: boolean): fc.Arbitrary<bigint> => {
  const [min, max] = range(8 * bytesN, signed);
  return fc.oneof(
    fc.constantFrom(0n, 1n, max, min, max - 1n, ...(signed ? [-1n, min + 1n] : [])),
    // ±2^k within range (a map, not a filter: a filter that rejects everything never ends)
    fc.tuple(fc.integer({ min: 0, max: 8 * bytesN - 1 }), fc.boolean())
      .map(([k, neg]) => (neg ? -(1n << BigInt(k)) : 1n << BigInt(k)))
      .map((v) => (v > max ? max : v < min ? -v : v)),
    fc.bigInt({ min, max }),
  );
};
const SRC = 1024;

describe("conversions vs BigInt model", () => {
  it("int.cast: value copied when representable, else panic 0x21", () => {
    const arb = fc.tuple(fc.constantFrom(...WIDTHS), fc.boolean(), fc.constantFrom(...WIDTHS), fc.boolean())
      .chain(([db, ds, sb, ss]) => fc.tuple(fc.constant([db, ds, sb, ss] as const), intOf(sb, ss)));
    fc.assert(fc.property(arb, ([[db, ds, sb, ss], v]) => {
      const outcome = run("int.cast", [[SRC, toBytes(v, sb)]], [DST, db, ds ? 1 : 0, SRC, sb, ss ? 1 : 0]);
      const [min, max] = range(8 * db, ds);
      if (v < min || v > max) {
        expect(outcome).toEqual({ panic: 0x21 });
        return;
      }
      expect("ok" in outcome).toBe(true);
      const o = outcome as { ok: Value[]; mem: Uint8Array };
      expect(o.ok).toEqual([]);
      expect(fromBytes(o.mem.slice(0, db), ds)).toBe(v);
      expect([...o.mem.slice(db)]).toEqual([...CANARY.slice(db)]); // nothing written past dstBytes
    }), fcOpts(800));
  });

  it("int.from_i64 extends by the source's signedness; int.to_i64 takes the low 64 bits", () => {
    const i64 = fc.oneof(fc.constantFrom(0n, 1n, -1n, -(1n << 63n), (1n << 63n) - 1n, 1n << 32n), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }));
    fc.assert(fc.property(i64, fc.boolean(), fc.constantFrom(...WIDTHS), (v, ss, db) => {
      const outcome = run("int.from_i64", [], [DST, db, v, ss ? 1 : 0]) as { ok: Value[]; mem: Uint8Array };
      expect(outcome.ok).toEqual([]);
      const source = ss ? v : BigInt.asUintN(64, v);
      expect([...outcome.mem.slice(0, db)]).toEqual([...toBytes(source, db)]);
      expect([...outcome.mem.slice(db)]).toEqual([...CANARY.slice(db)]);
    }), fcOpts(300));
    fc.assert(fc.property(fc.constantFrom(...WIDTHS).chain((sb) => fc.tuple(fc.constant(sb), intOf(sb, false))), ([sb, v]) => {
      const outcome = run("int.to_i64", [[SRC, toBytes(v, sb)]], [SRC, sb]) as { ok: Value[] };
      expect(outcome.ok).toEqual([BigInt.asIntN(64, v)]);
    }), fcOpts(300));
  });
});

// ── the module itself ──────────────────────────────────────────────────────────────────────
describe("the emitted runtime", () => {
  it("validates under the VM's default policy (no floats, only host imports)", () => {
    expect(() => validateModule(wasmModule, { byteLength: bytes.length })).not.toThrow();
    expect(wasmModule.imports.map((i) => `${i.module}.${i.name}`)).toEqual(["silk.revert"]);
  });

  it("is deterministic: building twice gives the same bytes", () => {
    expect(Buffer.from(buildModule().bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it("adds a function and its dependencies once, only on demand", () => {
    const mod = new binaryen.Module();
    try {
      mod.setFeatures(FEATURES);
      mod.setMemory(1, 16);
      // an existing silk.revert import under another internal name is reused, not redeclared
      mod.addFunctionImport("host_revert", "silk", "revert", binaryen.createType([binaryen.i32, binaryen.i32]), binaryen.none);
      const name = requireRuntime(mod, "u256.add");
      expect(requireRuntime(mod, "u256.add")).toBe(name);
      expect(requireRuntime(mod, "u256.sub")).not.toBe(name);
      const names = Array.from({ length: mod.getNumFunctions() }, (_, i) => binaryen.getFunctionInfo(mod.getFunctionByIndex(i)).name);
      expect(names).toEqual(["host_revert", "rt.panic", "rt.u256.add", "rt.u256.sub"]);
      expect(mod.validate()).toBeTruthy();
      expect(() => requireRuntime(mod, "u512.add")).toThrow(/unknown runtime function/);
      expect(() => requireRuntime(mod, "u256.pow")).toThrow(/unknown runtime function/);
    } finally {
      mod.dispose();
    }
  });

  it("panics with Panic(u32) revert data built in the scratch region", () => {
    expect(run("panic", [], [0x32])).toEqual({ panic: 0x32 });
    expect(SCRATCH_END).toBe(256);
  });

  it("u256 division costs gas in proportion to the dividend's bits", () => {
    // 1 / 3 skips all but one bit of the 256-bit loop; MAX / 3 runs all 256 steps
    const gasOf = (a: bigint): bigint => {
      const inst = new InterpEngine().instantiate(new InterpEngine().prepare(wasmModule, bytes), () => revert, { gas: 10n ** 12n, stackUsed: 0 });
      inst.write(A, toBytes(a, 32));
      inst.write(B, toBytes(3n, 32));
      inst.invoke("u256.div", [DST, A, B]);
      return 10n ** 12n - inst.gasLeft();
    };
    const small = gasOf(1n);
    const big = gasOf((1n << 256n) - 1n);
    expect(small * 20n).toBeLessThan(big);
  });
});
