// Instrumentation for the v8 engine: rewrites a validated module so that it meters itself
// with the plan of `planModule` (docs/gas.md), entirely inside Wasm — an injected mutable
// i64 global checked at metered-block entry, never a call to a JS import per block
// (DESIGN §5: measured 5–16× slower).
//
// Inside a function the remaining gas lives in a local (a register in optimised code).
// Private functions (reached only by direct calls) take the gas and the caller's stack depth
// as two extra parameters and return the gas as an extra result, so calls between them touch
// no global; every other function uses `__silk_gas` / `__silk_stack`, which are published
// before anything outside the function can read them (a trap, a host function, a public
// callee, the engine after a return). The check for running out is deferred to the blocks
// that call, write memory or a global, are dynamically charged or branch back to a loop, and
// to the exit; a load, division or `unreachable` may trap on a published deficit, which the
// engine reports as out_of_gas. Runs of fall-through blocks are charged with one addition
// (chains). docs/gas.md §8 explains why the outcome equals charging every block on entry.
//
// No function is added and no index moves: types and globals are only appended, scratch
// locals are appended after the existing ones, and only a private function's own type and
// local numbering change (its two extra parameters follow the original ones). The output
// shares unchanged `Instr` objects with the input; modules are treated as immutable.

import {
  BLOCK_EMPTY, I32, I64, blockSignature, blockTypeOfVal, importedFuncCount,
  type Export, type FuncBody, type FuncType, type Global, type Import, type Instr, type Limits, type WasmModule,
} from "../wasm/module.js";
import { Op, opInfo } from "../wasm/opcodes.js";
import { isBoundary } from "./plan.js";
import type { CostSchedule, ModuleMeter } from "./types.js";

/** Part of the compiled-module cache key: bump on any change to the emitted code. */
export const INSTRUMENTATION_VERSION = "silk-instr-v3";

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
  m: WasmModule;
  /** By function index: 1 when the function takes and returns the gas as a value. */
  priv: Uint8Array;
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
  const nImported = importedFuncCount(m);

  // Private functions: reached only by direct `call` (not exported, not the start function,
  // never referenced by `ref.func`). They take the remaining gas and the caller's stack
  // depth as two extra parameters and return the gas as an extra result.
  const priv = new Uint8Array(nImported + m.codes.length).fill(1);
  for (let f = 0; f < nImported; f++) priv[f] = 0;
  for (const e of m.exports) if (e.kind === "func") priv[e.index] = 0;
  if (m.start !== undefined) priv[m.start] = 0;
  const unref = (code: readonly Instr[]) => { for (const ins of code) if (ins.op === Op.ref_func) priv[ins.a!] = 0; };
  for (const el of m.elems) for (const e of el.init) unref(e);
  for (const g of m.globals) unref(g.init);
  for (const c of m.codes) unref(c.body);
  // stay within V8's limits of 1000 parameters and results per function type
  m.funcs.forEach((ti, k) => { const t = m.types[ti]!; if (t.params.length > 998 || t.results.length > 999) priv[nImported + k] = 0; });

  // Globals appended after all existing ones: no global index shifts.
  const gasIdx = importedGlobals + m.globals.length;
  const ctx: Ctx = { gas: gasIdx, stack: gasIdx + 1, trap: gasIdx + 2, s, m, priv };
  const globals: Global[] = [
    ...m.globals,
    { type: { type: I64, mutable: true }, init: [{ op: Op.i64_const, i64: 0n }] },
    { type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] },
    { type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] },
  ];

  const funcs = m.funcs.slice();
  const codes: FuncBody[] = m.codes.map((code, k) => {
    const t = types[m.funcs[k]!]!;
    const results = t.results;
    const wrapperBt = results.length === 0 ? BLOCK_EMPTY
      : results.length === 1 ? blockTypeOfVal(results[0]!)
      : internType({ params: [], results });
    const isPriv = priv[nImported + k] === 1;
    if (isPriv) funcs[k] = internType({ params: [...t.params, I64, I32], results: [...results, I64] });
    return rewriteBody(ctx, code, t, meter.funcs[k]!.blockCost, meter.funcs[k]!.frameCost, wrapperBt, isPriv);
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
  return { ...rest, types, funcs, imports, memories: m.memories.map(clamp), globals, exports, codes };
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

/** What the charge at a metered-block start must do (bit flags). */
const SYNC = 1; // store the gas local to `__silk_gas`
const CHECK = 2; // compare the gas local with 0 and trap when negative

/**
 * Per metered-block start: SYNC when some instruction of the block needs the global in sync
 * (it can trap, calls a public function or a host function, or is dynamically charged) and
 * no private call before it in the block publishes instead; CHECK when the block must not
 * run on a deficit: it calls, writes memory or a contract global (observable after a trap),
 * is dynamically charged, or branches back to a loop (every cycle passes such a branch, so
 * an infinite loop meets a check). A block whose only trapping instructions are loads,
 * divisions or `unreachable` publishes without checking: if one traps on a deficit the
 * engine sees the negative gas and reports out_of_gas. Any other block is only subtracted:
 * the deficit, if any, is caught by the next check on the path, which comes before anything
 * observable (the next CHECK block, or the function's exit). Also returns whether some
 * charged block is left unchecked (then the exit checks).
 */
function planChecks(body: readonly Instr[], blockCost: Uint32Array, priv: Uint8Array): { flags: Uint8Array; deferred: boolean; calls: boolean } {
  const flags = new Uint8Array(body.length);
  const loops: boolean[] = [false]; // per open construct (the function label first): is it a loop
  const isLoopTarget = (d: number) => loops[loops.length - 1 - d] === true;
  let start = 0;
  let calls = false;
  let afterPriv = false; // a private call came earlier in this block: it publishes the gas itself
  for (let i = 0; i < body.length; i++) {
    const ins = body[i]!;
    let f = 0;
    // a trap without side effects may run on a deficit: the engine reads the negative gas
    // it published and reports out_of_gas, as charging on block entry would have
    if (needsGlobalGas(ins.op)) f = isPureTrap(ins.op) ? SYNC : SYNC | CHECK;
    switch (ins.op) {
      case Op.global_set: f |= CHECK; break;
      // a private callee takes the gas as a value: check before it, no store to the global
      case Op.call: calls = true; if (priv[ins.a!] === 1) f = CHECK; break;
      case Op.call_indirect: calls = true; break;
      case Op.br: case Op.br_if: if (isLoopTarget(ins.a!)) f |= CHECK; break;
      case Op.br_table:
        if (isLoopTarget(ins.a!) || (ins.targets ?? []).some(isLoopTarget)) f |= CHECK;
        break;
      case Op.block: case Op.if: loops.push(false); break;
      case Op.loop: loops.push(true); break;
      case Op.end: loops.pop(); break;
    }
    if (afterPriv) f &= ~SYNC;
    if (ins.op === Op.call && priv[ins.a!] === 1) afterPriv = true;
    flags[start]! |= f;
    if (isBoundary(ins.op)) { start = i + 1; afterPriv = false; }
  }
  let deferred = false;
  for (let i = 0; i < body.length; i++) if (blockCost[i]! > 0 && (flags[i]! & CHECK) === 0) deferred = true;
  return { flags, deferred, calls };
}

/** Scratch locals of one rewritten function. */
interface Scratch {
  t32: number; // count operand of a dynamically charged instruction
  lg: number; // i64: remaining gas, cached in a local (a register) while the function runs
  t64: number; // i64: the exact remaining gas inside a chain, where lg is ahead of it
}

/**
 * Emits the block charge: lg -= c; (store to the global when needed); if lg < 0 then out
 * of gas. Remaining gas is kept in [0, 2^63) by the engine and every cost is below 2^63, so
 * the signed difference is exact.
 */
function emitChainCharge(out: Instr[], ctx: Ctx, sc: Scratch, headCost: number, r: number, flags: number): void {
  const sync = (flags & SYNC) !== 0, check = (flags & CHECK) !== 0;
  if (headCost > 0) {
    // lg + (-cost) rather than lg - cost: Liftoff has an immediate form for i64.add only
    out.push({ op: Op.local_get, a: sc.lg }, { op: Op.i64_const, i64: -BigInt(headCost) }, { op: Op.i64_add });
    if (r === 0 && (sync || check)) {
      out.push({ op: Op.local_tee, a: sc.lg });
      if (sync) out.push({ op: Op.global_set, a: ctx.gas });
      if (sync && check) out.push({ op: Op.local_get, a: sc.lg });
      if (check) emitTrapIfNegative(out, ctx);
      return;
    }
    out.push({ op: Op.local_set, a: sc.lg }); // checked below, or deferred to a later check on every path
  }
  if (!sync && !check) return;
  out.push({ op: Op.local_get, a: sc.lg });
  // the exact remaining gas here is lg + r: compare (and publish) it without touching lg
  if (r > 0) out.push({ op: Op.i64_const, i64: BigInt(r) }, { op: Op.i64_add });
  if (sync && check) {
    if (r > 0) out.push({ op: Op.local_tee, a: sc.t64 }, { op: Op.global_set, a: ctx.gas }, { op: Op.local_get, a: sc.t64 });
    else out.push({ op: Op.global_set, a: ctx.gas }, { op: Op.local_get, a: sc.lg });
  } else if (sync) {
    out.push({ op: Op.global_set, a: ctx.gas });
  }
  if (check) emitTrapIfNegative(out, ctx);
}

/**
 * Chains: a metered block that ends with `br_if` or `block` and contains no call and no
 * dynamically charged instruction is always followed by the block after it, which nothing
 * else can reach. Such a run of blocks is charged with ONE subtraction at its head (so a
 * loop iteration adds one instruction, not one per block, to the dependency chain of the gas
 * local); inside the chain lg is ahead of the exact remaining gas by `rem` (the cost of the
 * chain's later blocks), checks and publications use lg + rem, and a `br_if` that leaves the
 * chain gives rem back on its taken path. rem is -1 at indices that start no block.
 */
function planChains(m: WasmModule, t: FuncType, body: readonly Instr[], blockCost: Uint32Array): { head: Float64Array; rem: Float64Array } {
  const n = body.length;
  const rem = new Float64Array(n).fill(-1);
  const head = new Float64Array(n);
  const starts: number[] = [];
  const cont: boolean[] = []; // cont[k]: block k+1 continues the chain of block k
  let s = 0;
  let plain = true;
  const arity: number[] = [t.results.length]; // per open construct: values its label takes
  for (let i = 0; i < n; i++) {
    const ins = body[i]!;
    const op = ins.op;
    if (needsGlobalGas(op) && !isTrapOnly(op)) plain = false;
    if (op === Op.block || op === Op.loop || op === Op.if) {
      const sig = blockSignature(m, ins.a!);
      arity.push(sig === undefined ? -1 : op === Op.loop ? sig.params.length : sig.results.length);
    } else if (op === Op.end) {
      arity.pop();
    }
    if (isBoundary(op) || i === n - 1) {
      const ok = op === Op.block || (op === Op.br_if && arity[arity.length - 1 - ins.a!] === 0);
      starts.push(s);
      cont.push(plain && ok && i + 1 < n);
      s = i + 1;
      plain = true;
    }
  }
  // backwards: rem of the last block of a chain is 0
  let acc = 0;
  for (let k = starts.length - 1; k >= 0; k--) {
    const st = starts[k]!;
    if (!cont[k]) acc = 0;
    rem[st] = acc;
    acc += blockCost[st]!;
    if (k === 0 || !cont[k - 1]) head[st] = acc; // head: charges the whole chain
  }
  return { head, rem };
}

/** Instructions that may trap but have no other effect (no write, no call, no dynamic charge). */
function isPureTrap(op: number): boolean {
  if (op === Op.unreachable) return true;
  const cls = opInfo(op)?.cls;
  return cls === "load" || cls === "div";
}

/** Instructions that may trap but neither call out nor carry a dynamic charge. */
function isTrapOnly(op: number): boolean {
  if (op === Op.unreachable) return true;
  const cls = opInfo(op)?.cls;
  return cls === "load" || cls === "store" || cls === "div";
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
  emitTrapIfNegative(out, ctx);
}

/** Stack: [gas]. Traps out of gas when it is negative. */
function emitTrapIfNegative(out: Instr[], ctx: Ctx): void {
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

function rewriteBody(ctx: Ctx, code: FuncBody, t: FuncType, blockCost: Uint32Array, frameCost: number, wrapperBt: number, isPriv: boolean): FuncBody {
  const body = code.body;
  if (blockCost.length !== body.length) throw new Error("instrument: plan does not match the function body");
  if (!Number.isInteger(frameCost) || frameCost < 0 || frameCost >= 2 ** 31) {
    throw new Error(`instrument: frame cost ${frameCost} out of range`);
  }
  const P = t.params.length;
  // A private function's two extra parameters (gas, caller's stack depth) come after the
  // original ones, so its declared locals move up by 2.
  const shift = isPriv ? 2 : 0;
  let nLocals = P + shift;
  for (const d of code.locals) nLocals += d.count;
  // Scratch locals, after every existing local: t32, sp, d (i32), lg, t64 (i64); a private
  // function has lg and sp as parameters and declares t32, d, t64 only.
  const sp = isPriv ? P + 1 : nLocals + 1; // stack depth before this frame
  const d = nLocals + (isPriv ? 1 : 2); // stack depth with this frame
  const sc: Scratch = isPriv ? { t32: nLocals, lg: P, t64: nLocals + 2 } : { t32: nLocals, lg: nLocals + 3, t64: nLocals + 4 };
  const locals = isPriv
    ? [...code.locals, { count: 2, type: I32 }, { count: 1, type: I64 }]
    : [...code.locals, { count: 3, type: I32 }, { count: 2, type: I64 }];
  const { flags, deferred, calls } = planChecks(body, blockCost, ctx.priv);
  const { head, rem } = planChains(ctx.m, t, body, blockCost);
  const s = ctx.s;
  // publishAfter[i]: an instruction after a private call at i, in the same metered block,
  // needs `__silk_gas` exact (the block's own store came before the call)
  const publishAfter = new Uint8Array(body.length);
  for (let i = body.length - 1, acc = 0; i >= 0; i--) {
    const op = body[i]!.op;
    if (isBoundary(op) || i === body.length - 1) acc = 0;
    publishAfter[i] = acc;
    if (needsGlobalGas(op) && !(op === Op.call && ctx.priv[body[i]!.a!] === 1)) acc = 1;
  }

  const out: Instr[] = [];
  // Entry: stack check first (depth + frameCost > limit traps). The depth is published to
  // `__silk_stack` only right before a call that reads it (host functions, exported or
  // table functions); private callees receive it as a parameter.
  if (isPriv) out.push({ op: Op.local_get, a: sp });
  else out.push({ op: Op.global_get, a: ctx.stack }, ...(calls ? [{ op: Op.local_tee, a: sp }] : []));
  out.push({ op: Op.i32_const, a: frameCost }, { op: Op.i32_add });
  if (calls) out.push({ op: Op.local_tee, a: d });
  out.push(
    { op: Op.i32_const, a: s.stackLimit }, { op: Op.i32_gt_u },
    { op: Op.if, a: BLOCK_EMPTY },
    // a private function's caller has not published its gas: do it for the engine
    ...(isPriv ? [{ op: Op.local_get, a: sc.lg }, { op: Op.global_set, a: ctx.gas }] : []),
    { op: Op.i32_const, a: TRAP_STACK_OVERFLOW }, { op: Op.global_set, a: ctx.trap },
    { op: Op.unreachable }, { op: Op.end },
  );
  if (!isPriv) out.push({ op: Op.global_get, a: ctx.gas }, { op: Op.local_set, a: sc.lg });
  // ... then the wrapper block, which takes the place of the function's own label: a `br`
  // to the function label keeps its relative depth and lands after the wrapper, where the
  // frame is credited. The index-0 charge is emitted inside it, before body[0].
  out.push({ op: Op.block, a: wrapperBt });

  let depth = 0; // constructs open inside the wrapper
  const last = body.length - 1;
  let cur = 0; // start of the metered block being emitted
  for (let i = 0; i < last; i++) {
    if (rem[i]! >= 0) { cur = i; emitChainCharge(out, ctx, sc, head[i]!, rem[i]!, flags[i]!); }
    const ins = body[i]!;
    switch (ins.op) {
      case Op.br_if: {
        const r = rem[cur]!; // what lg holds of the chain's later blocks
        if (r > 0) {
          // the branch leaves the chain: give back what the rest of the chain was charged
          // (planChains only continues through a br_if whose label takes no values)
          out.push(
            { op: Op.if, a: BLOCK_EMPTY },
            { op: Op.local_get, a: sc.lg }, { op: Op.i64_const, i64: BigInt(r) }, { op: Op.i64_add },
            { op: Op.local_set, a: sc.lg }, { op: Op.br, a: ins.a! + 1 }, { op: Op.end },
          );
        } else {
          out.push(ins);
        }
        break;
      }
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
        if (ins.op === Op.call && ctx.priv[ins.a!] === 1) {
          // gas and depth in, gas out
          out.push({ op: Op.local_get, a: sc.lg }, { op: Op.local_get, a: d }, ins, { op: Op.local_set, a: sc.lg });
          if (publishAfter[i]) out.push({ op: Op.local_get, a: sc.lg }, { op: Op.global_set, a: ctx.gas });
        } else {
          // the callee (or host function) reads the depth and charges through the global
          out.push({ op: Op.local_get, a: d }, { op: Op.global_set, a: ctx.stack },
            ins, { op: Op.global_get, a: ctx.gas }, { op: Op.local_set, a: sc.lg });
        }
        break;
      case Op.local_get: case Op.local_set: case Op.local_tee:
        out.push(shift > 0 && ins.a! >= P ? { op: ins.op, a: ins.a! + shift } : ins);
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
  if (rem[last]! >= 0) emitChainCharge(out, ctx, sc, head[last]!, rem[last]!, flags[last]!);
  out.push({ op: Op.end }); // closes the wrapper
  // Every exit (fall-through, br to the function label, rewritten return) passes here:
  // check a deferred deficit, then hand the remaining gas back (a private function returns
  // it as its last result; any other publishes it and restores the caller's depth).
  if (isPriv) {
    if (deferred) { out.push({ op: Op.local_get, a: sc.lg }); emitTrapIfNegative(out, ctx); }
    out.push({ op: Op.local_get, a: sc.lg });
  } else {
    out.push({ op: Op.local_get, a: sc.lg });
    if (deferred) emitStoreAndCheck(out, ctx, sc, true);
    else out.push({ op: Op.global_set, a: ctx.gas });
    if (calls) out.push({ op: Op.local_get, a: sp }, { op: Op.global_set, a: ctx.stack });
  }
  out.push({ op: Op.end });
  return { locals, body: out };
}
