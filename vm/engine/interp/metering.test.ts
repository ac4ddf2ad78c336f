// Gas and stack metering of the interpreter. Most tests use a hand-made plan in which
// instruction i of a body costs 2^i: the gas used is then a bit set naming exactly which
// instructions control arrived at, so each test states the spec's control flow (where a
// branch continues) directly. Others use the real plan and schedule (vm/meter/plan.ts).

import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../decode/decode.js";
import { bulkCost, growCost, planModule, tableCost } from "../../meter/plan.js";
import { SCHEDULE_V1 } from "../../meter/schedule.js";
import type { CostSchedule, ModuleMeter } from "../../meter/types.js";
import type { WasmModule } from "../../wasm/module.js";
import { Trap, type ImportResolver, type TrapCode } from "../types.js";
import { compileModule } from "./compile.js";
import { InterpEngine } from "./engine.js";
import { InterpInstance } from "./instance.js";
import { trapOf } from "../testkit.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
function parse(text: string): WasmModule {
  const mod = wabt.parseWat("t.wat", text, FEATURES);
  mod.validate();
  return decodeModule(new Uint8Array(mod.toBinary({}).buffer));
}


/** A plan where instruction i costs 2^i (bodies of at most 32 instructions) and frames cost `frame`. */
function bitPlan(m: WasmModule, frame = 1, schedule: CostSchedule = SCHEDULE_V1): ModuleMeter {
  return {
    schedule,
    funcs: m.codes.map((c) => {
      if (c.body.length > 32) throw new Error("bitPlan: body too long");
      return { blockCost: Uint32Array.from(c.body, (_, i) => 2 ** i), frameCost: frame };
    }),
  };
}

function bits(...idx: number[]): bigint {
  return idx.reduce((s, i) => s + 2n ** BigInt(i), 0n);
}

const GAS = 1n << 40n;
function instWith(m: WasmModule, meter: ModuleMeter, imports: ImportResolver = () => undefined, gas = GAS, stackUsed = 0) {
  return new InterpInstance(compileModule(m, meter), imports, { gas, stackUsed });
}

/** Gas used by one call. */
function used(i: InterpInstance, name: string, args: (number | bigint)[]): bigint {
  const before = i.gasLeft();
  i.invoke(name, args);
  return before - i.gasLeft();
}

describe("charging on arrival (hand-made plan)", () => {
  it("br_if out of a block continues after its end", () => {
    const m = parse(`(module (func (export "f") (param i32) (result i32)
      block          ;; 0
        local.get 0  ;; 1
        br_if 0      ;; 2
        i32.const 1  ;; 3
        drop         ;; 4
      end            ;; 5
      i32.const 7    ;; 6
    ))               ;; 7`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [1])).toBe(bits(0, 1, 2, 6, 7));
    expect(used(i, "f", [0])).toBe(bits(0, 1, 2, 3, 4, 5, 6, 7));
  });

  it("if/else: false continues after else, the then arm leaves through else to after end", () => {
    const m = parse(`(module (func (export "f") (param i32) (result i32)
      local.get 0        ;; 0
      if (result i32)    ;; 1
        i32.const 1      ;; 2
      else               ;; 3
        i32.const 2      ;; 4
      end                ;; 5
    ))                   ;; 6`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [1])).toBe(bits(0, 1, 2, 3, 6));
    expect(used(i, "f", [0])).toBe(bits(0, 1, 4, 5, 6));
  });

  it("if without else: false continues after end", () => {
    const m = parse(`(module (func (export "f") (param i32)
      local.get 0   ;; 0
      if            ;; 1
        nop         ;; 2
      end           ;; 3
      nop           ;; 4
    ))              ;; 5`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [1])).toBe(bits(0, 1, 2, 3, 4, 5));
    expect(used(i, "f", [0])).toBe(bits(0, 1, 4, 5));
  });

  it("a branch to a loop continues at its first body instruction", () => {
    const m = parse(`(module (func (export "f") (param i32) (result i32)
      loop          ;; 0
        local.get 0 ;; 1
        i32.const 1 ;; 2
        i32.sub     ;; 3
        local.tee 0 ;; 4
        br_if 0     ;; 5
      end           ;; 6
      local.get 0   ;; 7
    ))              ;; 8`);
    const i = instWith(m, bitPlan(m));
    const body = bits(1, 2, 3, 4, 5);
    expect(used(i, "f", [3])).toBe(bits(0) + 3n * body + bits(6, 7, 8));
  });

  it("br_table targets, a branch to the function label returns without its end", () => {
    const m = parse(`(module (func (export "f") (param i32)
      block            ;; 0
        block          ;; 1
          local.get 0  ;; 2
          br_table 0 1 2 ;; 3
        end            ;; 4
        nop            ;; 5
      end              ;; 6
      nop              ;; 7
    ))                 ;; 8`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [0])).toBe(bits(0, 1, 2, 3, 5, 6, 7, 8));
    expect(used(i, "f", [1])).toBe(bits(0, 1, 2, 3, 7, 8));
    expect(used(i, "f", [2])).toBe(bits(0, 1, 2, 3));
    expect(used(i, "f", [9])).toBe(bits(0, 1, 2, 3));
  });

  it("a call charges the callee's entry, and the return arrives after the call", () => {
    const m = parse(`(module
      (func $g (result i32) i32.const 5)       ;; g: 0 1
      (func (export "f") (result i32)
        call $g       ;; 0
        i32.const 1   ;; 1
        i32.add))     ;; 2 3`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [])).toBe(bits(0, 1, 2, 3) + bits(0, 1));
  });

  it("return skips the rest, including the final end", () => {
    const m = parse(`(module (func (export "f") (result i32)
      i32.const 1 ;; 0
      return      ;; 1
    ))            ;; 2`);
    const i = instWith(m, bitPlan(m));
    expect(used(i, "f", [])).toBe(bits(0, 1));
  });
});

describe("out of gas", () => {
  const m = parse(`(module (func (export "f") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add))`);

  it("succeeds with exactly enough gas and traps with one less, consuming everything", () => {
    const need = bits(0, 1, 2, 3);
    const ok = instWith(m, bitPlan(m), undefined, need);
    expect(ok.invoke("f", [1])).toEqual([2]);
    expect(ok.gasLeft()).toBe(0n);
    const short = instWith(m, bitPlan(m), undefined, need - 1n);
    expect(trapOf(() => short.invoke("f", [1]))).toBe("out_of_gas");
    expect(short.gasLeft()).toBe(0n);
  });

  it("keeps exact accounting above 2^53", () => {
    const big = 2n ** 64n + 12345n;
    const i = instWith(m, bitPlan(m), undefined, big);
    i.invoke("f", [1]);
    expect(i.gasLeft()).toBe(big - bits(0, 1, 2, 3));
    i.chargeGas(2n ** 63n);
    expect(i.gasLeft()).toBe(big - bits(0, 1, 2, 3) - 2n ** 63n);
  });

  it("chargeGas from a host function has the same behaviour", () => {
    const h = parse(`(module (import "silk" "pay" (func $pay (param i64))) (func (export "f") (param i64) (call $pay (local.get 0))))`);
    const i = instWith(h, bitPlan(h), () => (inst, args) => { inst.chargeGas(args[0] as bigint); return undefined; }, 1000n);
    expect(used(i, "f", [100n])).toBe(100n + bits(0, 1, 2));
    expect(trapOf(() => i.invoke("f", [10_000n]))).toBe("out_of_gas");
    expect(i.gasLeft()).toBe(0n);
  });
});

describe("stack metering", () => {
  const small: CostSchedule = { ...SCHEDULE_V1, stackLimit: 100 };
  const rec = parse(`(module
    (import "silk" "probe" (func $probe))
    (func $r (export "r") (param i32)
      (if (local.get 0) (then (call $r (i32.sub (local.get 0) (i32.const 1)))) (else (call $probe)))))`);

  it("charges frame costs on entry, credits them on return, and resets per invoke", () => {
    const seen: number[] = [];
    const i = instWith(rec, bitPlan(rec, 10, small), () => (inst) => { seen.push(inst.stackUsed()); return undefined; }, GAS, 25);
    i.invoke("r", [3]); // four frames of $r are active at the probe
    expect(seen).toEqual([25 + 4 * 10]);
    expect(i.stackUsed()).toBe(25);
    i.invoke("r", [1]);
    expect(seen).toEqual([65, 45]);
  });

  it("traps stack_overflow exactly past the limit, then restores the entry count", () => {
    const i = instWith(rec, bitPlan(rec, 10, small), () => () => undefined, GAS, 25);
    expect(trapOf(() => i.invoke("r", [6]))).toBe("no trap"); // 25 + 7 * 10 = 95
    expect(trapOf(() => i.invoke("r", [7]))).toBe("stack_overflow"); // the 8th frame: 105
    expect(i.stackUsed()).toBe(25);
    expect(trapOf(() => i.invoke("r", [6]))).toBe("no trap");
    expect(i.stackUsed()).toBe(25);
  });

  it("counts the trapping frame while a host function can still see it", () => {
    // The probe runs inside the deepest frame: the count it sees includes every active frame.
    let seen = -1;
    const i = instWith(rec, bitPlan(rec, 10, small), () => (inst) => { seen = inst.stackUsed(); throw new Trap("host_error"); }, GAS, 25);
    expect(trapOf(() => i.invoke("r", [2]))).toBe("host_error");
    expect(seen).toBe(55);
    expect(i.stackUsed()).toBe(25);
  });

  it("stops unbounded recursion with stack_overflow under the real plan, at the exact depth", () => {
    const engine = new InterpEngine();
    const m = parse(`(module (import "silk" "probe" (func $probe))
      (func $f (export "f") (param i64) (result i64) (call $probe) (i64.add (call $f (local.get 0)) (i64.const 1))))`);
    let deepest = 0;
    const i = engine.instantiate(engine.prepare(m, new Uint8Array()),
      () => (inst) => { deepest = Math.max(deepest, inst.stackUsed()); return undefined; }, { gas: 10n ** 12n, stackUsed: 0 });
    expect(trapOf(() => i.invoke("f", [0n]))).toBe("stack_overflow");
    const frame = planModule(m, SCHEDULE_V1).funcs[0]!.frameCost;
    expect(deepest).toBe(frame * Math.floor(SCHEDULE_V1.stackLimit / frame));
    expect(i.stackUsed()).toBe(0);
  });
});

describe("gas under the real plan (SCHEDULE_V1)", () => {
  const engine = new InterpEngine();
  const P = SCHEDULE_V1.instr;
  function inst(text: string) {
    const m = parse(text);
    return engine.instantiate(engine.prepare(m, new Uint8Array()), () => undefined, { gas: 10n ** 12n, stackUsed: 0 });
  }
  function usedBy(i: ReturnType<typeof inst>, name: string, args: (number | bigint)[]): bigint {
    const before = i.gasLeft();
    i.invoke(name, args);
    return before - i.gasLeft();
  }

  it("a counting loop costs the loop entry plus one body block per iteration", () => {
    const i = inst(`(module (func (export "loop") (param i32)
      (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))))`);
    const body = P["local.get"]! + P["i32.const"]! + P["i32.sub"]! + P["local.tee"]! + P["br_if"]!;
    for (const n of [1, 2, 10, 1000]) expect(usedBy(i, "loop", [n])).toBe(BigInt(P["loop"]! + n * body));
  });

  it("memory.grow, memory.fill/copy/init and table.init add their dynamic charges", () => {
    const i = inst(`(module (memory 1) (table 4 funcref) (func $z) (data $d "abcdefgh") (elem $e func $z $z $z)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "fill") (param i32) (memory.fill (i32.const 0) (i32.const 1) (local.get 0)))
      (func (export "copy") (param i32) (memory.copy (i32.const 0) (i32.const 100) (local.get 0)))
      (func (export "init") (param i32) (memory.init $d (i32.const 0) (i32.const 0) (local.get 0)))
      (func (export "tinit") (param i32) (table.init $e (i32.const 0) (i32.const 0) (local.get 0))))`);
    const s = SCHEDULE_V1;
    const growStatic = BigInt(P["local.get"]! + P["memory.grow"]!);
    expect(usedBy(i, "grow", [3])).toBe(growStatic + growCost(s, 3));
    expect(usedBy(i, "grow", [1000])).toBe(growStatic + growCost(s, 1000)); // fails (-1) but is charged
    const bulkStatic = BigInt(2 * P["i32.const"]! + P["local.get"]! + P["memory.fill"]!);
    expect(usedBy(i, "fill", [17])).toBe(bulkStatic + bulkCost(s, 17));
    expect(usedBy(i, "copy", [0])).toBe(bulkStatic + bulkCost(s, 0));
    expect(usedBy(i, "init", [8])).toBe(BigInt(2 * P["i32.const"]! + P["local.get"]! + P["memory.init"]!) + bulkCost(s, 8));
    expect(usedBy(i, "tinit", [3])).toBe(BigInt(2 * P["i32.const"]! + P["local.get"]! + P["table.init"]!) + tableCost(s, 3));
    // Charged before the bounds check: a trapping fill still pays for its bytes.
    const before = i.gasLeft();
    expect(trapOf(() => i.invoke("fill", [0x10000 * 5]))).toBe("memory_oob");
    expect(before - i.gasLeft()).toBe(bulkStatic + bulkCost(s, 0x10000 * 5));
  });
});
