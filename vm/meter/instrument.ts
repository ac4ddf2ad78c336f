// Instrumentation for the v8 engine: rewrites a validated module so that it meters itself
// with the plan of `planModule` (docs/gas.md), entirely inside Wasm — an injected mutable
// i64 global checked at metered-block entry, never a call to a JS import per block
// (DESIGN §5: measured 5–16× slower).
//
// Inside a function the remaining gas lives in a local (a register in optimised code): it is
// loaded from `__silk_gas` at entry and after each call, and stored back at exit and at the
// start of every metered block that contains an instruction which can trap or calls out, so
// the global is exact whenever anything outside the function can look at it.
//
// Nothing in the input's index spaces moves: types, globals and locals are only appended, so
// every index the contract uses (and every exported name) stays valid. The output shares
// unchanged `Instr` objects with the input; modules are treated as immutable.

import {
  BLOCK_EMPTY, I32, I64, blockTypeOfVal,
  type Export, type FuncBody, type FuncType, type Global, type Import, type Instr, type Limits, type WasmModule,
} from "../wasm/module.js";
import { Op, opInfo } from "../wasm/opcodes.js";
import { isBoundary } from "./plan.js";
import type { CostSchedule, ModuleMeter } from "./types.js";

/** Part of the compiled-module cache key: bump on any change to the emitted code. */
export const INSTRUMENTATION_VERSION = "silk-instr-v1";

export const GAS_GLOBAL = "__silk_gas";
export const STACK_GLOBAL = "__silk_stack";
export const TRAP_GLOBAL = "__silk_trap";
export const START_EXPORT = "__silk_start";
/** Export names the instrumenter owns; a contract exporting one of them is refused here. */
export { RESERVED_EXPORT_PREFIX } from "../validate/policy.js";
import { RESERVED_EXPORT_PREFIX } from "../validate/policy.js";

/** Values of `__silk_trap`, written just before an injected `unreachable`. */
export const TRAP_NONE = 0;
export const TRAP_OUT_OF_GAS = 1;
export const TRAP_STACK_OVERFLOW = 2;

/** Indices the rewritten bodies refer to. */
interface Ctx {
  gas: number; // global index of __silk_gas
  stack: number; // global index of __silk_stack
  trap: number; // global index of __silk_trap
  s: CostSchedule;
}

const FC_MEMORY_INIT = Op.memory_init, FC_MEMORY_COPY = Op.memory_copy, FC_MEMORY_FILL = Op.memory_fill;
const FC_TABLE_INIT = Op.table_init, FC_TABLE_COPY = Op.table_copy;

function typeKey(t: FuncType): string {
  return `${t.params.join(",")}:${t.results.join(",")}`;
}

export function instrument(m: WasmModule, meter: ModuleMeter): WasmModule {
  const s = meter.schedule;
  if (meter.funcs.length !== m.codes.length) {
    throw new Error(`instrument: meter has ${meter.funcs.length} functions, module ${m.codes.length}`);
  }
  for (const [name, v] of [["growPerPage", s.growPerPage], ["bulkPer8Bytes", s.bulkPer8Bytes], ["tablePerElem", s.tablePerElem]] as const) {
    // keeps every dynamic cost (rate × u32 count) below 2^63, so the signed check cannot wrap
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** 31) throw new Error(`instrument: ${name} = ${v} out of range`);
  }
  if (!Number.isInteger(s.stackLimit) || s.stackLimit < 0 || s.stackLimit >= 2 ** 31) {
    throw new Error(`instrument: stackLimit = ${s.stackLimit} out of range`);
  }
  for (const e of m.exports) {
    if (e.name.startsWith(RESERVED_EXPORT_PREFIX)) throw new Error(`instrument: export name ${e.name} is reserved`);
  }

  // Types: append only. The lookup map is only read by key, never iterated.
  const types = m.types.slice();
  const typeIndex = new Map<string, number>();
  types.forEach((t, i) => { const k = typeKey(t); if (!typeIndex.has(k)) typeIndex.set(k, i); });
  const internType = (t: FuncType): number => {
    const k = typeKey(t);
    let i = typeIndex.get(k);
    if (i === undefined) { i = types.length; types.push(t); typeIndex.set(k, i); }
    return i;
  };

  let importedGlobals = 0;
  for (const imp of m.imports) if (imp.desc.kind === "global") importedGlobals++;
  const funcTypeIdx = (k: number) => m.funcs[k]!;

  // Globals appended after all existing ones: no global index shifts.
  const gasIdx = importedGlobals + m.globals.length;
  const ctx: Ctx = { gas: gasIdx, stack: gasIdx + 1, trap: gasIdx + 2, s };
  const globals: Global[] = [
    ...m.globals,
    { type: { type: I64, mutable: true }, init: [{ op: Op.i64_const, i64: 0n }] },
    { type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] },
    { type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] },
  ];

  const codes: FuncBody[] = m.codes.map((code, k) => {
    const t = types[funcTypeIdx(k)]!;
    const results = t.results;
    const wrapperBt = results.length === 0 ? BLOCK_EMPTY
      : results.length === 1 ? blockTypeOfVal(results[0]!)
      : internType({ params: [], results });
    return rewriteBody(ctx, code, t, meter.funcs[k]!.blockCost, meter.funcs[k]!.frameCost, wrapperBt);
  });

  const exports: Export[] = [
    ...m.exports,
    { name: GAS_GLOBAL, kind: "global", index: ctx.gas },
    { name: STACK_GLOBAL, kind: "global", index: ctx.stack },
    { name: TRAP_GLOBAL, kind: "global", index: ctx.trap },
  ];
  // The engine runs the start function itself, after instantiation, once host functions
  // can see the instance's memory and gas.
  if (m.start !== undefined) exports.push({ name: START_EXPORT, kind: "func", index: m.start });

  const clamp = (l: Limits): Limits => {
    if (l.min > s.maxPages) throw new Error(`instrument: memory minimum ${l.min} pages exceeds the cap ${s.maxPages}`);
    return { min: l.min, max: Math.min(l.max ?? s.maxPages, s.maxPages) };
  };
  const imports: Import[] = m.imports.map((imp) =>
    imp.desc.kind === "memory" ? { ...imp, desc: { kind: "memory", memory: clamp(imp.desc.memory) } } : imp);

  const { start: _start, ...rest } = m;
  return { ...rest, types, imports, memories: m.memories.map(clamp), globals, exports, codes };
}

/**
 * Instructions before which `__silk_gas` must equal the cached gas local: those that can trap
 * (the engine reads the global after a trap), calls (the callee and host functions use the
 * global) and the dynamically charged ones. Classes from the opcode table.
 */
function needsGlobalGas(op: number): boolean {
  if (op === Op.unreachable) return true;
  const info = opInfo(op);
  if (!info) return false;
  switch (info.cls) {
    case "load": case "store": case "div": case "call": case "call_indirect": case "bulk": case "memory.grow":
      return true;
    default:
      return false;
  }
}

/** Per metered-block start: whether some instruction of that block needs the global in sync. */
function planSync(body: readonly Instr[]): Uint8Array {
  const sync = new Uint8Array(body.length);
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (needsGlobalGas(body[i]!.op)) sync[start] = 1;
    if (isBoundary(body[i]!.op)) start = i + 1;
  }
  return sync;
}

/** Scratch locals of one rewritten function. */
interface Scratch {
  t32: number; // count operand of a dynamically charged instruction
  lg: number; // i64: remaining gas, cached in a local (a register) while the function runs
}

/**
 * Emits the block charge: lg -= c; (store to the global when needed); if lg < 0 then out
 * of gas. Remaining gas is kept in [0, 2^63) by the engine and every cost is below 2^63, so
 * the signed difference is exact.
 */
function emitCharge(out: Instr[], ctx: Ctx, sc: Scratch, c: number, sync: boolean): void {
  if (c === 0) {
    if (sync) out.push({ op: Op.local_get, a: sc.lg }, { op: Op.global_set, a: ctx.gas });
    return;
  }
  out.push({ op: Op.local_get, a: sc.lg }, { op: Op.i64_const, i64: BigInt(c) }, { op: Op.i64_sub });
  emitStoreAndCheck(out, ctx, sc, sync);
}

/**
 * Stack: [lg - cost]. Stores it to lg (and the global) and traps when it went negative.
 * The trap arm is inline rather than a call to a helper: measured on Node 20, a call in the
 * cold arm made TurboFan's code for a hot loop ~3× slower (values are spilled around the
 * call site on the hot path); a branch to `unreachable` is treated as cold.
 */
function emitStoreAndCheck(out: Instr[], ctx: Ctx, sc: Scratch, sync: boolean): void {
  out.push({ op: Op.local_tee, a: sc.lg });
  if (sync) out.push({ op: Op.global_set, a: ctx.gas }, { op: Op.local_get, a: sc.lg });
  out.push(
    { op: Op.i64_const, i64: 0n }, { op: Op.i64_lt_s },
    { op: Op.if, a: BLOCK_EMPTY },
    { op: Op.i64_const, i64: 0n }, { op: Op.global_set, a: ctx.gas },
    { op: Op.i32_const, a: TRAP_OUT_OF_GAS }, { op: Op.global_set, a: ctx.trap },
    { op: Op.unreachable }, { op: Op.end },
  );
}

/**
 * Before a memory.grow / bulk op whose count operand (unsigned i32) is on top of the stack:
 * charge rate × f(count) and leave the stack as it was.
 */
function emitDynamicCharge(out: Instr[], ctx: Ctx, sc: Scratch, rate: number, per8Bytes: boolean): void {
  if (rate === 0) return;
  out.push(
    { op: Op.local_set, a: sc.t32 },
    { op: Op.local_get, a: sc.lg },
    { op: Op.local_get, a: sc.t32 }, { op: Op.i64_extend_i32_u },
  );
  if (per8Bytes) {
    // ceil(n / 8) = (n + 7) >> 3, exact in i64 for any u32 n
    out.push({ op: Op.i64_const, i64: 7n }, { op: Op.i64_add }, { op: Op.i64_const, i64: 3n }, { op: Op.i64_shr_u });
  }
  if (rate !== 1) out.push({ op: Op.i64_const, i64: BigInt(rate) }, { op: Op.i64_mul });
  out.push({ op: Op.i64_sub });
  emitStoreAndCheck(out, ctx, sc, true);
  out.push({ op: Op.local_get, a: sc.t32 });
}

function rewriteBody(ctx: Ctx, code: FuncBody, t: FuncType, blockCost: Uint32Array, frameCost: number, wrapperBt: number): FuncBody {
  const body = code.body;
  if (blockCost.length !== body.length) throw new Error("instrument: plan does not match the function body");
  if (!Number.isInteger(frameCost) || frameCost < 0 || frameCost >= 2 ** 31) {
    throw new Error(`instrument: frame cost ${frameCost} out of range`);
  }
  let nLocals = t.params.length;
  for (const d of code.locals) nLocals += d.count;
  // Scratch locals, after every existing local: t32, sp (i32), lg (i64).
  const sc: Scratch = { t32: nLocals, lg: nLocals + 2 };
  const sp = nLocals + 1; // __silk_stack before this frame, restored at exit
  const locals = [...code.locals, { count: 2, type: I32 }, { count: 1, type: I64 }];
  const sync = planSync(body);
  const s = ctx.s;

  const out: Instr[] = [];
  // Entry: stack check first (stack += frameCost; trap if above the limit) ...
  out.push(
    { op: Op.global_get, a: ctx.stack }, { op: Op.local_tee, a: sp },
    { op: Op.i32_const, a: frameCost }, { op: Op.i32_add },
    { op: Op.local_tee, a: sc.t32 }, { op: Op.global_set, a: ctx.stack },
    { op: Op.local_get, a: sc.t32 }, { op: Op.i32_const, a: s.stackLimit }, { op: Op.i32_gt_u },
    { op: Op.if, a: BLOCK_EMPTY },
    { op: Op.i32_const, a: TRAP_STACK_OVERFLOW }, { op: Op.global_set, a: ctx.trap },
    { op: Op.unreachable }, { op: Op.end },
    { op: Op.global_get, a: ctx.gas }, { op: Op.local_set, a: sc.lg },
  );
  // ... then the wrapper block, which takes the place of the function's own label: a `br`
  // to the function label keeps its relative depth and lands after the wrapper, where the
  // frame is credited. The index-0 charge is emitted inside it, before body[0].
  out.push({ op: Op.block, a: wrapperBt });

  let depth = 0; // constructs open inside the wrapper
  const last = body.length - 1;
  for (let i = 0; i < last; i++) {
    emitCharge(out, ctx, sc, blockCost[i]!, sync[i] === 1);
    const ins = body[i]!;
    switch (ins.op) {
      case Op.block: case Op.loop: case Op.if:
        depth++;
        out.push(ins);
        break;
      case Op.end:
        depth--;
        out.push(ins);
        break;
      case Op.return:
        out.push({ op: Op.br, a: depth });
        break;
      case Op.call: case Op.call_indirect:
        // the callee (or host function) charged through the global
        out.push(ins, { op: Op.global_get, a: ctx.gas }, { op: Op.local_set, a: sc.lg });
        break;
      case Op.memory_grow:
        emitDynamicCharge(out, ctx, sc, s.growPerPage, false);
        out.push(ins);
        break;
      case FC_MEMORY_COPY: case FC_MEMORY_FILL: case FC_MEMORY_INIT:
        emitDynamicCharge(out, ctx, sc, s.bulkPer8Bytes, true);
        out.push(ins);
        break;
      case FC_TABLE_INIT: case FC_TABLE_COPY:
        emitDynamicCharge(out, ctx, sc, s.tablePerElem, false);
        out.push(ins);
        break;
      default:
        out.push(ins);
    }
  }
  // The final end may itself start a metered block (e.g. after a trailing `end` or `br`).
  emitCharge(out, ctx, sc, blockCost[last]!, false);
  out.push({ op: Op.end }); // closes the wrapper
  // Every exit (fall-through, br to the function label, rewritten return) passes here:
  // publish the remaining gas and credit the frame.
  out.push(
    { op: Op.local_get, a: sc.lg }, { op: Op.global_set, a: ctx.gas },
    { op: Op.local_get, a: sp }, { op: Op.global_set, a: ctx.stack },
    { op: Op.end },
  );
  return { locals, body: out };
}
