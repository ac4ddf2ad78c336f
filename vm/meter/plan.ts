// The metering plan: where each metered block of a function starts, what it costs, and
// the function's static frame cost. Both engines consume this plan (the instrumenter
// injects its charges, the interpreter charges them while it runs the original code), so
// the definition below is the single definition of gas. It is also written in docs/gas.md.
//
// A metered block starts at body index 0 and at the instruction immediately following each
// boundary instruction (block, loop, if, else, end, br, br_if, br_table, return,
// unreachable). Its cost is the sum of instruction prices from its start up to and
// including the next boundary instruction (or the function's final end). Control can only
// enter a metered block at its start (every branch target and every fall-through after a
// structured instruction follows a boundary), so charging the whole block on entry charges
// every instruction that can run, before it runs.

import { blockSignature, importedFuncCount, type WasmModule, type Instr, type FuncType } from "../wasm/module.js";
import { Op, opInfo } from "../wasm/opcodes.js";
import type { CostSchedule, FuncMeter, ModuleMeter } from "./types.js";

/** Whether a metered block ends with (includes) this instruction. */
export function isBoundary(op: number): boolean {
  switch (op) {
    case Op.block: case Op.loop: case Op.if: case Op.else: case Op.end:
    case Op.br: case Op.br_if: case Op.br_table: case Op.return: case Op.unreachable:
      return true;
    default:
      return false;
  }
}

/** Price of one instruction; a missing price is a programming error (the validator refuses such modules). */
function priceOf(s: CostSchedule, ins: Instr): number {
  const info = opInfo(ins.op);
  if (info !== undefined && Object.prototype.hasOwnProperty.call(s.instr, info.name)) return s.instr[info.name]!;
  const name = info ? info.name : `0x${ins.op.toString(16)}`;
  throw new Error(`meter: instruction ${name} has no price in schedule ${s.version}`);
}

/** The metered blocks of one body: blockCost[i] > 0 exactly where a charged block starts. */
export function planBlocks(body: readonly Instr[], s: CostSchedule): Uint32Array {
  const cost = new Uint32Array(body.length);
  let start = 0;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    sum += priceOf(s, body[i]!);
    if (isBoundary(body[i]!.op) || i === body.length - 1) {
      if (sum > 0xffffffff) throw new Error(`meter: metered block at ${start} costs ${sum}, more than 2^32-1`);
      cost[start] = sum;
      start = i + 1;
      sum = 0;
    }
  }
  return cost;
}

/** Number of value slots a plain operand signature "pp:rr" pops and pushes. */
function sigArity(sig: string): [number, number] {
  const c = sig.indexOf(":");
  return [c, sig.length - c - 1];
}

interface Ctl {
  base: number; // operand height below the construct's params
  params: number;
  results: number;
}

/**
 * Upper bound of the operand-stack height (in values) of a validated body. One linear pass:
 * each instruction pops and pushes by its signature; block/loop/if keep their params on the
 * stack and leave `base + results` at their end; after an unconditional transfer (br,
 * br_table, return, unreachable) the height resets to the enclosing construct's base, and
 * pops in that unreachable code are clamped at the base. Values a call passes are counted
 * both on the caller's operand stack and as the callee's params (an over-estimate).
 */
export function maxOperandHeight(m: WasmModule, funcTypes: readonly FuncType[], fnType: FuncType, body: readonly Instr[]): number {
  const ctl: Ctl[] = [{ base: 0, params: 0, results: fnType.results.length }];
  let h = 0;
  let max = 0;
  const pop = (n: number) => { h = Math.max(h - n, ctl[ctl.length - 1]!.base); };
  const push = (n: number) => { h += n; if (h > max) max = h; };
  const sigOf = (bt: number): FuncType => {
    const t = blockSignature(m, bt);
    if (!t) throw new Error(`meter: bad block type ${bt}`);
    return t;
  };
  const skip = () => { h = ctl[ctl.length - 1]!.base; };

  for (const ins of body) {
    switch (ins.op) {
      case Op.block: case Op.loop: case Op.if: {
        if (ins.op === Op.if) pop(1);
        const t = sigOf(ins.a!);
        // params stay on the operand stack; they are already counted in h
        ctl.push({ base: Math.max(h - t.params.length, ctl[ctl.length - 1]!.base), params: t.params.length, results: t.results.length });
        break;
      }
      case Op.else: {
        const c = ctl[ctl.length - 1]!;
        h = c.base + c.params;
        break;
      }
      case Op.end: {
        const c = ctl.pop()!;
        h = c.base;
        push(c.results);
        if (ctl.length === 0) return max;
        break;
      }
      case Op.br: case Op.br_table: case Op.return: case Op.unreachable:
        skip();
        break;
      case Op.br_if:
        pop(1);
        break;
      case Op.call: {
        const t = funcTypes[ins.a!];
        if (!t) throw new Error(`meter: call to unknown function ${ins.a}`);
        pop(t.params.length);
        push(t.results.length);
        break;
      }
      case Op.call_indirect: {
        const t = m.types[ins.a!];
        if (!t) throw new Error(`meter: call_indirect with unknown type ${ins.a}`);
        pop(1 + t.params.length);
        push(t.results.length);
        break;
      }
      case Op.drop: pop(1); break;
      case Op.select: case Op.select_t: pop(3); push(1); break;
      case Op.local_get: case Op.global_get: push(1); break;
      case Op.local_set: case Op.global_set: pop(1); break;
      case Op.local_tee: pop(1); push(1); break;
      case Op.nop: break;
      default: {
        const info = opInfo(ins.op);
        if (!info || info.sig === null) {
          throw new Error(`meter: no stack signature for ${info ? info.name : `0x${ins.op.toString(16)}`}`);
        }
        const [p, r] = sigArity(info.sig);
        pop(p);
        push(r);
      }
    }
  }
  throw new Error("meter: function body does not end with end");
}

function localCount(f: { locals: { count: number }[] }): number {
  let n = 0;
  for (const d of f.locals) n += d.count;
  return n;
}

/** The plan of every defined function. Linear in the size of the module. */
export function planModule(m: WasmModule, s: CostSchedule): ModuleMeter {
  // Function index space → type, built once so that call sites are O(1).
  const funcTypes: FuncType[] = [];
  for (const imp of m.imports) if (imp.desc.kind === "func") funcTypes.push(m.types[imp.desc.type]!);
  for (const t of m.funcs) funcTypes.push(m.types[t]!);
  const nImported = importedFuncCount(m);

  const funcs: FuncMeter[] = m.codes.map((code, k) => {
    const fnType = funcTypes[nImported + k];
    if (!fnType) throw new Error(`meter: code entry ${k} has no function type`);
    const blockCost = planBlocks(code.body, s);
    const height = maxOperandHeight(m, funcTypes, fnType, code.body);
    const frameCost = fnType.params.length + localCount(code) + height + s.frameOverhead;
    return { blockCost, frameCost };
  });
  return { schedule: s, funcs };
}

/** Gas charged before `memory.grow` of `pages` (read as unsigned i32), also when the grow fails. */
export function growCost(s: CostSchedule, pages: number): bigint {
  return BigInt(s.growPerPage) * BigInt(pages >>> 0);
}

/** Gas charged before memory.copy / memory.fill / memory.init of `n` bytes (unsigned i32). */
export function bulkCost(s: CostSchedule, n: number): bigint {
  return BigInt(s.bulkPer8Bytes) * ((BigInt(n >>> 0) + 7n) >> 3n);
}

/** Gas charged before table.init / table.copy of `n` elements (unsigned i32). */
export function tableCost(s: CostSchedule, n: number): bigint {
  return BigInt(s.tablePerElem) * BigInt(n >>> 0);
}
