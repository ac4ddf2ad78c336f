// Differential property: the interpreter agrees with Node's own WebAssembly (V8, running
// the same uninstrumented module) on every integer operator, conversion and memory access,
// for random and boundary inputs: same value, or the same trap.

import wabtInit from "wabt";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../decode/decode.js";
import { ALL_OPS } from "../../wasm/opcodes.js";
import { trapCodeOfMessage } from "../v8/traps.js";
import { Trap, type Value } from "../types.js";
import { InterpEngine } from "./engine.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };

/** Every integer stack operator of the opcode table, with its operand signature. */
const OPERATORS = ALL_OPS.filter((o) => (o.feature === "mvp" || o.feature === "sign-ext")
  && o.sig !== null && /^[iI]{1,2}:[iI]$/.test(o.sig) && !/load|const|memory/.test(o.name));

const valType = (c: string) => (c === "i" ? "i32" : "i64");
const opFuncs = OPERATORS.map((o) => {
  const [p, r] = o.sig!.split(":") as [string, string];
  const params = [...p].map(valType);
  return `(func (export "${o.name}") (param ${params.join(" ")}) (result ${valType(r)})
    ${params.map((_, k) => `local.get ${k}`).join(" ")} ${o.name})`;
});

const LOADS = ["i32.load", "i64.load", "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u",
  "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u"];
const OFFSETS = [0, 1, 3, 65535, 65536, 0x7fffffff, 0xffffffff];
const loadFuncs = LOADS.flatMap((l) => OFFSETS.map((off) =>
  `(func (export "${l}@${off}") (param i32) (result ${l.slice(0, 3)}) (${l} offset=${off} (local.get 0)))`));
const STORES = ["i32.store", "i32.store8", "i32.store16", "i64.store", "i64.store8", "i64.store16", "i64.store32"];
const storeFuncs = STORES.map((s) =>
  `(func (export "${s}") (param i32 ${s.slice(0, 3)}) (${s} offset=3 (local.get 0) (local.get 1)))`);

const text = `(module (memory (export "memory") 1 1)
  (data (i32.const 0) "\\01\\82\\03\\f4\\05\\86\\07\\f8")
  (data (i32.const 65528) "\\f1\\02\\83\\04\\85\\06\\87\\08")
  ${[...opFuncs, ...loadFuncs, ...storeFuncs].join("\n")})`;
const parsed = wabt.parseWat("ops.wat", text, FEATURES);
parsed.validate();
const bytes = new Uint8Array(parsed.toBinary({}).buffer);

type Outcome = { values: Value[] } | { trap: string };

const engine = new InterpEngine();
const prepared = engine.prepare(decodeModule(bytes), bytes);
const nativeModule = new WebAssembly.Module(bytes);
let interp = engine.instantiate(prepared, () => undefined, { gas: 10n ** 15n, stackUsed: 0 });
let native = new WebAssembly.Instance(nativeModule, {});
/** Fresh instances of both, so that each property run (and each shrink step) starts from the same memory. */
function reset(): void {
  interp = engine.instantiate(prepared, () => undefined, { gas: 10n ** 15n, stackUsed: 0 });
  native = new WebAssembly.Instance(nativeModule, {});
}

function runInterp(name: string, args: Value[]): Outcome {
  try {
    return { values: interp.invoke(name, args) };
  } catch (e) {
    if (e instanceof Trap) return { trap: e.code };
    throw e;
  }
}

function runNative(name: string, args: Value[]): Outcome {
  try {
    const f = native.exports[name] as (...a: Value[]) => Value;
    const r = f(...args);
    return { values: r === undefined ? [] : [r] };
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return { trap: trapCodeOfMessage(e.message) ?? `unmapped: ${e.message}` };
    throw e;
  }
}

const I32_EDGES = [0, 1, -1, 2, -2, 31, 32, 33, 63, 64, 0x7fffffff, -0x80000000, 0x40000000, 0xffff, 0x10000];
const I64_EDGES = [0n, 1n, -1n, 2n, -2n, 31n, 32n, 63n, 64n, 65n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n, 2n ** 32n - 1n, -(2n ** 31n)];
const i32Arb = fc.oneof(fc.constantFrom(...I32_EDGES), fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: -70, max: 70 }));
const i64Arb = fc.oneof(fc.constantFrom(...I64_EDGES), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -70n, max: 70n }),
  i32Arb.map((x) => BigInt(x)));
const argArb = (c: string) => (c === "i" ? i32Arb : i64Arb) as fc.Arbitrary<Value>;

describe("interp agrees with Node's WebAssembly", () => {
  it("covers every integer operator", () => {
    // i32 and i64: eqz + 10 comparisons + clz/ctz/popcnt + 15 binary = 29 each; wrap,
    // extend_s/u; 5 sign-extension ops. Guards the filter above against silently shrinking.
    expect(OPERATORS.length).toBe(29 + 29 + 3 + 5);
  });

  it("on integer operators", () => {
    const opArb = fc.constantFrom(...OPERATORS).chain((o) => {
      const p = o.sig!.split(":")[0]!;
      return fc.tuple(fc.constant(o.name), fc.tuple(...[...p].map(argArb)));
    });
    fc.assert(fc.property(opArb, ([name, args]) => {
      expect(runInterp(name, args)).toEqual(runNative(name, args));
    }), { numRuns: 20_000 });
  });

  it("on loads and stores near the bounds, with offsets up to 2^32-1", () => {
    const addrArb = fc.oneof(fc.integer({ min: -16, max: 16 }), fc.integer({ min: 65520, max: 65545 }),
      fc.integer({ min: -0x80000000, max: 0x7fffffff }));
    const loadArb = fc.tuple(fc.constantFrom(...LOADS), fc.constantFrom(...OFFSETS), addrArb);
    const storeArb = fc.constantFrom(...STORES).chain((s) =>
      fc.tuple(fc.constant(s), addrArb, s.startsWith("i32") ? i32Arb : i64Arb as fc.Arbitrary<Value>));
    fc.assert(fc.property(fc.array(fc.oneof(
      loadArb.map(([l, off, a]) => ({ name: `${l}@${off}`, args: [a] as Value[] })),
      storeArb.map(([s, a, v]) => ({ name: s, args: [a, v] as Value[] })),
    ), { maxLength: 8 }), (calls) => {
      reset();
      for (const c of calls) expect(runInterp(c.name, c.args)).toEqual(runNative(c.name, c.args));
      // A byte loop: a deep-equality diff of 64 KiB would make a failure (and shrinking) crawl.
      const ours = interp.read(0, 65536);
      const theirs = new Uint8Array((native.exports["memory"] as WebAssembly.Memory).buffer);
      let firstDiff = -1;
      for (let k = 0; k < 65536 && firstDiff < 0; k++) if (ours[k] !== theirs[k]) firstDiff = k;
      expect(firstDiff).toBe(-1);
    }), { numRuns: 2_000 });
  });
});
