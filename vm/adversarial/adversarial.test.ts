// Adversarial contracts (DESIGN §5): each runs through the contract-level Vm on BOTH engines
// and must give the exact outcome the gas schedule defines — status, trap code, gas used to
// the unit, return data — never a RangeError or any other escaping exception. Expected gas
// is computed here from the schedule's prices and formulas (SCHEDULE_V1), not from the
// meter's own plan, so a metering bug shows up as a mismatch on both engines.

import { describe, expect, it } from "vitest";
import { DecodeError, ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { validateModule } from "../validate/validate.js";
import { DEFAULT_LIMITS } from "../validate/policy.js";
import { V8Engine } from "../engine/v8/engine.js";
import { InterpEngine } from "../engine/interp/index.js";
import type { Engine } from "../engine/types.js";
import { SCHEDULE_V1 } from "../meter/schedule.js";
import type { ExecResult } from "../exec/result.js";
import { BLOCK_EMPTY, F32, F64, I32, I64, type FuncType, type Instr, type WasmModule } from "../wasm/module.js";
import {
  callVm, deployOk, encodeModule, freshVm, i64c, ins, instantiate, moduleOf, outcomeOf, staticGas, DEPLOYER,
} from "./harness.js";

const ENGINES: Engine[] = [new V8Engine(), new InterpEngine()];
const S = SCHEDULE_V1;

const V_V: FuncType = { params: [], results: [] };
const V_I: FuncType = { params: [], results: [I32] };
const I_I64: FuncType = { params: [I32], results: [I64] };

const INPUT_SIZE = { module: "silk", name: "input_size", desc: { kind: "func" as const, type: 1 } };

/** The parts of an ExecResult a test pins down. */
function summary(r: ExecResult) {
  return { status: r.status, trap: r.trap, rejection: r.rejection, gasUsed: r.gasUsed, returnData: Array.from(r.returnData) };
}

function u32le(x: number): number[] {
  return [x & 0xff, (x >>> 8) & 0xff, (x >>> 16) & 0xff, (x >>> 24) & 0xff];
}

/** Deploy `m` on a fresh Vm per engine and call `exportName` once per engine. */
function callOnBoth(m: WasmModule, gas: bigint, exportName = "call", input?: Uint8Array) {
  const code = encodeModule(m);
  return ENGINES.map((engine) => {
    const vm = freshVm(engine);
    return summary(callVm(vm, deployOk(vm, code), gas, exportName, input));
  });
}

/** A module with one exported function "call" of type `t` and the given body. */
function single(t: FuncType, body: Instr[], extra: Partial<WasmModule> = {}): WasmModule {
  return moduleOf({ types: [t], funcs: [0], codes: [{ locals: [], body }], exports: [{ name: "call", kind: "func", index: 0 }], ...extra });
}

const timeMs = (f: () => void): number => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};

describe("infinite loops", () => {
  it("a bare loop runs out of gas and consumes exactly the limit", () => {
    const m = single(V_V, [ins("loop", BLOCK_EMPTY), ins("br", 0), ins("end"), ins("end")]);
    for (const gas of [1n, 2n, 3n, 1_000_003n, 5_000_000n]) {
      for (const r of callOnBoth(m, gas)) {
        expect(r).toEqual({ status: "trap", trap: "out_of_gas", rejection: undefined, gasUsed: gas, returnData: [] });
      }
    }
  });

  it("a loop that calls a host function runs out of gas (in the host charge or a block) with gasUsed = limit", () => {
    // types: 0 = () → (), 1 = () → i32 (input_size)
    const m = moduleOf({
      types: [V_V, V_I], imports: [INPUT_SIZE], funcs: [0],
      codes: [{ locals: [], body: [ins("loop", BLOCK_EMPTY), ins("call", 0), ins("drop"), ins("br", 0), ins("end"), ins("end")] }],
      exports: [{ name: "call", kind: "func", index: 1 }],
    });
    // One iteration: call (10) + drop (1) + br (2) in the block, plus 100 for input_size.
    for (const gas of [50n, 113n, 114n, 1_000_000n]) {
      for (const r of callOnBoth(m, gas)) expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: gas });
    }
  });
});

/**
 * rec(n: i32) → i64 with `nLocals` i64 locals, all initialised from n before the recursive call
 * and all summed after it, so that every local is live across the call (no engine can drop
 * them from its frame). Imported input_size gives the depth: "call" = rec(input_size()).
 * Function indices: 0 input_size, 1 rec, 2 call.
 */
function recursion(nLocals: number) {
  const head: Instr[] = [];
  for (let k = 1; k <= nLocals; k++) {
    head.push(ins("local.get", 0), ins("i64.extend_i32_u"), i64c(BigInt(k)), ins("i64.add"), ins("local.set", k));
  }
  head.push(ins("local.get", 0), ins("i32.eqz"), ins("if", BLOCK_EMPTY));
  const then = [i64c(0n), ins("return")];
  const tail: Instr[] = [ins("local.get", 0), ins("i32.const", 1), ins("i32.sub"), ins("call", 1)];
  for (let k = 1; k <= nLocals; k++) tail.push(ins("local.get", k), ins("i64.add"));
  tail.push(ins("end"));
  const entry = [ins("call", 0), ins("call", 1), ins("drop"), ins("end")];
  const m = moduleOf({
    types: [I_I64, V_I, V_V], imports: [INPUT_SIZE], funcs: [0, 2],
    codes: [
      { locals: nLocals ? [{ count: nLocals, type: I64 }] : [], body: [...head, ...then, ins("end"), ...tail] },
      { locals: [], body: entry },
    ],
    exports: [{ name: "call", kind: "func", index: 2 }],
  });
  // DESIGN §5 frame cost: params + locals + max operand height + overhead. rec's operand
  // stack never holds more than 2 values; call's holds 1.
  const recFrame = 1 + nLocals + 2 + S.frameOverhead;
  const entryFrame = 0 + 0 + 1 + S.frameOverhead;
  const levels = Math.floor((S.stackLimit - entryFrame) / recFrame); // rec frames that fit
  const perLevel = staticGas(head) + staticGas(tail); // a level with n > 0, charged before the call
  const baseLevel = staticGas(head) + staticGas(then);
  const entryGas = staticGas(entry) + 100n; // + input_size
  return { code: encodeModule(m), levels, perLevel, baseLevel, entryGas };
}

describe("unbounded recursion is a deterministic stack_overflow on both engines", () => {
  const GAS = 10n ** 11n;
  for (const nLocals of [0, 100, 1000]) {
    it(`with ${nLocals} live i64 locals, before and after thousands of warm-up calls`, () => {
      const r = recursion(nLocals);
      const deepInput = new Uint8Array(r.levels + 100);
      const overflow = {
        status: "trap", trap: "stack_overflow", rejection: undefined,
        gasUsed: r.entryGas + BigInt(r.levels) * r.perLevel, returnData: [],
      };
      const shallow = {
        status: "ok", trap: undefined, rejection: undefined,
        gasUsed: r.entryGas + 3n * r.perLevel + r.baseLevel, returnData: [],
      };
      for (const engine of ENGINES) {
        const vm = freshVm(engine);
        const at = deployOk(vm, r.code);
        // Cold: the first deep call.
        expect(summary(callVm(vm, at, GAS, "call", deepInput)), `${engine.name} cold`).toEqual(overflow);
        // Exactly at the limit: `levels` frames fit, so depth levels-1 (levels frames) succeeds.
        expect(summary(callVm(vm, at, GAS, "call", new Uint8Array(r.levels - 1))).status, `${engine.name} at limit`).toBe("ok");
        // Warm-up on the same compiled module: enough calls for V8 to tier rec up to TurboFan.
        const warm = engine.name === "v8" ? 5000 : 50;
        for (let i = 0; i < warm; i++) {
          const s = callVm(vm, at, GAS, "call", new Uint8Array(3));
          if (s.status !== "ok" || s.gasUsed !== shallow.gasUsed) expect(summary(s), `${engine.name} warm-up ${i}`).toEqual(shallow);
        }
        for (let i = 0; i < 5; i++) {
          expect(summary(callVm(vm, at, GAS, "call", deepInput)), `${engine.name} warm ${i}`).toEqual(overflow);
        }
      }
    });
  }

  it("the smallest possible frame (a parameterless self-call) overflows at stackLimit / frameOverhead frames", () => {
    const m = single(V_V, [ins("call", 0), ins("end")]);
    const levels = Math.floor(S.stackLimit / S.frameOverhead);
    const expected = {
      status: "trap", trap: "stack_overflow", rejection: undefined,
      gasUsed: BigInt(levels) * staticGas([ins("call", 0), ins("end")]), returnData: [],
    };
    const code = encodeModule(m);
    for (const engine of ENGINES) {
      const vm = freshVm(engine);
      const at = deployOk(vm, code);
      // Each v8 call recurses `levels` (4,096) native frames: hundreds of calls tier it up.
      const runs = engine.name === "v8" ? 400 : 3;
      for (let i = 0; i < runs; i++) {
        const s = summary(callVm(vm, at, 10n ** 9n));
        if (s.trap !== "stack_overflow" || s.gasUsed !== expected.gasUsed) expect(s, `${engine.name} run ${i}`).toEqual(expected);
      }
    }
  });
});

describe("memory.grow", () => {
  const mem = (max?: number) => ({ memories: [max === undefined ? { min: 1 } : { min: 1, max }] });
  const grow = (pages: number) => [ins("i32.const", pages), ins("memory.grow")];

  it(`past the cap (${S.maxPages} pages) returns -1 and is still charged per requested page`, () => {
    for (const max of [undefined, 65536]) {
      const body = [...grow(300), ins("end")];
      for (const r of callOnBoth(single(V_I, body, mem(max)), 10n ** 9n)) {
        expect(r).toMatchObject({ status: "ok", gasUsed: staticGas(body) + 300n * BigInt(S.growPerPage), returnData: u32le(-1) });
      }
    }
  });

  it("to exactly the cap succeeds; one page more fails and is charged", () => {
    const toCap = [...grow(S.maxPages - 1), ins("end")];
    for (const r of callOnBoth(single(V_I, toCap, mem()), 10n ** 9n)) {
      expect(r).toMatchObject({ status: "ok", gasUsed: staticGas(toCap) + BigInt((S.maxPages - 1) * S.growPerPage), returnData: u32le(1) });
    }
    const past = [...grow(S.maxPages - 1), ins("drop"), ...grow(1), ins("end")];
    for (const r of callOnBoth(single(V_I, past, mem()), 10n ** 9n)) {
      expect(r).toMatchObject({ status: "ok", gasUsed: staticGas(past) + BigInt(S.maxPages * S.growPerPage), returnData: u32le(-1) });
    }
  });

  it("of 2^32-1 pages costs (2^32-1) × growPerPage: out of gas below, -1 above", () => {
    const body = [...grow(-1), ins("end")];
    const need = staticGas(body) + 0xffffffffn * BigInt(S.growPerPage);
    for (const r of callOnBoth(single(V_I, body, mem()), 10n ** 9n)) expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: 10n ** 9n });
    for (const r of callOnBoth(single(V_I, body, mem()), need - 1n)) expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: need - 1n });
    for (const r of callOnBoth(single(V_I, body, mem()), need)) expect(r).toMatchObject({ status: "ok", gasUsed: need, returnData: u32le(-1) });
  });
});

describe("bulk memory is charged per byte before it runs", () => {
  const MIB16 = 16 * 1024 * 1024;
  const perBytes = (n: number) => BigInt(S.bulkPer8Bytes) * ((BigInt(n >>> 0) + 7n) / 8n);
  const growAll = [ins("i32.const", S.maxPages - 16), ins("memory.grow"), ins("drop")];
  const growGas = BigInt((S.maxPages - 16) * S.growPerPage);

  it("memory.fill of 16 MiB: exact gas at the limit, out of gas one unit below", () => {
    const body = [
      ...growAll,
      ins("i32.const", 0), ins("i32.const", 0xab), ins("i32.const", MIB16), ins("memory.fill"),
      ins("i32.const", MIB16 - 1), ins("i32.load8_u"), ins("end"),
    ];
    const m = single(V_I, body, { memories: [{ min: 16 }] });
    const need = staticGas(body) + growGas + perBytes(MIB16);
    expect(perBytes(MIB16)).toBe(2_097_152n); // 2^24 / 8 at 1 gas per 8 bytes
    for (const r of callOnBoth(m, need)) expect(r).toMatchObject({ status: "ok", gasUsed: need, returnData: u32le(0xab) });
    for (const r of callOnBoth(m, need - 1n)) expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: need - 1n });
  });

  it("memory.copy of 16 MiB (overlapping) costs ceil(n/8)", () => {
    const n = MIB16 - 1;
    const body = [
      ...growAll,
      ins("i32.const", 1), ins("i32.const", 0), ins("i32.const", n), ins("memory.copy"), ins("end"),
    ];
    const m = single(V_V, body, { memories: [{ min: 16 }] });
    const need = staticGas(body) + growGas + perBytes(n);
    for (const r of callOnBoth(m, need)) expect(r).toMatchObject({ status: "ok", gasUsed: need });
    for (const r of callOnBoth(m, need - 1n)) expect(r).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: need - 1n });
  });

  it("an out-of-bounds copy / fill of 2^32-1 bytes is charged before the bounds check", () => {
    for (const op of ["memory.copy", "memory.fill"]) {
      const body = [ins("i32.const", 0), ins("i32.const", 0), ins("i32.const", -1), ins(op), ins("end")];
      const m = single(V_V, body, { memories: [{ min: 1 }] });
      const need = staticGas(body) + perBytes(-1);
      expect(perBytes(-1)).toBe(536_870_912n);
      // Enough gas: the charge goes through, then the access traps.
      for (const r of callOnBoth(m, 10n ** 10n)) expect(r, op).toMatchObject({ status: "trap", trap: "memory_oob", gasUsed: need });
      // Too little: out of gas, not memory_oob — the charge comes first.
      for (const r of callOnBoth(m, need - 1n)) expect(r, op).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: need - 1n });
      for (const r of callOnBoth(m, 1000n)) expect(r, op).toMatchObject({ status: "trap", trap: "out_of_gas", gasUsed: 1000n });
    }
  });

  it("with too little gas, memory.fill writes nothing (engine level: memory is read back after the trap)", () => {
    const len = 65536;
    const body = [ins("i32.const", 0), ins("i32.const", 0x5a), ins("i32.const", len), ins("memory.fill"), ins("end")];
    const code = encodeModule(single(V_V, body, { memories: [{ min: 1 }], exports: [{ name: "call", kind: "func", index: 0 }] }));
    const need = staticGas(body) + perBytes(len);
    for (const engine of ENGINES) {
      const low = instantiate(engine, code, need - 1n);
      expect(outcomeOf(low, () => low.invoke("call", [])), engine.name).toEqual({ status: "trap", trap: "out_of_gas", gasUsed: need - 1n });
      expect(low.read(0, len).every((b) => b === 0), `${engine.name}: memory untouched`).toBe(true);
      const ok = instantiate(engine, code, need);
      expect(outcomeOf(ok, () => ok.invoke("call", [])), engine.name).toEqual({ status: "ok", gasUsed: need, results: [] });
      expect(ok.read(0, len).every((b) => b === 0x5a), `${engine.name}: memory filled`).toBe(true);
    }
  });
});

/** decode + validate; returns the rejection (or undefined) and the time taken. */
function reject(bytes: Uint8Array): { error: DecodeError | ValidationError | undefined; ms: number } {
  let error: DecodeError | ValidationError | undefined;
  const ms = timeMs(() => {
    try {
      validateModule(decodeModule(bytes), { byteLength: bytes.length });
    } catch (e) {
      if (e instanceof DecodeError || e instanceof ValidationError) error = e;
      else throw e;
    }
  });
  return { error, ms };
}

/** The rejection must name `rule`, both in the front half and as a Vm deploy (charged per byte only). */
function expectRejected(what: string, bytes: Uint8Array, rule: string): void {
  const { error, ms } = reject(bytes);
  console.log(`[adversarial] ${what}: ${bytes.length} bytes, rejected (${error?.rule}) in ${ms.toFixed(1)} ms`);
  expect(error?.rule, what).toBe(rule);
  expect(ms, `${what}: a generous bound, not a performance target`).toBeLessThan(5000);
  for (const engine of ENGINES) {
    const vm = freshVm(engine);
    const d = vm.deploy({ from: DEPLOYER, code: bytes, gas: 10n ** 12n });
    expect(summary(d.result), `${engine.name} deploy ${what}`).toEqual({
      status: "rejected", trap: undefined, rejection: rule, gasUsed: BigInt(S.deployPerByte) * BigInt(bytes.length), returnData: [],
    });
    expect(vm.state.getCode(d.address)).toBeUndefined();
  }
}

describe("oversized modules are refused by the named limit, quickly", () => {
  it("100,000 functions → limit.functions", () => {
    const n = 100_000;
    const m = moduleOf({
      types: [V_V], funcs: new Array(n).fill(0),
      codes: Array.from({ length: n }, () => ({ locals: [], body: [ins("end")] })),
    });
    expectRejected("100,000 functions", encodeModule(m), "limit.functions");
  });

  it("a 100,000-target br_table → limit.br-table-targets", () => {
    const body = [
      ins("block", BLOCK_EMPTY), ins("i32.const", 0), ins("br_table", 0, undefined, new Array(100_000).fill(0)), ins("end"), ins("end"),
    ];
    expectRejected("100,000-target br_table", encodeModule(single(V_V, body)), "limit.br-table-targets");
  });

  it("10,000 nested blocks → limit.nesting-depth", () => {
    const n = 10_000;
    const body = [...Array.from({ length: n }, () => ins("block", BLOCK_EMPTY)), ...Array.from({ length: n + 1 }, () => ins("end"))];
    expectRejected("10,000 nested blocks", encodeModule(single(V_V, body)), "limit.nesting-depth");
  });

  it(`one function above ${DEFAULT_LIMITS.instructionsPerFunction} instructions → limit.instructions-per-function`, () => {
    const body = [...new Array(DEFAULT_LIMITS.instructionsPerFunction).fill(0).map(() => ins("nop")), ins("end")];
    expectRejected("131,073 instructions", encodeModule(single(V_V, body)), "limit.instructions-per-function");
  });

  it("absurd local counts are refused without allocating them", () => {
    for (const count of [DEFAULT_LIMITS.localsPerFunction + 1, 0xffff_ffff]) {
      const m = moduleOf({ types: [V_V], funcs: [0], codes: [{ locals: [{ count, type: I64 }], body: [ins("end")] }] });
      const bytes = encodeModule(m);
      const { error, ms } = reject(bytes);
      console.log(`[adversarial] ${count} locals: rejected (${error?.rule}) in ${ms.toFixed(1)} ms`);
      expect(error, `${count} locals`).toBeDefined();
      expect(["limit.locals-per-function", "decode.malformed"]).toContain(error!.rule);
      expect(ms).toBeLessThan(5000);
    }
  });
});

describe("features outside the policy", () => {
  const floatModules: [string, WasmModule][] = [
    ["f32.const in a body", single(V_V, [{ op: 0x43, a: 0 }, ins("drop"), ins("end")])],
    ["f64.add in a body", single(V_V, [{ op: 0x44, i64: 0n }, { op: 0x44, i64: 0n }, ins("f64.add"), ins("drop"), ins("end")])],
    ["an f64 parameter", moduleOf({ types: [{ params: [F64], results: [] }], funcs: [0], codes: [{ locals: [], body: [ins("end")] }] })],
    ["an f32 local", moduleOf({ types: [V_V], funcs: [0], codes: [{ locals: [{ count: 1, type: F32 }], body: [ins("end")] }] })],
    ["an f32 global", moduleOf({ globals: [{ type: { type: F32, mutable: false }, init: [{ op: 0x43, a: 0 }] }] })],
    ["i32.trunc_f32_s", single(V_V, [{ op: 0x43, a: 0 }, ins("i32.trunc_f32_s"), ins("drop"), ins("end")])],
  ];
  for (const [what, m] of floatModules) {
    it(`${what} → policy.float`, () => expectRejected(what, encodeModule(m), "policy.float"));
  }

  const importModules: [string, WasmModule][] = [
    ["env.abort", moduleOf({ types: [V_V], imports: [{ module: "env", name: "abort", desc: { kind: "func", type: 0 } }] })],
    ["silk.no_such_function", moduleOf({ types: [V_V], imports: [{ module: "silk", name: "no_such_function", desc: { kind: "func", type: 0 } }] })],
    ["silk.input_size with the wrong signature", moduleOf({ types: [V_V], imports: [{ module: "silk", name: "input_size", desc: { kind: "func", type: 0 } }] })],
    ["an imported memory", moduleOf({ imports: [{ module: "silk", name: "memory", desc: { kind: "memory", memory: { min: 1 } } }] })],
    ["an imported global", moduleOf({ imports: [{ module: "silk", name: "g", desc: { kind: "global", global: { type: I32, mutable: false } } }] })],
  ];
  for (const [what, m] of importModules) {
    it(`an import of ${what} → policy.import`, () => expectRejected(what, encodeModule(m), "policy.import"));
  }
});

describe("start functions", () => {
  const loopingStart = () => moduleOf({
    types: [V_V], funcs: [0, 0], start: 0,
    codes: [
      { locals: [], body: [ins("loop", BLOCK_EMPTY), ins("br", 0), ins("end"), ins("end")] },
      { locals: [], body: [ins("end")] },
    ],
    exports: [{ name: "call", kind: "func", index: 1 }],
  });

  it("a looping start function makes the deploy run out of gas, using the whole limit and storing no code", () => {
    const code = encodeModule(loopingStart());
    for (const gas of [10n ** 6n, 10n ** 7n + 7n]) {
      for (const engine of ENGINES) {
        const vm = freshVm(engine);
        const d = vm.deploy({ from: DEPLOYER, code, gas });
        expect(summary(d.result), engine.name).toEqual({ status: "trap", trap: "out_of_gas", rejection: undefined, gasUsed: gas, returnData: [] });
        expect(vm.state.getCode(d.address), engine.name).toBeUndefined();
      }
    }
  });

  it("a looping start function traps out_of_gas at the engine level (runStart), gas = limit", () => {
    const code = encodeModule(loopingStart());
    for (const engine of ENGINES) {
      const inst = instantiate(engine, code, 123_457n);
      expect(outcomeOf(inst, () => (inst.runStart(), [])), engine.name).toEqual({ status: "trap", trap: "out_of_gas", gasUsed: 123_457n });
    }
  });
});
