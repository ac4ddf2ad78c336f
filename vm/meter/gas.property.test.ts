// Property: for generated programs (nested loops with fc-chosen counts, if/else, early exits,
// branches to the function label, returns, calls, recursion, memory.grow/fill, traps) and
// generated schedules, the instrumented module on V8 ends with exactly the status, result and
// remaining gas of an independent evaluator of the ORIGINAL module, which charges
// blockCost[pc] whenever it is about to execute the instruction at pc (docs/gas.md §2). On
// runs that complete, the gas used also equals the plain sum of the prices of all executed
// instructions plus dynamic charges — a check of the plan that does not use blockCost at all.
//
// Replay a failure: FC_SEED=<seed> FC_PATH=<path> npx vitest run vm/meter/gas.property.test.ts

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeModule } from "../encode/encode.js";
import { BLOCK_EMPTY, I32, type Instr, type WasmModule } from "../wasm/module.js";
import { opcode, opInfo, Op } from "../wasm/opcodes.js";
import { TRAP_OUT_OF_GAS, TRAP_STACK_OVERFLOW } from "./instrument.js";
import { bulkCost, growCost, planModule } from "./plan.js";
import { SCHEDULE_V1 } from "./schedule.js";
import { instantiateMetered } from "./testkit.js";
import type { CostSchedule, ModuleMeter } from "./types.js";

// ---- programs ----------------------------------------------------------------------------

type Stmt =
  | { k: "alu"; op: "i32.add" | "i32.xor" | "i32.mul" | "i32.sub"; x: number }
  | { k: "exit"; pick: number; uncond: boolean }
  | { k: "ret" }
  | { k: "trap"; x: number }
  | { k: "grow"; p: number }
  | { k: "fill"; dst: number; n: number }
  | { k: "call" }
  | { k: "rec"; n: number }
  | { k: "loop"; count: number; body: Stmt[] }
  | { k: "if"; then: Stmt[]; else: Stmt[] | null }
  | { k: "block"; body: Stmt[] };

const leaf: fc.Arbitrary<Stmt> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant("alu" as const), op: fc.constantFrom("i32.add", "i32.xor", "i32.mul", "i32.sub") as fc.Arbitrary<"i32.add">, x: fc.integer({ min: -5, max: 50 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("exit" as const), pick: fc.nat(7), uncond: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("ret" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("trap" as const), x: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("grow" as const), p: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("fill" as const), dst: fc.nat(70_000), n: fc.nat(70_000) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant("call" as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant("rec" as const), n: fc.nat(80) }) },
);

function stmts(depth: number): fc.Arbitrary<Stmt[]> {
  if (depth === 0) return fc.array(leaf, { maxLength: 4 });
  const inner = stmts(depth - 1);
  return fc.array(fc.oneof(
    { weight: 4, arbitrary: leaf },
    { weight: 2, arbitrary: fc.record({ k: fc.constant("loop" as const), count: fc.nat(5), body: inner }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("if" as const), then: inner, else: fc.option(inner) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant("block" as const), body: inner }) },
  ), { maxLength: 5 });
}

const N_FUNCS = 3; // f0 (exported "main") … f2 call forward only; f3 is the recursive helper
const REC = N_FUNCS;

function compileFunc(body: Stmt[], self: number): Instr[] {
  const out: Instr[] = [];
  const e = (name: string, a?: number) => out.push(a === undefined ? { op: opcode(name) } : { op: opcode(name), a });
  const labels: ("func" | "block" | "loop" | "if")[] = ["func"];
  let loops = 0;
  const depthOf = (k: number) => labels.length - 1 - k;
  const emit = (ss: Stmt[]) => { for (const s of ss) stmt(s); };
  function stmt(s: Stmt): void {
    switch (s.k) {
      case "alu": e("local.get", 0); e("i32.const", s.x); e(s.op); e("local.set", 0); break;
      case "exit": {
        const targets = labels.map((l, k) => [l, k] as const).filter(([l]) => l !== "loop");
        const [kind, k] = targets[s.pick % targets.length]!;
        if (kind === "func") e("local.get", 0); // the function label carries the i32 result
        if (!s.uncond) { e("local.get", 0); e("i32.const", 2); e("i32.and"); e("br_if", depthOf(k)); if (kind === "func") e("drop"); }
        else e("br", depthOf(k)); // what follows is dead code until the enclosing end
        break;
      }
      case "ret": e("local.get", 1); e("return"); break;
      case "trap": e("local.get", 0); e("i32.const", s.x); e("i32.eq"); e("if", BLOCK_EMPTY); e("unreachable"); e("end"); break;
      case "grow": e("i32.const", s.p); e("memory.grow", 0); e("local.get", 0); e("i32.add"); e("local.set", 0); break;
      case "fill": e("i32.const", s.dst); e("i32.const", 0); e("i32.const", s.n); e("memory.fill", 0); break;
      case "call":
        if (self + 1 < N_FUNCS) { e("local.get", 0); e("local.get", 1); e("call", self + 1); e("local.set", 0); } else e("nop");
        break;
      case "rec": e("i32.const", s.n); e("local.get", 1); e("call", REC); e("local.set", 1); break;
      case "loop": {
        const c = 2 + loops++;
        e("i32.const", s.count); e("local.set", c);
        e("block", BLOCK_EMPTY); labels.push("block"); e("loop", BLOCK_EMPTY); labels.push("loop");
        e("local.get", c); e("i32.eqz"); e("br_if", 1);
        e("local.get", c); e("i32.const", 1); e("i32.sub"); e("local.set", c);
        emit(s.body);
        e("br", 0); e("end"); labels.pop(); e("end"); labels.pop();
        loops--;
        break;
      }
      case "if":
        e("local.get", 0); e("i32.const", 1); e("i32.and"); e("if", BLOCK_EMPTY); labels.push("if");
        emit(s.then);
        if (s.else) { e("else"); emit(s.else); }
        e("end"); labels.pop();
        break;
      case "block": e("block", BLOCK_EMPTY); labels.push("block"); emit(s.body); e("end"); labels.pop(); break;
    }
  }
  emit(body);
  e("local.get", 0); e("end");
  return out;
}

function recBody(): Instr[] {
  const names: [string, number?][] = [
    ["local.get", 0], ["i32.eqz"], ["if", -1], ["i32.const", 0], ["else"], ["local.get", 0], ["i32.const", 1], ["i32.sub"],
    ["local.get", 1], ["call", REC], ["i32.const", 1], ["i32.add"], ["end"], ["end"],
  ];
  return names.map(([n, a]) => (a === undefined ? { op: opcode(n) } : { op: opcode(n), a }));
}

function buildModule(bodies: Stmt[][]): WasmModule {
  const codes = bodies.map((b, i) => ({ locals: [{ count: 6, type: I32 }], body: compileFunc(b, i) }));
  codes.push({ locals: [], body: recBody() });
  return {
    types: [{ params: [I32, I32], results: [I32] }], imports: [], funcs: codes.map(() => 0), tables: [],
    memories: [{ min: 1 }], globals: [], exports: [{ name: "main", kind: "func", index: 0 }], elems: [],
    codes, datas: [], customs: [],
  };
}

// ---- the reference evaluator ------------------------------------------------------------

type Outcome = { status: "ok"; result: number } | { status: "oog" | "so" | "trap" };
class Halt { constructor(readonly status: "oog" | "so" | "trap") {} }

function evaluate(m: WasmModule, meter: ModuleMeter, args: number[], limit: number) {
  const s = meter.schedule;
  let gas = limit, stack = 0, pages = m.memories[0]!.min, priced = 0;
  const cap = Math.min(m.memories[0]!.max ?? s.maxPages, s.maxPages);
  const charge = (c: number) => { if (c > gas) { gas = 0; throw new Halt("oog"); } gas -= c; };
  const dyn = (c: bigint) => { priced += Number(c); charge(Number(c)); };
  // Matching end / else for every structured instruction, per function.
  const match = m.codes.map(({ body }) => {
    const end = new Int32Array(body.length).fill(-1), els = new Int32Array(body.length).fill(-1);
    const open: number[] = [];
    body.forEach((ins, i) => {
      if (ins.op === Op.block || ins.op === Op.loop || ins.op === Op.if) open.push(i);
      else if (ins.op === Op.else) els[open[open.length - 1]!] = i;
      else if (ins.op === Op.end && open.length) end[open.pop()!] = i;
    });
    return { end, els };
  });

  function call(f: number, params: number[]): number {
    const fm = meter.funcs[f]!;
    stack += fm.frameCost;
    if (stack > s.stackLimit) throw new Halt("so");
    const { body } = m.codes[f]!;
    const { end, els } = match[f]!;
    const locals = [...params, ...new Array(6).fill(0)];
    const vs: number[] = [];
    type Label = { loop: boolean; at: number; end: number; height: number; arity: number };
    const labels: Label[] = [{ loop: false, at: -1, end: body.length - 1, height: 0, arity: 1 }];
    let pc = 0;
    const branch = (d: number): boolean => { // true when the branch leaves the function
      const l = labels[labels.length - 1 - d]!;
      if (l.loop) { vs.length = l.height; labels.length = labels.length - d; pc = l.at + 1; return false; }
      const vals = vs.slice(vs.length - l.arity);
      vs.length = l.height; vs.push(...vals);
      labels.length = labels.length - 1 - d; pc = l.end + 1;
      return labels.length === 0;
    };
    for (;;) {
      charge(fm.blockCost[pc]!); // control arrives at pc
      const ins = body[pc]!;
      priced += s.instr[opInfo(ins.op)!.name]!;
      const bin = (f: (x: number, y: number) => number) => { const y = vs.pop()!, x = vs.pop()!; vs.push(f(x, y) | 0); };
      switch (ins.op) {
        case Op.block: case Op.loop:
          labels.push({ loop: ins.op === Op.loop, at: pc, end: end[pc]!, height: vs.length, arity: 0 }); pc++; break;
        case Op.if: {
          const c = vs.pop()!;
          const arity = ins.a === BLOCK_EMPTY ? 0 : 1;
          if (c !== 0) { labels.push({ loop: false, at: pc, end: end[pc]!, height: vs.length, arity }); pc++; }
          else if (els[pc]! >= 0) { labels.push({ loop: false, at: pc, end: end[pc]!, height: vs.length, arity }); pc = els[pc]! + 1; }
          else pc = end[pc]! + 1;
          break;
        }
        case Op.else: pc = labels.pop()!.end + 1; break;
        case Op.end:
          labels.pop();
          if (labels.length === 0) { stack -= fm.frameCost; return vs.pop()!; }
          pc++; break;
        case Op.br: if (branch(ins.a!)) { stack -= fm.frameCost; return vs.pop()!; } break;
        case Op.br_if:
          if (vs.pop()! !== 0) { if (branch(ins.a!)) { stack -= fm.frameCost; return vs.pop()!; } } else pc++;
          break;
        case Op.return: stack -= fm.frameCost; return vs.pop()!;
        case Op.unreachable: throw new Halt("trap");
        case Op.nop: pc++; break;
        case Op.drop: vs.pop(); pc++; break;
        case Op.local_get: vs.push(locals[ins.a!]!); pc++; break;
        case Op.local_set: locals[ins.a!] = vs.pop()!; pc++; break;
        case Op.i32_const: vs.push(ins.a!); pc++; break;
        case Op.call: { const b = vs.pop()!, a = vs.pop()!; vs.push(call(ins.a!, [a, b])); pc++; break; }
        case Op.memory_grow: {
          const p = vs.pop()!;
          dyn(growCost(s, p));
          if (pages + p > cap) vs.push(-1); else { vs.push(pages); pages += p; }
          pc++; break;
        }
        case Op.memory_fill: {
          const n = vs.pop()!; vs.pop(); const d = vs.pop()!;
          dyn(bulkCost(s, n));
          if (d + n > pages * 65536) throw new Halt("trap");
          pc++; break;
        }
        default: {
          const name = opInfo(ins.op)!.name;
          if (name === "i32.add") bin((x, y) => x + y);
          else if (name === "i32.sub") bin((x, y) => x - y);
          else if (name === "i32.xor") bin((x, y) => x ^ y);
          else if (name === "i32.and") bin((x, y) => x & y);
          else if (name === "i32.mul") bin((x, y) => Math.imul(x, y));
          else if (name === "i32.eq") bin((x, y) => (x === y ? 1 : 0));
          else if (name === "i32.eqz") vs.push(vs.pop()! === 0 ? 1 : 0);
          else throw new Error(`evaluator: ${name}`);
          pc++;
        }
      }
    }
  }
  let outcome: Outcome;
  try { outcome = { status: "ok", result: call(0, args) }; } catch (h) {
    if (!(h instanceof Halt)) throw h;
    outcome = { status: h.status };
  }
  return { outcome, gasLeft: gas, priced };
}

// ---- the property -----------------------------------------------------------------------

const USED = ["block", "loop", "if", "else", "end", "br", "br_if", "return", "unreachable", "nop", "drop", "call",
  "local.get", "local.set", "i32.const", "i32.add", "i32.sub", "i32.xor", "i32.and", "i32.mul", "i32.eq", "i32.eqz",
  "memory.grow", "memory.fill"];

// Only the overrides are generated (so a counterexample prints short); `toSchedule` fills the rest.
const scheduleArb = fc.record({
  prices: fc.array(fc.nat(6), { minLength: USED.length, maxLength: USED.length }),
  growPerPage: fc.nat(50), bulkPer8Bytes: fc.nat(3), frameOverhead: fc.nat(4),
  stackLimit: fc.integer({ min: 10, max: 600 }), maxPages: fc.integer({ min: 1, max: 4 }),
});
function toSchedule({ prices, ...rest }: typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never): CostSchedule {
  const instr: Record<string, number> = { ...SCHEDULE_V1.instr };
  USED.forEach((n, k) => { instr[n] = prices[k]!; });
  return { ...SCHEDULE_V1, ...rest, version: "test", instr };
}

describe("gas property", () => {
  it("the instrumented module on V8 charges exactly what the plan's definition charges", () => {
    const params = { numRuns: 250, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}), ...(process.env.FC_PATH ? { path: process.env.FC_PATH } : {}) };
    let oog = 0, ok = 0, so = 0, trap = 0;
    fc.assert(fc.property(
      fc.array(stmts(3), { minLength: N_FUNCS, maxLength: N_FUNCS }), scheduleArb,
      fc.nat(40), fc.nat(40), fc.oneof(fc.nat(3000), fc.constant(1_000_000_000)),
      (bodies, sched, a, b, limit) => {
        const s = toSchedule(sched);
        const m = buildModule(bodies);
        const meter = planModule(m, s);
        const want = evaluate(m, meter, [a, b], limit);
        const inst = instantiateMetered(encodeModule(m), s);
        const got = inst.call("main", [a, b], BigInt(limit));
        const status = got.error === undefined ? "ok" : got.trap === TRAP_OUT_OF_GAS ? "oog" : got.trap === TRAP_STACK_OVERFLOW ? "so" : "trap";
        if (got.error !== undefined && got.error instanceof RangeError) throw got.error; // never a V8 overflow
        expect(status).toBe(want.outcome.status);
        if (want.outcome.status === "ok") {
          expect(got.result).toBe(want.outcome.result);
          expect(got.stack).toBe(0);
          // independent of blockCost: every executed instruction's price plus dynamic charges
          expect(limit - want.gasLeft).toBe(want.priced);
        }
        expect(got.gasLeft).toBe(BigInt(want.gasLeft));
        ({ ok: () => ok++, oog: () => oog++, so: () => so++, trap: () => trap++ })[want.outcome.status]();
      }), params);
    // the generator must reach every outcome, or the property proves less than it claims
    expect(ok).toBeGreaterThan(0); expect(oog).toBeGreaterThan(0); expect(so).toBeGreaterThan(0); expect(trap).toBeGreaterThan(0);
  });
});
