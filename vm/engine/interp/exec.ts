// The interpreter loop (spec §4.4 instructions, §4.4.10 function calls), with gas and stack
// metering exactly as the instrumenter injects it (vm/meter/plan.ts, vm/meter/types.ts).
//
// One value stack holds every frame: a frame's locals (params first) start at `fp`, its
// operands at `ob = fp + nLocals`. A call leaves the arguments where they are and they
// become the callee's first locals; a return moves the results down to `fp`. Calls push
// onto an explicit frame stack, never the JS stack, so Wasm recursion depth is bounded only
// by the metered stack limit.
//
// Metering: whenever control arrives at instruction `pc` (fallthrough, a branch, the entry
// of a function, or the return from a call) and blockCost[pc] > 0, that cost is charged
// before the instruction runs. Every arrival passes through the top of the loop, where the
// single charge happens. Branch destinations are precomputed (compile.ts): a branch to a
// block continues after its `end`, to a loop at its first body instruction.

import { Trap, type HostFunction, type InstanceHandle, type Value } from "../types.js";
import { I32 } from "../../wasm/module.js";
import { bulkCost, growCost, tableCost } from "../../meter/plan.js";
import { RETURN_TARGET, type BranchDest, type CompiledFunc, type InterpPrepared } from "./compile.js";
import type { GasMeter } from "./gas.js";
import type { LinearMemory } from "./memory.js";
import { i32Ctz, i32DivS, i32DivU, i32Popcnt, i32RemS, i32RemU, i32Rotl, i32Rotr } from "./numeric.js";
import { applyOperator } from "./ops.js";

/** The state of an instance that execution reads and writes. */
export interface Machine {
  readonly prepared: InterpPrepared;
  readonly memory: LinearMemory;
  readonly globals: Value[];
  /** Function tables: function indices, -1 for a null entry. */
  readonly tables: Int32Array[];
  /** Element segments as function indices (-1 = null); a dropped segment is empty. */
  readonly elems: Int32Array[];
  /** Data segments; a dropped segment is empty. */
  readonly datas: Uint8Array[];
  /** Host function of each imported function, by function index. */
  readonly hosts: readonly HostFunction[];
  readonly gas: GasMeter;
  /** Stack units in use (DESIGN §5): frame costs of the active Wasm frames plus the callers'. */
  stack: number;
  /** What a host function is given. */
  readonly handle: InstanceHandle;
}

const EMPTY_ELEM = new Int32Array(0);
const EMPTY_DATA = new Uint8Array(0);

/** Push a host function's result per the import's type, converting as a JS→Wasm call would. */
export function hostResult(v: Value | undefined, type: number): Value {
  // ToInt32 for i32 and ToBigInt64 for i64, as the JS API does; a bigint for an i32 (or a
  // number for an i64) throws a TypeError there and here alike.
  if (type === I32) return (v as number) | 0;
  return BigInt.asIntN(64, v as bigint);
}

function callHost(m: Machine, f: number, args: Value[]): Value | undefined {
  const fn = m.hosts[f];
  if (!fn) throw new Error(`interp: function ${f} is not an import`);
  const t = m.prepared.funcTypes[f]!;
  const r = fn(m.handle, args);
  return t.results.length === 1 ? hostResult(r, t.results[0]!) : undefined;
}

/** Effective address (spec §4.4.7): u32 base + offset, as an exact double; traps if [ea, ea+size) is outside memory. */
function addr(mem: LinearMemory, base: Value, offset: number, size: number): number {
  const ea = ((base as number) >>> 0) + offset;
  if (ea + size > mem.bytes.length) throw new Trap("memory_oob");
  return ea;
}

/** table.init / table.copy bounds: both ranges checked before any element is written. */
function checkTable(len: number, start: number, n: number): void {
  if (start + n > len) throw new Trap("table_oob");
}

/**
 * Call function `funcIndex` with `args` and return its results. Throws `Trap` for a trap
 * and rethrows whatever a host function threw. The caller sets `m.stack` beforehand.
 */
export function execute(m: Machine, funcIndex: number, args: Value[]): Value[] {
  const p = m.prepared;
  const nImported = p.nImported;
  if (funcIndex < nImported) {
    const r = callHost(m, funcIndex, args);
    return r === undefined ? [] : [r];
  }
  const funcs = p.funcs;
  const schedule = p.meter.schedule;
  const stackLimit = schedule.stackLimit;
  const gas = m.gas;
  const mem = m.memory;
  const globals = m.globals;

  const vs: Value[] = args.slice();
  let sp = vs.length;
  // Saved caller state, one entry per active call below the current frame.
  const savedFn: CompiledFunc[] = [];
  const savedPc: number[] = [];
  const savedFp: number[] = [];

  let fn = funcs[funcIndex - nImported]!;
  let fp = 0;
  // Function entry (the same sequence as for `call` below).
  m.stack += fn.frameCost;
  if (m.stack > stackLimit) throw new Trap("stack_overflow");
  for (const z of fn.localZeros) vs[sp++] = z;
  let code = fn.code;
  let cost = fn.blockCost;
  let ob = fp + fn.nLocals;
  let pc = 0;

  for (;;) {
    // Inside `run`, an instruction ends with `continue`, or with `break` when it takes a
    // branch (handled after the switch), or with `break run`, which returns from `fn`.
    run: for (;;) {
      const c = cost[pc]!;
      if (c !== 0) gas.charge(c);
      const ins = code[pc++]!;
      let dest: BranchDest;
      let b32: number; // second operand of an i32 binary operator
      switch (ins.op) {
        // ---- control (spec §4.4.8) ----
        case 0x00: // unreachable
          throw new Trap("unreachable");
        case 0x01: case 0x02: case 0x03: // nop, block, loop: operand heights are static
          continue;
        case 0x04: // if: a false condition continues after `else` or after `end`
          if (vs[--sp] === 0) pc = ins.target;
          continue;
        case 0x05: // else, reached from the then arm: continue after the end
          pc = ins.target;
          continue;
        case 0x0b: // end: the function's final end returns, a block's end falls through
          if (pc === code.length) break run;
          continue;
        case 0x0c: // br
          dest = ins;
          break;
        case 0x0d: // br_if
          if (vs[--sp] === 0) continue;
          dest = ins;
          break;
        case 0x0e: { // br_table: an index past the targets takes the default
          const i = (vs[--sp] as number) >>> 0;
          const table = ins.table!;
          dest = i < table.length ? table[i]! : ins;
          break;
        }
        case 0x0f: // return
          break run;

        // ---- calls (spec §4.4.8 call, call_indirect; §4.4.10) ----
        case 0x10: case 0x11: {
          let f: number;
          if (ins.op === 0x10) {
            f = ins.a;
          } else {
            const i = (vs[--sp] as number) >>> 0;
            const table = m.tables[ins.b]!;
            if (i >= table.length) throw new Trap("table_oob");
            f = table[i]!;
            // A null entry and a signature mismatch are one trap, as V8 reports them.
            if (f < 0 || p.funcCanon[f] !== p.typeCanon[ins.a]) throw new Trap("indirect_call_mismatch");
          }
          if (f < nImported) {
            const n = p.funcTypes[f]!.params.length;
            const hargs = vs.slice(sp - n, sp);
            sp -= n;
            const r = callHost(m, f, hargs);
            if (r !== undefined) vs[sp++] = r;
            continue;
          }
          const callee = funcs[f - nImported]!;
          savedFn.push(fn);
          savedPc.push(pc);
          savedFp.push(fp);
          m.stack += callee.frameCost;
          if (m.stack > stackLimit) throw new Trap("stack_overflow");
          fn = callee;
          fp = sp - callee.nParams;
          for (const z of callee.localZeros) vs[sp++] = z;
          code = callee.code;
          cost = callee.blockCost;
          ob = fp + callee.nLocals;
          pc = 0;
          continue;
        }

        // ---- parametric and variable instructions (spec §4.4.4, §4.4.5) ----
        case 0x1a: // drop
          sp--;
          continue;
        case 0x1b: case 0x1c: { // select, select with types
          const cond = vs[--sp];
          const second = vs[--sp];
          if (cond === 0) vs[sp - 1] = second;
          continue;
        }
        case 0x20: vs[sp++] = vs[fp + ins.a]!; continue; // local.get
        case 0x21: vs[fp + ins.a] = vs[--sp]!; continue; // local.set
        case 0x22: vs[fp + ins.a] = vs[sp - 1]!; continue; // local.tee
        case 0x23: vs[sp++] = globals[ins.a]!; continue; // global.get
        case 0x24: globals[ins.a] = vs[--sp]!; continue; // global.set

        // ---- memory (spec §4.4.7), little-endian ----
        case 0x28: vs[sp - 1] = mem.view.getInt32(addr(mem, vs[sp - 1]!, ins.a, 4), true); continue;
        case 0x29: vs[sp - 1] = mem.view.getBigInt64(addr(mem, vs[sp - 1]!, ins.a, 8), true); continue;
        case 0x2c: vs[sp - 1] = mem.view.getInt8(addr(mem, vs[sp - 1]!, ins.a, 1)); continue;
        case 0x2d: vs[sp - 1] = mem.view.getUint8(addr(mem, vs[sp - 1]!, ins.a, 1)); continue;
        case 0x2e: vs[sp - 1] = mem.view.getInt16(addr(mem, vs[sp - 1]!, ins.a, 2), true); continue;
        case 0x2f: vs[sp - 1] = mem.view.getUint16(addr(mem, vs[sp - 1]!, ins.a, 2), true); continue;
        case 0x30: vs[sp - 1] = BigInt(mem.view.getInt8(addr(mem, vs[sp - 1]!, ins.a, 1))); continue;
        case 0x31: vs[sp - 1] = BigInt(mem.view.getUint8(addr(mem, vs[sp - 1]!, ins.a, 1))); continue;
        case 0x32: vs[sp - 1] = BigInt(mem.view.getInt16(addr(mem, vs[sp - 1]!, ins.a, 2), true)); continue;
        case 0x33: vs[sp - 1] = BigInt(mem.view.getUint16(addr(mem, vs[sp - 1]!, ins.a, 2), true)); continue;
        case 0x34: vs[sp - 1] = BigInt(mem.view.getInt32(addr(mem, vs[sp - 1]!, ins.a, 4), true)); continue;
        case 0x35: vs[sp - 1] = BigInt(mem.view.getUint32(addr(mem, vs[sp - 1]!, ins.a, 4), true)); continue;
        case 0x36: case 0x3a: case 0x3b: { // i32.store, i32.store8, i32.store16
          const v = vs[--sp] as number;
          const base = vs[--sp]!;
          if (ins.op === 0x36) mem.view.setInt32(addr(mem, base, ins.a, 4), v, true);
          else if (ins.op === 0x3a) mem.view.setInt8(addr(mem, base, ins.a, 1), v); // stores wrap (spec: wrap_N)
          else mem.view.setInt16(addr(mem, base, ins.a, 2), v, true);
          continue;
        }
        case 0x37: case 0x3c: case 0x3d: case 0x3e: { // i64.store, store8, store16, store32
          const v = vs[--sp] as bigint;
          const base = vs[--sp]!;
          if (ins.op === 0x37) mem.view.setBigInt64(addr(mem, base, ins.a, 8), v, true);
          else if (ins.op === 0x3c) mem.view.setUint8(addr(mem, base, ins.a, 1), Number(v & 0xffn));
          else if (ins.op === 0x3d) mem.view.setUint16(addr(mem, base, ins.a, 2), Number(v & 0xffffn), true);
          else mem.view.setUint32(addr(mem, base, ins.a, 4), Number(v & 0xffffffffn), true);
          continue;
        }
        case 0x3f: // memory.size
          vs[sp++] = mem.pages;
          continue;
        case 0x40: { // memory.grow: charged per requested page before growing, also if it fails
          const delta = (vs[sp - 1] as number) >>> 0;
          gas.chargeBig(growCost(schedule, delta));
          vs[sp - 1] = mem.grow(delta);
          continue;
        }
        case 0x41: vs[sp++] = ins.a; continue; // i32.const
        case 0x42: vs[sp++] = ins.big; continue; // i64.const

        // ---- bulk memory and table instructions (spec §4.4.6, §4.4.7), charged before they run ----
        case 0xfc08: { // memory.init
          const n = (vs[--sp] as number) >>> 0;
          const s = (vs[--sp] as number) >>> 0;
          const d = (vs[--sp] as number) >>> 0;
          gas.chargeBig(bulkCost(schedule, n));
          mem.init(m.datas[ins.a]!, d, s, n);
          continue;
        }
        case 0xfc09: // data.drop
          m.datas[ins.a] = EMPTY_DATA;
          continue;
        case 0xfc0a: { // memory.copy
          const n = (vs[--sp] as number) >>> 0;
          const s = (vs[--sp] as number) >>> 0;
          const d = (vs[--sp] as number) >>> 0;
          gas.chargeBig(bulkCost(schedule, n));
          mem.copy(d, s, n);
          continue;
        }
        case 0xfc0b: { // memory.fill
          const n = (vs[--sp] as number) >>> 0;
          const val = vs[--sp] as number;
          const d = (vs[--sp] as number) >>> 0;
          gas.chargeBig(bulkCost(schedule, n));
          mem.fill(d, val, n);
          continue;
        }
        case 0xfc0c: { // table.init
          const n = (vs[--sp] as number) >>> 0;
          const s = (vs[--sp] as number) >>> 0;
          const d = (vs[--sp] as number) >>> 0;
          gas.chargeBig(tableCost(schedule, n));
          const seg = m.elems[ins.a]!;
          const table = m.tables[ins.b]!;
          checkTable(seg.length, s, n);
          checkTable(table.length, d, n);
          table.set(seg.subarray(s, s + n), d);
          continue;
        }
        case 0xfc0d: // elem.drop
          m.elems[ins.a] = EMPTY_ELEM;
          continue;
        case 0xfc0e: { // table.copy: `a` is the destination table, `b` the source
          const n = (vs[--sp] as number) >>> 0;
          const s = (vs[--sp] as number) >>> 0;
          const d = (vs[--sp] as number) >>> 0;
          gas.chargeBig(tableCost(schedule, n));
          const dst = m.tables[ins.a]!;
          const src = m.tables[ins.b]!;
          checkTable(src.length, s, n);
          checkTable(dst.length, d, n);
          if (dst === src) dst.copyWithin(d, s, s + n); // overlap-safe, as memmove
          else dst.set(src.subarray(s, s + n), d);
          continue;
        }

        // ---- i32 operators (spec §4.3.2), the hot path; unsigned forms compare as u32 (`>>> 0`) ----
        case 0x45: vs[sp - 1] = vs[sp - 1] === 0 ? 1 : 0; continue; // i32.eqz
        case 0x46: b32 = vs[--sp] as number; vs[sp - 1] = vs[sp - 1] === b32 ? 1 : 0; continue; // eq
        case 0x47: b32 = vs[--sp] as number; vs[sp - 1] = vs[sp - 1] !== b32 ? 1 : 0; continue; // ne
        case 0x48: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) < b32 ? 1 : 0; continue; // lt_s
        case 0x49: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >>> 0 < b32 >>> 0 ? 1 : 0; continue; // lt_u
        case 0x4a: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) > b32 ? 1 : 0; continue; // gt_s
        case 0x4b: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >>> 0 > b32 >>> 0 ? 1 : 0; continue; // gt_u
        case 0x4c: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) <= b32 ? 1 : 0; continue; // le_s
        case 0x4d: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >>> 0 <= b32 >>> 0 ? 1 : 0; continue; // le_u
        case 0x4e: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >= b32 ? 1 : 0; continue; // ge_s
        case 0x4f: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >>> 0 >= b32 >>> 0 ? 1 : 0; continue; // ge_u
        case 0x67: vs[sp - 1] = Math.clz32(vs[sp - 1] as number); continue; // clz
        case 0x68: vs[sp - 1] = i32Ctz(vs[sp - 1] as number); continue; // ctz
        case 0x69: vs[sp - 1] = i32Popcnt(vs[sp - 1] as number); continue; // popcnt
        case 0x6a: b32 = vs[--sp] as number; vs[sp - 1] = ((vs[sp - 1] as number) + b32) | 0; continue; // add
        case 0x6b: b32 = vs[--sp] as number; vs[sp - 1] = ((vs[sp - 1] as number) - b32) | 0; continue; // sub
        case 0x6c: b32 = vs[--sp] as number; vs[sp - 1] = Math.imul(vs[sp - 1] as number, b32); continue; // mul
        case 0x6d: b32 = vs[--sp] as number; vs[sp - 1] = i32DivS(vs[sp - 1] as number, b32); continue; // div_s
        case 0x6e: b32 = vs[--sp] as number; vs[sp - 1] = i32DivU(vs[sp - 1] as number, b32); continue; // div_u
        case 0x6f: b32 = vs[--sp] as number; vs[sp - 1] = i32RemS(vs[sp - 1] as number, b32); continue; // rem_s
        case 0x70: b32 = vs[--sp] as number; vs[sp - 1] = i32RemU(vs[sp - 1] as number, b32); continue; // rem_u
        case 0x71: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) & b32; continue; // and
        case 0x72: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) | b32; continue; // or
        case 0x73: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) ^ b32; continue; // xor
        // JS shifts take the count modulo 32, exactly as ishl / ishr_s / ishr_u.
        case 0x74: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) << b32; continue; // shl
        case 0x75: b32 = vs[--sp] as number; vs[sp - 1] = (vs[sp - 1] as number) >> b32; continue; // shr_s
        case 0x76: b32 = vs[--sp] as number; vs[sp - 1] = ((vs[sp - 1] as number) >>> b32) | 0; continue; // shr_u
        case 0x77: b32 = vs[--sp] as number; vs[sp - 1] = i32Rotl(vs[sp - 1] as number, b32); continue; // rotl
        case 0x78: b32 = vs[--sp] as number; vs[sp - 1] = i32Rotr(vs[sp - 1] as number, b32); continue; // rotr

        // ---- i64, conversion and sign-extension operators (ops.ts) ----
        default:
          sp = applyOperator(ins.op, vs, sp);
          continue;
      }

      // A taken branch (br, br_if, br_table): the label's values move down to its height.
      if (dest.target === RETURN_TARGET) break run;
      const to = ob + dest.height;
      const from = sp - dest.arity;
      if (to !== from) for (let k = 0; k < dest.arity; k++) vs[to + k] = vs[from + k]!;
      sp = to + dest.arity;
      pc = dest.target;
    }

    // Return from `fn`: results move down to the frame base, the frame's stack units are credited.
    const r = fn.nResults;
    for (let k = 0; k < r; k++) vs[fp + k] = vs[sp - r + k]!;
    sp = fp + r;
    m.stack -= fn.frameCost;
    if (savedFn.length === 0) {
      vs.length = r;
      return vs;
    }
    fn = savedFn.pop()!;
    pc = savedPc.pop()!;
    fp = savedFp.pop()!;
    code = fn.code;
    cost = fn.blockCost;
    ob = fp + fn.nLocals;
  }
}
