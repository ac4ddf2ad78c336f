// Mutation fuzzing of the VM's front half and both engines. A corpus of valid modules (the
// spec-suite modules the default policy accepts, plus hand-written contracts) is mutated
// (byte flips, interesting bytes, insertions, deletions, LEB128 edits, section splices) and
// each mutant goes decode → validate → (if accepted) prepare + instantiate + start + every
// exported function with zero-valued arguments, on BOTH engines with a small gas limit.
//
// Allowed: DecodeError, ValidationError, Trap, a host Halt (return/revert), or a clean
// result. Anything else (TypeError, RangeError, VmFault, an interp internal error) fails
// the test, with the seed, the case number and the mutant's bytes. The engines must also
// agree exactly on every outcome (status, trap code, gas left, results).
//
// Replay: FUZZ_SEED=<seed> (FC_SEED is accepted too) and FUZZ_CASES=<n>.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { DecodeError, ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { validateModule } from "../validate/validate.js";
import { V8Engine } from "../engine/v8/engine.js";
import { InterpEngine } from "../engine/interp/index.js";
import { Trap, type Engine, type Value } from "../engine/types.js";
import { EffectLog, Halt, hostImports, type HostFrame } from "../host/index.js";
import { MemoryState } from "../state/memory.js";
import { BLOCK_EMPTY, I64, funcTypeOf, type Instr, type WasmModule } from "../wasm/module.js";
import { ALL_OPS, Op, opInfo, type ImmKind, type OpInfo } from "../wasm/opcodes.js";
import { encodeModule } from "../encode/encode.js";
import { hostImportsWat } from "../exec/testkit.js";

const SUITE = resolve(import.meta.dirname, "../../../shared/wasm-testsuite");
const GAS = 20_000n;
const CASES = Number(process.env.FUZZ_CASES ?? 10_000);
const SEED = (Number(process.env.FUZZ_SEED ?? process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31)) >>> 0);

/** mulberry32: small, fast, seedable; good enough to drive mutations. */
function prng(seed: number) {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

const INTERESTING = [0x00, 0x01, 0x02, 0x0b, 0x0c, 0x0d, 0x0e, 0x10, 0x11, 0x20, 0x40, 0x41, 0x42, 0x7e, 0x7f, 0x80, 0xfc, 0xff];

function splice(b: Uint8Array, at: number, del: number, ins: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(b.length - del + ins.length);
  out.set(b.subarray(0, at), 0);
  out.set(Array.from(ins), at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

function leb(v: number, pad: boolean): number[] {
  const out: number[] = [];
  let x = v >>> 0;
  do {
    let byte = x & 0x7f;
    x >>>= 7;
    if (x !== 0 || (pad && out.length < 4)) byte |= 0x80;
    out.push(byte);
  } while (x !== 0 || (pad && out.length < 5));
  return out;
}

/** Top-level sections after the 8-byte header: [start, end) of each, id included. */
function sections(b: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let p = 8;
  while (p < b.length) {
    const start = p++;
    let size = 0, shift = 0, byte: number;
    do {
      if (p >= b.length) return out;
      byte = b[p++]!;
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && shift < 35);
    if (p + size > b.length) return out;
    p += size;
    out.push([start, p]);
  }
  return out;
}

type Mutation = (b: Uint8Array, r: Rng, corpus: readonly Uint8Array[]) => Uint8Array;

const STRUCTURAL: [string, Mutation] = ["structural", (b, r) => structural(b, r)];

const MUTATIONS: [string, Mutation][] = [
  ["flip", (b, r) => { const c = b.slice(); const i = r.int(c.length); c[i] = c[i]! ^ (1 << r.int(8)); return c; }],
  ["byte", (b, r) => { const c = b.slice(); c[r.int(c.length)] = r.next() < 0.5 ? r.pick(INTERESTING) : r.int(256); return c; }],
  ["insert", (b, r) => splice(b, r.int(b.length + 1), 0, Array.from({ length: 1 + r.int(8) }, () => (r.next() < 0.5 ? r.pick(INTERESTING) : r.int(256))))],
  ["delete", (b, r) => { const at = r.int(b.length); return splice(b, at, Math.min(1 + r.int(8), b.length - at), []); }],
  ["duplicate", (b, r) => { const at = r.int(b.length); const len = 1 + r.int(16); return splice(b, r.int(b.length + 1), 0, b.slice(at, at + len)); }],
  ["leb", (b, r) => {
    // Reinterpret the bytes at a random position as a u32 LEB128 and replace it.
    const at = 8 + r.int(Math.max(1, b.length - 8));
    let v = 0, n = 0;
    while (at + n < b.length && n < 5) {
      const byte = b[at + n]!;
      v += (byte & 0x7f) * 2 ** (7 * n);
      n++;
      if (!(byte & 0x80)) break;
    }
    const choices = [v + 1, v - 1, 0, 1, 0xffffffff, 0x80000000, 0x7fffffff, v * 2, v + 1 + r.int(64), r.int(2 ** 32), 127, 128, 16384];
    return splice(b, at, n, leb(r.pick(choices) >>> 0, r.next() < 0.25));
  }],
  ["section", (b, r, corpus) => {
    const mine = sections(b);
    const other = r.pick(corpus);
    const theirs = sections(other);
    if (theirs.length === 0) return b;
    const [s, e] = r.pick(theirs);
    const piece = other.slice(s, e);
    const cut = mine.length > 0 ? r.pick(mine) : ([8, 8] as [number, number]);
    switch (r.int(3)) {
      case 0: return splice(b, cut[0], 0, piece); // insert before a section
      case 1: return splice(b, cut[0], cut[1] - cut[0], piece); // replace a section
      default: return splice(b, cut[1], 0, b.slice(cut[0], cut[1])); // duplicate a section
    }
  }],
];

// Hand-written contracts: host calls, storage, loops, recursion, tables, br_table, bulk memory.
const CONTRACTS = [
  `(module ${hostImportsWat()}
    (memory 1) (data (i32.const 0) "key\\00value")
    (global $g (mut i64) (i64.const 7))
    (table 4 funcref) (elem (i32.const 0) $a $b $c)
    (type $t (func (param i32) (result i32)))
    (func $a (type $t) (i32.add (local.get 0) (i32.const 1)))
    (func $b (type $t) (i32.mul (local.get 0) (i32.const 3)))
    (func $c (type $t) (i32.div_u (i32.const 100) (local.get 0)))
    (func (export "dispatch") (param i32 i32) (result i32)
      (call_indirect (type $t) (local.get 1) (local.get 0)))
    (func (export "store") (call $storage_set (i32.const 0) (i32.const 3) (i32.const 4) (i32.const 5)))
    (func (export "load") (result i32) (call $storage_get (i32.const 0) (i32.const 3) (i32.const 64) (i32.const 16)))
    (func (export "ret") (call $return (i32.const 4) (i32.const 5)))
    (func (export "rev") (call $revert (i32.const 0) (i32.const 3)))
    (func (export "hash") (call $sha256 (i32.const 0) (i32.const 9) (i32.const 128)))
    (func (export "emit") (call $emit (i32.const 128) (i32.const 1) (i32.const 0) (i32.const 9)))
    (func (export "input") (result i32) (call $input_size))
    (func (export "mix") (param i64) (result i64) (local i32)
      (loop $l
        (global.set $g (i64.xor (i64.mul (global.get $g) (i64.const 0x9E3779B97F4A7C15)) (i64.rotl (local.get 0) (i64.const 13))))
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get 1) (i32.const 50))))
      (global.get $g))
    (func (export "switch") (param i32) (result i32)
      (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 10))) (return (i32.const 20)))
      (i32.const 30))
    (func (export "bulk") (param i32)
      (memory.fill (i32.const 256) (i32.const 0xaa) (local.get 0))
      (memory.copy (i32.const 512) (i32.const 256) (local.get 0))
      (drop (memory.grow (local.get 0))))
  )`,
  `(module
    (memory 1)
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func (export "fib20") (result i32) (call $fib (i32.const 20)))
    (func $down (export "down") (param i32) (result i32)
      (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $down (i32.sub (local.get 0) (i32.const 1))))))
    (func (export "spin") (loop (br 0)))
    (func (export "sieve") (result i32) (local $i i32) (local $j i32) (local $n i32)
      (local.set $i (i32.const 2))
      (block $done (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (i32.const 1000)))
        (if (i32.eqz (i32.load8_u (local.get $i)))
          (then (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $j (i32.mul (local.get $i) (local.get $i)))
                (block $b (loop $inner
                  (br_if $b (i32.ge_u (local.get $j) (i32.const 1000)))
                  (i32.store8 (local.get $j) (i32.const 1))
                  (local.set $j (i32.add (local.get $j) (local.get $i)))
                  (br $inner)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $outer)))
      (local.get $n))
    (func (export "ext") (param i32 i64) (result i64)
      (i64.add (i64.extend32_s (local.get 1)) (i64.extend_i32_s (i32.extend8_s (local.get 0)))))
    (func (export "multi") (param i32) (result i32 i64) (local.get 0) (i64.const -1))
  )`,
];

// ---- structural mutations: decode, edit one instruction or one declaration, re-encode ----

const PRICED = ALL_OPS.filter((o) => o.feature === "mvp" || o.feature === "sign-ext" || o.feature === "bulk-memory");
const ENCODABLE = new Set<ImmKind>([
  "none", "blocktype", "label", "br_table", "func", "call_indirect", "local", "global", "memarg", "memidx",
  "i32", "i64", "f32", "f64", "data_mem", "data", "mem_mem", "elem_table", "elem", "table_table",
]);
const ANY_OP = ALL_OPS.filter((o) => ENCODABLE.has(o.imm));
const I32S = [0, 1, -1, 2, 7, 8, 0x7fffffff, -0x80000000, 65535, 65536, 0x10000 * 16, 1 << 24];
const I64S = [0n, 1n, -1n, 63n, 64n, 0x7fffffffffffffffn, -0x8000000000000000n, 0x9e3779b97f4a7c15n - (1n << 64n)];

function randomInstr(r: Rng, m: WasmModule, nLocals: number, info: OpInfo): Instr {
  const small = (n: number) => r.int(Math.max(1, n) + 1);
  const i: Instr = { op: info.code };
  switch (info.imm) {
    case "blocktype": i.a = r.pick([BLOCK_EMPTY, -1, -2, small(m.types.length - 1)]); break;
    case "label": i.a = r.int(4); break;
    case "br_table": i.targets = Array.from({ length: r.int(5) }, () => r.int(4)); i.a = r.int(4); break;
    case "func": i.a = small(m.funcs.length + m.imports.length); break;
    case "call_indirect": i.a = small(m.types.length - 1); i.b = 0; break;
    case "local": i.a = small(nLocals); break;
    case "global": i.a = small(m.globals.length); break;
    case "memarg": i.a = r.pick([0, 1, 4, 8, 65535, 0xffffffff, r.int(2 ** 32)]); i.b = r.int(4); break;
    case "memidx": case "mem_mem": i.a = 0; i.b = 0; break;
    case "i32": i.a = r.next() < 0.5 ? r.pick(I32S) : (r.int(2 ** 32) | 0); break;
    case "i64": i.i64 = r.pick(I64S); break;
    case "f32": i.a = r.int(2 ** 32); break;
    case "f64": i.i64 = BigInt(r.int(2 ** 32)) << 32n; break;
    case "data_mem": i.a = small(m.datas.length); i.b = 0; break;
    case "data": case "elem": i.a = small(Math.max(m.datas.length, m.elems.length)); break;
    case "elem_table": case "table_table": i.a = small(m.elems.length); i.b = 0; break;
  }
  return i;
}

/** Decode a corpus module, change one thing, re-encode. */
function structural(b: Uint8Array, r: Rng): Uint8Array {
  let m: WasmModule;
  try {
    m = decodeModule(b); // an earlier structural edit may have unbalanced the nesting
  } catch (e) {
    if (e instanceof DecodeError) return b;
    throw e;
  }
  const withCode = m.codes.map((_, k) => k).filter((k) => m.codes[k]!.body.length > 1);
  if (withCode.length === 0 || r.next() < 0.1) {
    // Declarations: memory sizes, data offsets, global initialisers, the start function.
    switch (r.int(4)) {
      case 0: if (m.memories[0]) m.memories[0] = { min: r.pick([0, 1, 16, 17, 300]), max: r.pick([undefined, 0, 1, 256, 65536]) }; break;
      case 1: if (m.datas[0]?.offset) m.datas[0].offset = [{ op: Op.i32_const, a: r.pick(I32S) }]; break;
      case 2: if (m.globals[0]) m.globals[0].init = [m.globals[0].type.type === I64 ? { op: Op.i64_const, i64: r.pick(I64S) } : { op: Op.i32_const, a: r.pick(I32S) }]; break;
      default: m.start = r.next() < 0.5 ? undefined : r.int(m.funcs.length + 1);
    }
    return encodeModule(m);
  }
  const k = r.pick(withCode);
  const code = m.codes[k]!;
  const t = m.types[m.funcs[k]!];
  let nLocals = t ? t.params.length : 0;
  for (const d of code.locals) nLocals += d.count;
  const body = code.body;
  const at = r.int(body.length - 1); // never the final end
  const fresh = () => randomInstr(r, m, nLocals, r.next() < 0.05 ? r.pick(ANY_OP) : r.pick(PRICED));
  switch (r.int(6)) {
    case 0: body[at] = fresh(); break; // replace
    case 1: body.splice(at, 0, fresh()); break; // insert
    case 2: body.splice(at, 1); break; // delete
    case 3: body.splice(at, 0, { ...body[at]! }); break; // duplicate
    case 4: if (at + 1 < body.length - 1) [body[at], body[at + 1]] = [body[at + 1]!, body[at]!]; break; // swap
    default: { // same opcode, new immediates
      const info = opInfo(body[at]!.op);
      if (info && ENCODABLE.has(info.imm)) body[at] = randomInstr(r, m, nLocals, info);
    }
  }
  return encodeModule(m);
}

function loadCorpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (existsSync(SUITE)) {
    for (const d of readdirSync(SUITE, { withFileTypes: true }).filter((x) => x.isDirectory()).map((x) => x.name).sort()) {
      for (const f of readdirSync(join(SUITE, d)).filter((x) => x.endsWith(".wasm")).sort()) {
        const bytes = new Uint8Array(readFileSync(join(SUITE, d, f)));
        if (frontHalf(bytes) !== undefined) out.push(bytes);
      }
    }
  }
  return out;
}

/** decode + validate (default policy); undefined when the module is refused with a typed error. */
function frontHalf(bytes: Uint8Array): WasmModule | undefined {
  try {
    const m = decodeModule(bytes);
    validateModule(m, { byteLength: bytes.length });
    return m;
  } catch (e) {
    if (e instanceof DecodeError || e instanceof ValidationError) return undefined;
    throw e;
  }
}

function freshFrame(): HostFrame {
  return {
    self: new Uint8Array(32).fill(3), caller: new Uint8Array(32).fill(2), origin: new Uint8Array(32).fill(2),
    value: 0n, input: new Uint8Array([1, 2, 3, 4, 5]), readOnly: false,
    block: { height: 1n, time: 1_700_000_000n, chainId: 7n },
    state: new MemoryState(), effects: new EffectLog(), lastReturnData: new Uint8Array(0),
    callContract: () => ({ status: 2, returnData: new Uint8Array(0), gasUsed: 0n }),
    debug: () => {},
  };
}

/** What one export (or the instantiation) did, in terms both engines must agree on. */
type Outcome = string;

function describeValue(v: Value): string {
  return typeof v === "bigint" ? `${v}n` : String(v);
}

function outcomeOfThrow(e: unknown, gasLeft: () => bigint): Outcome {
  if (e instanceof Trap) return `trap:${e.code}:${gasLeft()}`;
  if (e instanceof Halt) return `halt:${e.kind}:${Array.from(e.data).join(",")}:${gasLeft()}`;
  throw e;
}

/** Run every exported function of a module on one engine; one outcome per export (or one for instantiation). */
function runAll(engine: Engine, m: WasmModule, bytes: Uint8Array): Outcome[] {
  const prepared = engine.prepare(m, bytes);
  const out: Outcome[] = [];
  const fnExports = m.exports.filter((e) => e.kind === "func");
  for (const exp of fnExports.length ? fnExports : [undefined]) {
    let inst;
    try {
      inst = engine.instantiate(prepared, hostImports(freshFrame()), { gas: GAS, stackUsed: 0 });
    } catch (e) {
      out.push(`instantiate:${outcomeOfThrow(e, () => -1n)}`);
      return out; // every instantiation of this module fails the same way
    }
    const i = inst;
    try {
      i.runStart();
    } catch (e) {
      out.push(`start:${outcomeOfThrow(e, () => i.gasLeft())}`);
      return out;
    }
    if (!exp) break;
    const t = funcTypeOf(m, exp.index)!;
    const args = t.params.map((p) => (p === I64 ? 0n : 0));
    try {
      const r = i.invoke(exp.name, args);
      out.push(`${exp.name}:ok:${r.map(describeValue).join(",")}:${i.gasLeft()}`);
    } catch (e) {
      out.push(`${exp.name}:${outcomeOfThrow(e, () => i.gasLeft())}`);
    }
  }
  return out;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("mutation fuzzing: decode → validate → both engines", () => {
  it(`${CASES} mutants raise only typed errors, and the engines agree`, async () => {
    const wabt = await wabtInit();
    const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
    const corpus = loadCorpus();
    for (const src of CONTRACTS) {
      const bytes = new Uint8Array(wabt.parseWat("c.wat", src, features).toBinary({}).buffer);
      expect(frontHalf(bytes), "hand-written contract must be valid").toBeDefined();
      corpus.push(bytes);
    }
    expect(corpus.length).toBeGreaterThan(CONTRACTS.length);
    const runnable = corpus.filter((b) => decodeModule(b).exports.some((e) => e.kind === "func"));
    console.log(`[fuzz] seed ${SEED} (replay: FUZZ_SEED=${SEED}), ${CASES} cases, corpus ${corpus.length} modules`);

    const engines: Engine[] = [new V8Engine(), new InterpEngine()];
    const r = prng(SEED);
    const stats = { decode: 0, validate: 0, accepted: 0, exports: 0, traps: 0, ok: 0, halts: 0 };
    const mutationCounts: Record<string, number> = {};
    const t0 = performance.now();
    for (let c = 0; c < CASES; c++) {
      // Modules with exports run code; prefer them.
      let bytes = r.next() < 0.8 ? r.pick(runnable) : r.pick(corpus);
      const applied: string[] = [];
      // Half the cases edit the decoded module (most stay decodable, many stay valid and
      // run); the other half mutate raw bytes (exercising the decoder's error paths).
      const structuralCase = r.next() < 0.5;
      for (let k = 1 + r.int(3); k > 0; k--) {
        const [name, f] = structuralCase ? STRUCTURAL : r.pick(MUTATIONS);
        applied.push(name);
        mutationCounts[name] = (mutationCounts[name] ?? 0) + 1;
        if (bytes.length > 8) bytes = f(bytes, r, corpus);
      }
      const where = () => `seed ${SEED} case ${c} (${applied.join("+")}): ${hex(bytes)}`;
      let m: WasmModule;
      try {
        m = decodeModule(bytes);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw new Error(`decode threw ${String(e)} — ${where()}`, { cause: e });
        stats.decode++;
        continue;
      }
      try {
        validateModule(m, { byteLength: bytes.length });
      } catch (e) {
        if (!(e instanceof ValidationError)) throw new Error(`validate threw ${String(e)} — ${where()}`, { cause: e });
        stats.validate++;
        continue;
      }
      stats.accepted++;
      const results = engines.map((engine) => {
        try {
          return runAll(engine, m, bytes);
        } catch (e) {
          throw new Error(`${engine.name} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} — ${where()}`, { cause: e });
        }
      });
      expect(results[1], `engines disagree — ${where()}`).toEqual(results[0]);
      for (const o of results[0]!) {
        stats.exports++;
        if (o.includes(":trap:")) stats.traps++;
        else if (o.includes(":halt:")) stats.halts++;
        else if (o.includes(":ok:")) stats.ok++;
      }
    }
    const ms = performance.now() - t0;
    console.log(`[fuzz] ${CASES} cases in ${(ms / 1000).toFixed(1)} s: ${JSON.stringify(stats)}; mutations ${JSON.stringify(mutationCounts)}`);
    // The run must actually exercise the engines, not only the decoder.
    expect(stats.accepted).toBeGreaterThan(CASES / 20);
    expect(stats.ok).toBeGreaterThan(0);
    expect(stats.traps).toBeGreaterThan(0);
  });
});
