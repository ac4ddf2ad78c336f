// Differential property test: random function bodies over a small but tricky alphabet
// (blocks with parameters, branches of every kind, unreachable code, select, calls,
// memory alignment) are judged by this validator and by wabt's; the verdicts must agree.

import fc from "fast-check";
import wabtInit from "wabt";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../errors.js";
import { encodeModule } from "../encode/encode.js";
import { BLOCK_EMPTY, FUNCREF, I32, I64, type Instr, type WasmModule } from "../wasm/module.js";
import { Op } from "../wasm/opcodes.js";
import { validateModule } from "./validate.js";
import { DEFAULT_LIMITS, type Policy, type PolicyLimits } from "./policy.js";

const wabt = await wabtInit();
const FEATURES = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true, reference_types: true };

const SPEC_ONLY: Policy = {
  allowFloat: true,
  allowReferenceTypes: true,
  hostImport: "any",
  limits: Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, Infinity])) as unknown as PolicyLimits,
};

// Types: 0 = [i32 i64] -> [i32] (the function under test), 1 = [] -> [], 2 = [i32] -> [i64 i32].
const TYPES = [{ params: [I32, I64], results: [I32] }, { params: [], results: [] }, { params: [I32], results: [I64, I32] }];
const BLOCK_TYPES = [BLOCK_EMPTY, I32 - 0x80, I64 - 0x80, 0, 1, 2];

const instr: fc.Arbitrary<Instr> = fc.oneof(
  fc.constantFrom<Instr>(
    { op: Op.nop }, { op: Op.unreachable }, { op: Op.drop }, { op: Op.select }, { op: Op.return },
    { op: Op.i32_add }, { op: Op.i64_add }, { op: 0x45 /* i32.eqz */ }, { op: 0x50 /* i64.eqz */ },
    { op: 0xa7 /* i32.wrap_i64 */ }, { op: Op.i64_extend_i32_u }, { op: Op.memory_size, a: 0 },
    { op: Op.else }, { op: Op.end }, { op: Op.end },
    { op: Op.call, a: 0 }, { op: Op.call, a: 1 }, { op: Op.call_indirect, a: 1, b: 0 }, { op: Op.call_indirect, a: 2, b: 0 },
  ),
  fc.integer({ min: -5, max: 5 }).map((a): Instr => ({ op: Op.i32_const, a })),
  fc.bigInt({ min: -5n, max: 5n }).map((i64): Instr => ({ op: Op.i64_const, i64 })),
  fc.record({ op: fc.constantFrom(Op.local_get, Op.local_set, Op.local_tee), a: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constantFrom(Op.global_get, Op.global_set), a: fc.integer({ min: 0, max: 1 }) }),
  fc.record({ op: fc.constantFrom(Op.block, Op.loop, Op.if), a: fc.constantFrom(...BLOCK_TYPES) }),
  fc.record({ op: fc.constantFrom(Op.br, Op.br_if), a: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constant(Op.br_table), targets: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), a: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ op: fc.constantFrom(0x28 /* i32.load */, 0x37 /* i64.store */), a: fc.constant(0), b: fc.integer({ min: 0, max: 4 }) }),
);


type ValT = number;
interface GenFrame { op: number; start: ValT[]; end: ValT[]; stack: ValT[]; poly: boolean }

/**
 * Interprets `choices` as a walk that keeps the body valid (tracking operand and control
 * stacks like the validator does), so that most bodies are valid before mutation.
 */
function validBody(choices: number[]): Instr[] {
  const out: Instr[] = [];
  const frames: GenFrame[] = [{ op: Op.block, start: [], end: [I32], stack: [], poly: false }];
  const label = (f: GenFrame) => (f.op === Op.loop ? f.start : f.end);
  const has = (f: GenFrame, ts: ValT[]) => {
    for (let j = 1; j <= ts.length; j++) {
      const k = f.stack.length - j;
      if (k < 0) { if (!f.poly) return false; continue; }
      if (f.stack[k] !== ts[ts.length - j]) return false;
    }
    return true;
  };
  const exactly = (f: GenFrame, ts: ValT[]) => has(f, ts) && (f.stack.length === ts.length || (f.poly && f.stack.length <= ts.length));
  const pop = (f: GenFrame, n: number) => { f.stack.length = Math.max(0, f.stack.length - n); };
  const emit = (ins: Instr, f: GenFrame, popN: number, push: ValT[]) => { out.push(ins); pop(f, popN); f.stack.push(...push); };
  const open = (op: number, bt: number, f: GenFrame, cond: number) => {
    const t = bt === BLOCK_EMPTY ? { params: [], results: [] } : bt < 0 ? { params: [], results: [bt + 0x80] } : TYPES[bt];
    out.push({ op, a: bt });
    pop(f, cond + t.params.length);
    frames.push({ op, start: t.params, end: t.results, stack: [...t.params], poly: false });
  };
  const close = (f: GenFrame) => {
    if (!exactly(f, f.end)) { out.push({ op: Op.unreachable }); f.stack = []; f.poly = true; }
    if (f.op === Op.if && (f.start.length !== f.end.length || f.start.some((t, i) => t !== f.end[i]))) {
      out.push({ op: Op.else }, { op: Op.unreachable });
    }
    out.push({ op: Op.end });
    frames.pop();
    if (frames.length > 0) frames[frames.length - 1].stack.push(...f.end);
  };
  for (const c of choices) {
    const f = frames[frames.length - 1];
    const opts: (() => void)[] = [
      () => emit({ op: Op.i32_const, a: c % 7 }, f, 0, [I32]),
      () => emit({ op: Op.i64_const, i64: BigInt(c % 5) }, f, 0, [I64]),
      () => emit({ op: Op.local_get, a: c % 3 }, f, 0, [[I32, I64, I32][c % 3]]),
      () => emit({ op: Op.global_get, a: c % 2 }, f, 0, [[I32, I64][c % 2]]),
      () => emit({ op: Op.call, a: 1 }, f, 0, []),
      () => { out.push({ op: Op.unreachable }); f.stack = []; f.poly = true; },
      () => open(c % 2 ? Op.block : Op.loop, [BLOCK_EMPTY, I32 - 0x80, I64 - 0x80, 1][c % 4], f, 0),
    ];
    if (has(f, [I32])) opts.push(
      () => emit({ op: Op.drop }, f, 1, []),
      () => emit({ op: 0x45 }, f, 1, [I32]),
      () => emit({ op: Op.local_tee, a: 2 * (c % 2) }, f, 1, [I32]),
      () => emit({ op: Op.global_set, a: 0 }, f, 1, []),
      () => emit({ op: 0x28, a: 0, b: c % 3 }, f, 1, [I32]),
      () => open(Op.if, [BLOCK_EMPTY, I32 - 0x80, I64 - 0x80, 1][c % 4], f, 1),
      () => open(Op.block, 2, f, 0),
    );
    if (has(f, [I64])) opts.push(() => emit({ op: 0x50 }, f, 1, [I32]), () => emit({ op: 0xa7 }, f, 1, [I32]), () => emit({ op: Op.local_set, a: 1 }, f, 1, []));
    if (has(f, [I32, I32])) opts.push(() => emit({ op: Op.i32_add }, f, 2, [I32]), () => emit({ op: 0x36, a: 0, b: c % 3 }, f, 2, []));
    if (has(f, [I64, I64])) opts.push(() => emit({ op: Op.i64_add }, f, 2, [I64]));
    if (has(f, [I32, I64])) opts.push(() => emit({ op: Op.call, a: 0 }, f, 2, [I32]));
    for (const t of [I32, I64]) if (has(f, [t, t, I32])) opts.push(() => emit({ op: Op.select }, f, 3, [t]));
    if (has(f, [I32])) opts.push(() => { out.push({ op: Op.return }); f.stack = []; f.poly = true; });
    for (let l = 0; l < frames.length; l++) {
      const types = label(frames[frames.length - 1 - l]);
      if (has(f, types)) opts.push(() => { out.push({ op: Op.br, a: l }); f.stack = []; f.poly = true; });
      if (has(f, [...types, I32])) {
        opts.push(() => emit({ op: Op.br_if, a: l }, f, 1 + types.length, types)); // re-pushes the label types, concretely
        const same: number[] = [];
        for (let k = 0; k < frames.length; k++) {
          const u = label(frames[frames.length - 1 - k]);
          if (u.length === types.length && u.every((x, i) => x === types[i])) same.push(k);
        }
        opts.push(() => { out.push({ op: Op.br_table, targets: same.filter((_, i) => (c >> i) & 1), a: l }); f.stack = []; f.poly = true; });
      }
    }
    if (frames.length > 1 && exactly(f, f.end) && (f.op !== Op.if || f.start.length === f.end.length && f.start.every((t, i) => t === f.end[i]))) {
      opts.push(() => close(f));
    }
    if (f.op === Op.if && exactly(f, f.end)) opts.push(() => { out.push({ op: Op.else }); f.op = Op.else; f.stack = [...f.start]; f.poly = false; });
    opts[c % opts.length]();
  }
  while (frames.length > 0) close(frames[frames.length - 1]);
  return out;
}

/** A mutation of a body: delete, duplicate, replace or swap one instruction. */
const mutation = fc.record({ kind: fc.integer({ min: 0, max: 4 }), at: fc.nat(), ins: instr });
function mutate(body: Instr[], mu: { kind: number; at: number; ins: Instr }): Instr[] {
  const b = [...body];
  const i = mu.at % b.length;
  switch (mu.kind) {
    case 0: return b; // unmutated: mostly valid
    case 1: b.splice(i, 1); return b;
    case 2: b.splice(i, 0, b[i]); return b;
    case 3: b[i] = mu.ins; return b;
    default: if (i + 1 < b.length) [b[i], b[i + 1]] = [b[i + 1], b[i]]; return b;
  }
}

function moduleOf(body: Instr[]): WasmModule {
  return {
    types: TYPES, imports: [], funcs: [0, 1], tables: [{ elem: FUNCREF, limits: { min: 1 } }], memories: [{ min: 1 }],
    globals: [{ type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] }, { type: { type: I64, mutable: false }, init: [{ op: Op.i64_const, i64: 0n }] }],
    exports: [], elems: [], datas: [], customs: [],
    codes: [{ locals: [{ count: 1, type: I32 }], body }, { locals: [], body: [{ op: Op.end }] }],
  };
}

function ours(m: WasmModule): boolean {
  try {
    validateModule(m, { policy: SPEC_ONLY });
    return true;
  } catch (e) {
    if (e instanceof ValidationError) return false;
    throw e;
  }
}

function theirs(bytes: Uint8Array): boolean {
  let mod: ReturnType<typeof wabt.readWasm> | undefined;
  try {
    mod = wabt.readWasm(bytes, { readDebugNames: false, ...FEATURES });
    mod.validate();
    return true;
  } catch {
    return false;
  } finally {
    mod?.destroy();
  }
}

describe("agreement with wabt's validator", () => {
  it("gives the same verdict on random bodies", () => {
    const seed = process.env.FC_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FC_SEED);
    let valid = 0, total = 0;
    fc.assert(
      fc.property(fc.oneof(
        fc.array(instr, { maxLength: 14 }).map((b) => [...b, { op: Op.end }]),
        fc.tuple(fc.array(fc.nat(), { maxLength: 40 }), mutation).map(([cs, mu]) => mutate(validBody(cs), mu)),
      ), (body) => {
        const m = moduleOf(body);
        const verdict = ours(m);
        total++;
        if (verdict) valid++;
        expect(verdict).toBe(theirs(encodeModule(m)));
      }),
      { seed, numRuns: 4000 },
    );
    console.log(`differential (seed ${seed}): ${valid} valid of ${total}`);
    expect(valid).toBeGreaterThan(total / 5); // the alphabet must reach valid code, or the test says little
  });

  it("the generator's unmutated bodies are valid (so the mutations sit next to valid code)", () => {
    const seed = process.env.FC_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FC_SEED);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cs) => {
        const m = moduleOf(validBody(cs));
        expect(ours(m)).toBe(true);
        expect(theirs(encodeModule(m))).toBe(true);
      }),
      { seed, numRuns: 500 },
    );
  });
});
