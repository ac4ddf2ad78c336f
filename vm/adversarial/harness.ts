// Shared by the adversarial tests and the mutation fuzzer: build modules directly as
// `WasmModule` objects (wabt is far too slow for 100,000 functions), and run bytes through
// the VM's front half and one engine, reporting the outcome in the VM's own terms.

import { decodeModule } from "../decode/decode.js";
import { encodeModule } from "../encode/encode.js";
import { validateModule } from "../validate/validate.js";
import { Trap, type Engine, type ImportResolver, type Instance, type TrapCode, type Value } from "../engine/types.js";
import type { Instr, WasmModule } from "../wasm/module.js";
import { OP_BY_NAME, opcode } from "../wasm/opcodes.js";
import { SCHEDULE_V1 } from "../meter/schedule.js";
import { Vm } from "../exec/vm.js";
import type { ExecResult } from "../exec/result.js";
import { MemoryState } from "../state/memory.js";
import type { Address } from "../state/store.js";

/** One instruction by its opcode-table name: `ins("i32.const", 7)`, `ins("br_table", 0, undefined, [1, 2])`. */
export function ins(name: string, a?: number, b?: number, targets?: number[]): Instr {
  const i: Instr = { op: opcode(name) };
  // Memory immediates default to offset 0 / alignment 0 and memory 0 (the encoder needs them).
  const imm = OP_BY_NAME.get(name)!.imm;
  if (imm === "memarg") { i.a = 0; i.b = 0; }
  if (imm === "memidx" || imm === "mem_mem") { i.a = 0; i.b = 0; }
  if (a !== undefined) i.a = a;
  if (b !== undefined) i.b = b;
  if (targets !== undefined) i.targets = targets;
  return i;
}

export function i64c(v: bigint): Instr {
  return { op: opcode("i64.const"), i64: v };
}

/** A module with every section empty except the ones given. */
export function moduleOf(parts: Partial<WasmModule>): WasmModule {
  return {
    types: [], imports: [], funcs: [], tables: [], memories: [], globals: [], exports: [],
    elems: [], codes: [], datas: [], customs: [], ...parts,
  };
}

/** Sum of SCHEDULE_V1 prices of a straight-line instruction sequence (every instruction runs once). */
export function staticGas(body: readonly Instr[]): bigint {
  let g = 0n;
  for (const i of body) {
    const name = nameOf(i.op);
    const p = SCHEDULE_V1.instr[name];
    if (p === undefined) throw new Error(`no price for ${name}`);
    g += BigInt(p);
  }
  return g;
}

const NAMES = new Map<number, string>();
function nameOf(op: number): string {
  let n = NAMES.get(op);
  if (n === undefined) {
    for (const name of Object.keys(SCHEDULE_V1.instr)) NAMES.set(opcode(name), name);
    n = NAMES.get(op);
    if (n === undefined) throw new Error(`op 0x${op.toString(16)} has no price`);
  }
  return n;
}

export type Outcome =
  | { status: "ok"; gasUsed: bigint; results: Value[] }
  | { status: "trap"; trap: TrapCode; gasUsed: bigint };

/** A module accepted by decode + validate (default policy), prepared on `engine` and instantiated. */
export function instantiate(engine: Engine, bytes: Uint8Array, gas: bigint, imports: ImportResolver = () => undefined): Instance {
  const m = decodeModule(bytes);
  validateModule(m, { byteLength: bytes.length });
  const prepared = engine.prepare(m, bytes);
  return engine.instantiate(prepared, imports, { gas, stackUsed: 0 });
}

/**
 * Runs `fn` against an instance and reports the outcome; gasUsed is measured from the
 * instance's gas before and after. Only a `Trap` becomes an outcome: anything else escapes.
 */
export function outcomeOf(inst: Instance, fn: () => Value[]): Outcome {
  const before = inst.gasLeft();
  try {
    const results = fn();
    return { status: "ok", gasUsed: before - inst.gasLeft(), results };
  } catch (e) {
    if (e instanceof Trap) return { status: "trap", trap: e.code, gasUsed: before - inst.gasLeft() };
    throw e;
  }
}

/** decode → validate → prepare → instantiate → start → invoke, with `gas` for the whole run. */
export function runExport(engine: Engine, bytes: Uint8Array, exportName: string, args: Value[], gas: bigint): Outcome {
  const inst = instantiate(engine, bytes, gas);
  const start = outcomeOf(inst, () => (inst.runStart(), []));
  if (start.status === "trap") return { ...start, gasUsed: gas - inst.gasLeft() };
  const r = outcomeOf(inst, () => inst.invoke(exportName, args));
  return { ...r, gasUsed: gas - inst.gasLeft() };
}

/** A fresh Vm over an empty in-memory state. */
export function freshVm(engine: Engine): Vm {
  return new Vm({ state: new MemoryState(), engine });
}

export const DEPLOYER = new Uint8Array(32).fill(1);
export const USER = new Uint8Array(32).fill(2);

/** Deploy `code` with ample gas; the deploy must succeed. */
export function deployOk(vm: Vm, code: Uint8Array): Address {
  const d = vm.deploy({ from: DEPLOYER, code, gas: 10n ** 12n });
  if (d.result.status !== "ok") throw new Error(`deploy failed: ${JSON.stringify(d.result, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`);
  return d.address;
}

export function callVm(vm: Vm, to: Address, gas: bigint, exportName = "call", input: Uint8Array = new Uint8Array(0)): ExecResult {
  return vm.call({ from: USER, to, input, gas, export: exportName });
}

export { encodeModule };
