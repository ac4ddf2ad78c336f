import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { decodeModule } from "../decode/decode.js";
import { encodeModule } from "../encode/encode.js";
import { Op } from "../wasm/opcodes.js";
import { instrument, START_EXPORT, TRAP_OUT_OF_GAS, TRAP_STACK_OVERFLOW } from "./instrument.js";
import { planModule } from "./plan.js";
import { SCHEDULE_V1 } from "./schedule.js";
import { instantiateMetered } from "./testkit.js";

const wabt = await wabtInit();
function wat(text: string): Uint8Array {
  const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
  return new Uint8Array(wabt.parseWat("t.wat", text, features).toBinary({}).buffer);
}
function plain(bytes: Uint8Array): Record<string, (...a: unknown[]) => unknown> {
  const WA = (globalThis as any).WebAssembly;
  return new WA.Instance(new WA.Module(bytes), {}).exports;
}

const KERNELS = wat(`(module
  (memory 1)
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func (export "sum") (param $n i32) (result i64) (local $acc i64)
    (block $out
      (loop $top
        (br_if $out (i32.eqz (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  ;; return from inside nested constructs, and br to the function label
  (func (export "early") (param i32) (result i32)
    (block (block (loop
      (if (i32.eq (local.get 0) (i32.const 1)) (then (return (i32.const 10))))
      (if (i32.eq (local.get 0) (i32.const 2)) (then (br 4 (i32.const 20))))
      (br_table 2 1 1 1 2 (local.get 0))))
      (return (i32.const 40)))
    (i32.const 30))
  (func (export "pair") (param i32 i32) (result i32 i32)
    (if (i32.gt_s (local.get 0) (local.get 1)) (then (return (local.get 1) (local.get 0))))
    (local.get 0) (local.get 1))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "spin") (loop (br 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
  (func $deepfat (export "deepfat") (param i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64
           i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deepfat (i32.sub (local.get 0) (i32.const 1)))))))
  (func $rec (export "rec") (call $rec))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 7) (local.get 0)))
  (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
)`);

describe("instrument", () => {
  const meta = instantiateMetered(KERNELS, SCHEDULE_V1);
  const ref = plain(KERNELS);
  const BIG = 1n << 40n;

  it("produces a module V8 accepts, with the same results as the original", () => {
    for (const n of [0, 1, 2, 10, 20]) expect(meta.call("fib", [n], BIG).result).toBe(ref.fib!(n));
    for (const n of [0, 1, 100, 1000]) expect(meta.call("sum", [n], BIG).result).toBe(ref.sum!(n));
    for (const n of [0, 1, 2, 3, 4, 5]) expect(meta.call("early", [n], BIG).result).toBe(ref.early!(n));
    expect(meta.call("pair", [3, 2], BIG).result).toEqual(ref.pair!(3, 2));
    expect(meta.call("pair", [1, 2], BIG).result).toEqual(ref.pair!(1, 2));
    expect(meta.call("deep", [500], BIG).result).toBe(500);
  });

  it("credits the frame on every exit, so the stack count returns to 0", () => {
    for (const n of [0, 1, 2, 3, 5]) expect(meta.call("early", [n], BIG).stack).toBe(0);
    expect(meta.call("pair", [3, 2], BIG).stack).toBe(0);
    expect(meta.call("fib", [12], BIG).stack).toBe(0);
  });

  it("charges exactly the planned blocks (hand count for a loop)", () => {
    // Metered blocks of "sum" (prices of SCHEDULE_V1):
    //   [block]=1 at entry, [loop]=1, loop body up to br_if: local.get i32.eqz br_if = 1+1+2,
    //   then up to br: 7 instrs (local.get ×2, i64.extend, i64.add, local.set, local.get,
    //   i32.const, i32.sub, local.set) = 9, br = 2 → 11; after the loop's end: end = 0,
    //   after the block's end: local.get end = 1.
    const runs = (n: number) => SCHEDULE_V1.instr.block! + SCHEDULE_V1.instr.loop! + (n + 1) * 4 + n * 11 + 1;
    for (const n of [0, 1, 7]) {
      const r = meta.call("sum", [n], BIG);
      expect(BIG - r.gasLeft).toBe(BigInt(runs(n)));
    }
  });

  it("traps out of gas deterministically: gas 0, __silk_trap = 1", () => {
    const full = BIG - meta.call("fib", [15], BIG).gasLeft;
    for (const g of [0n, 1n, full / 2n, full - 1n]) {
      const r = meta.call("fib", [15], g);
      expect(r.error).toBeInstanceOf((globalThis as any).WebAssembly.RuntimeError);
      expect(r.trap).toBe(TRAP_OUT_OF_GAS);
      expect(r.gasLeft).toBe(0n);
    }
    const ok = meta.call("fib", [15], full);
    expect(ok.error).toBeUndefined();
    expect(ok.gasLeft).toBe(0n);
    expect(ok.trap).toBe(0);
  });

  it("stops an infinite loop by gas", () => {
    const r = meta.call("spin", [], 1_000_000n);
    expect(r.trap).toBe(TRAP_OUT_OF_GAS);
    expect(r.gasLeft).toBe(0n);
  });

  it("a contract's own trap leaves __silk_trap at 0", () => {
    const r = meta.call("div", [1, 0], BIG);
    expect(r.error).toBeDefined();
    expect(r.trap).toBe(0);
  });

  it("deep recursion is a VM stack overflow, never a V8 RangeError", () => {
    // The smallest possible frame: no params, no locals, no operands (frameOverhead only).
    expect(meta.meter.funcs[meta.module.exports.find((e) => e.name === "rec")!.index]!.frameCost).toBe(SCHEDULE_V1.frameOverhead);
    for (let k = 0; k < 3; k++) { // repeated so that V8 may tier up to optimised code
      const r = meta.call("rec", [], BIG);
      expect(r.error).not.toBeInstanceOf(RangeError);
      expect(r.trap).toBe(TRAP_STACK_OVERFLOW);
    }
    for (const fn of ["deep", "deepfat"]) {
      const fc = meta.meter.funcs[meta.module.exports.find((e) => e.name === fn)!.index]!.frameCost;
      const fits = Math.floor(SCHEDULE_V1.stackLimit / fc);
      expect(meta.call(fn, [fits - 1], BIG).result).toBe(fits - 1); // fits frames: depth 0..fits-1
      const r = meta.call(fn, [fits], BIG);
      expect(r.error).not.toBeInstanceOf(RangeError);
      expect(r.trap).toBe(TRAP_STACK_OVERFLOW);
      const huge = meta.call(fn, [10_000_000], BIG);
      expect(huge.error).not.toBeInstanceOf(RangeError);
      expect(huge.trap).toBe(TRAP_STACK_OVERFLOW);
    }
  });

  it("charges memory.grow per requested page before the grow, also when it fails; caps pages", () => {
    const base = BIG - meta.call("grow", [0], BIG).gasLeft;
    const r1 = meta.call("grow", [3], BIG);
    expect(r1.result).toBe(1);
    expect(BIG - r1.gasLeft).toBe(base + 3n * BigInt(SCHEDULE_V1.growPerPage));
    // Past the cap: -1 from V8 (the memory max was clamped), still charged.
    const r2 = meta.call("grow", [SCHEDULE_V1.maxPages], BIG);
    expect(r2.result).toBe(-1);
    expect(BIG - r2.gasLeft).toBe(base + BigInt(SCHEDULE_V1.maxPages * SCHEDULE_V1.growPerPage));
    // A huge unsigned request runs out of gas before trying.
    const r3 = meta.call("grow", [-1], 1_000_000n);
    expect(r3.trap).toBe(TRAP_OUT_OF_GAS);
  });

  it("charges memory.fill per 8 bytes, rounded up, before it runs (also when it traps)", () => {
    const base = BIG - meta.call("fill", [0], BIG).gasLeft;
    for (const [n, units] of [[1, 1n], [8, 1n], [9, 2n], [4096, 512n]] as const) {
      const r = meta.call("fill", [n], BIG);
      expect(r.error).toBeUndefined();
      expect(BIG - r.gasLeft).toBe(base + units);
    }
    expect(meta.call("load", [100], BIG).result).toBe(7);
    const oob = meta.call("fill", [0x7fffffff], BIG); // out of bounds: traps after charging
    expect(oob.error).toBeDefined();
    expect(oob.trap).toBe(0);
    expect(BIG - oob.gasLeft).toBe(base + BigInt(Math.ceil(0x7fffffff / 8)));
  });

  it("is deterministic and does not mutate its input", () => {
    const m = decodeModule(KERNELS);
    const before = encodeModule(m);
    const a = encodeModule(instrument(m, planModule(m, SCHEDULE_V1)));
    const b = encodeModule(instrument(decodeModule(KERNELS), planModule(decodeModule(KERNELS), SCHEDULE_V1)));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(encodeModule(m)).equals(Buffer.from(before))).toBe(true);
    expect(m.codes.some((c) => c.body.some((i) => i.op === Op.return))).toBe(true);
  });

  it("moves the start function to the __silk_start export and clamps the memory max", () => {
    const bytes = wat(`(module (memory 1 100000) (global $g (mut i32) (i32.const 0))
      (func $s (global.set $g (i32.const 42)))
      (func (export "get") (result i32) (global.get $g))
      (start $s))`);
    const m = decodeModule(bytes);
    const out = instrument(m, planModule(m, SCHEDULE_V1));
    expect(out.start).toBeUndefined();
    expect(m.start).toBe(0);
    expect(out.memories[0]).toEqual({ min: 1, max: SCHEDULE_V1.maxPages });
    const inst = instantiateMetered(bytes, SCHEDULE_V1);
    expect(inst.call("get", [], BIG).result).toBe(0); // start did not run at instantiation
    inst.call(START_EXPORT, [], BIG);
    expect(inst.call("get", [], BIG).result).toBe(42);
  });

  it("host imports see the exact remaining gas, and the code continues with what they leave", () => {
    const bytes = wat(`(module (import "env" "host" (func $host (param i32) (result i32)))
      (func (export "run") (param i32) (result i32)
        (i32.add (call $host (local.get 0)) (i32.const 1))
        (drop) (call $host (i32.const 0))))`);
    const seen: bigint[] = [];
    let inst: ReturnType<typeof instantiateMetered> | undefined;
    const host = (burn: number) => {
      const g = inst!.exports.__silk_gas as { value: bigint };
      seen.push(g.value);
      g.value -= BigInt(burn); // a host function charging its formula
      return 0;
    };
    inst = instantiateMetered(bytes, SCHEDULE_V1, { env: { host } });
    const plan = inst.meter.funcs[0]!.blockCost;
    const whole = BigInt(plan.reduce((x, y) => x + y, 0)); // one metered block: no boundary before the final end
    const r = inst.call("run", [1000], 1_000_000n);
    expect(r.error).toBeUndefined();
    expect(seen).toEqual([1_000_000n - whole, 1_000_000n - whole - 1000n]);
    expect(r.gasLeft).toBe(1_000_000n - whole - 1000n);
  });

  it("charges table.copy per element", () => {
    const bytes = wat(`(module (table 8 funcref) (func $f) (elem (i32.const 0) $f $f $f)
      (func (export "copy") (param i32) (table.copy (i32.const 4) (i32.const 0) (local.get 0))))`);
    const inst = instantiateMetered(bytes, SCHEDULE_V1);
    const base = BIG - inst.call("copy", [0], BIG).gasLeft;
    expect(BIG - inst.call("copy", [3], BIG).gasLeft).toBe(base + 3n * BigInt(SCHEDULE_V1.tablePerElem));
    const oob = inst.call("copy", [5], BIG); // 4 + 5 > 8: traps after the charge
    expect(oob.error).toBeDefined();
    expect(BIG - oob.gasLeft).toBe(base + 5n * BigInt(SCHEDULE_V1.tablePerElem));
  });

  it("refuses a module that exports a reserved name", () => {
    const m = decodeModule(wat(`(module (func (export "__silk_gas")))`));
    expect(() => instrument(m, planModule(m, SCHEDULE_V1))).toThrow(/reserved/);
  });
});
