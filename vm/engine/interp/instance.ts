// Instantiation (spec §4.5.4, Wasm 2.0) and the instance's outward interface. Globals are
// evaluated from their constant expressions; then active element segments are written into
// their tables and dropped, declarative ones dropped; then active data segments are written
// into memory and dropped, all in module order. An out-of-bounds segment traps from the
// constructor (table_oob / memory_oob). The start function is deferred to `runStart`.

import {
  I32, I64, type Export, type Instr, type WasmModule,
} from "../../wasm/module.js";
import { Op } from "../../wasm/opcodes.js";
import {
  Trap, type HostFunction, type ImportResolver, type Instance, type InstanceHandle,
  type InstantiateOptions, type Value,
} from "../types.js";
import type { InterpPrepared } from "./compile.js";
import { execute, type Machine } from "./exec.js";
import { GasMeter } from "./gas.js";
import { LinearMemory, noMemory } from "./memory.js";

/** Largest number of pages a 32-bit memory can have (spec §2.5.7 limits). */
const WASM_MAX_PAGES = 65536;

/**
 * Evaluate a constant expression (spec §3.3.10): i32/i64 constants, global.get of an
 * already initialised global, and function references (a function index, -1 for null).
 */
function evalConst(expr: readonly Instr[], globals: readonly Value[]): Value {
  const stack: Value[] = [];
  for (const ins of expr) {
    switch (ins.op) {
      case Op.i32_const: stack.push(ins.a! | 0); break;
      case Op.i64_const: stack.push(BigInt.asIntN(64, ins.i64!)); break;
      case Op.global_get: stack.push(globals[ins.a!]!); break;
      case Op.ref_null: stack.push(-1); break;
      case Op.ref_func: stack.push(ins.a!); break;
      default: throw new Error(`interp: unsupported constant instruction 0x${ins.op.toString(16)}`);
    }
  }
  if (stack.length !== 1) throw new Error("interp: constant expression must yield one value");
  return stack[0]!;
}

function argOf(v: Value, type: number, k: number): Value {
  // Accept either JS representation for convenience; the value is normalised to the
  // canonical form (signed, in range) the interpreter relies on.
  if (type === I32) return typeof v === "bigint" ? Number(BigInt.asIntN(32, v)) : v | 0;
  if (type === I64) return BigInt.asIntN(64, typeof v === "bigint" ? v : BigInt(v));
  throw new Error(`interp: argument ${k} has a non-integer type`);
}

export class InterpInstance implements Instance, Machine {
  readonly memory: LinearMemory;
  readonly globals: Value[] = [];
  readonly tables: Int32Array[];
  readonly elems: Int32Array[];
  readonly datas: Uint8Array[];
  readonly hosts: HostFunction[] = [];
  readonly gas: GasMeter;
  stack: number;
  readonly handle: InstanceHandle = this;
  private readonly baseStack: number;
  private readonly exportsByName = new Map<string, Export>();

  constructor(readonly prepared: InterpPrepared, imports: ImportResolver, opts: InstantiateOptions) {
    const m: WasmModule = prepared.module;
    const schedule = prepared.meter.schedule;
    this.gas = new GasMeter(opts.gas);
    this.stack = this.baseStack = opts.stackUsed;

    // Imports: host functions only (the validator refuses imported tables, memories, globals).
    for (const imp of m.imports) {
      if (imp.desc.kind !== "func") throw new Error(`interp: import ${imp.module}.${imp.name} is not a function`);
      const t = m.types[imp.desc.type]!;
      if (t.results.length > 1) throw new Error(`interp: host import ${imp.module}.${imp.name} has several results`);
      const fn = imports(imp.module, imp.name);
      if (!fn) throw new Error(`interp: unknown import ${imp.module}.${imp.name}`);
      this.hosts.push(fn);
    }

    for (const g of m.globals) this.globals.push(evalConst(g.init, this.globals));

    const lim = m.memories[0];
    this.memory = lim === undefined
      ? noMemory()
      : new LinearMemory(lim.min, Math.min(lim.max ?? WASM_MAX_PAGES, schedule.maxPages));
    this.tables = m.tables.map((t) => new Int32Array(t.limits.min).fill(-1));

    this.elems = m.elems.map((e) => Int32Array.from(e.init, (expr) => evalConst(expr, this.globals) as number));
    this.datas = m.datas.map((d) => d.bytes);

    // Active element segments: table.init then elem.drop; declarative ones: elem.drop.
    m.elems.forEach((e, k) => {
      if (e.mode === "active") {
        const seg = this.elems[k]!;
        const table = this.tables[e.table]!;
        const d = (evalConst(e.offset!, this.globals) as number) >>> 0;
        if (d + seg.length > table.length) throw new Trap("table_oob", `element segment ${k}`);
        table.set(seg, d);
      }
      if (e.mode !== "passive") this.elems[k] = new Int32Array(0);
    });
    // Active data segments: memory.init then data.drop.
    m.datas.forEach((d, k) => {
      if (d.mode !== "active") return;
      const at = (evalConst(d.offset!, this.globals) as number) >>> 0;
      if (at + d.bytes.length > this.memory.bytes.length) throw new Trap("memory_oob", `data segment ${k}`);
      this.memory.bytes.set(d.bytes, at);
      this.datas[k] = new Uint8Array(0);
    });

    for (const e of m.exports) this.exportsByName.set(e.name, e);
  }

  invoke(exportName: string, args: Value[]): Value[] {
    const e = this.exportsByName.get(exportName);
    if (!e || e.kind !== "func") throw new Error(`interp: no exported function ${exportName}`);
    const t = this.prepared.funcTypes[e.index]!;
    if (args.length !== t.params.length) {
      throw new Error(`interp: ${exportName} takes ${t.params.length} arguments, got ${args.length}`);
    }
    return this.enter(e.index, args.map((v, k) => argOf(v, t.params[k]!, k)));
  }

  /** Nothing to recycle: the interpreter's memory is a plain buffer the GC reclaims. */
  release(): void {}

  runStart(): void {
    const start = this.prepared.module.start;
    if (start !== undefined) this.enter(start, []);
  }

  /**
   * An entry point: the stack count starts from the instantiation value. A trap unwinds
   * without crediting the frames it leaves; the count is then put back to that value, so
   * that after any call, returned or thrown, `stackUsed()` is the same in both engines
   * (the instrumented module only publishes the frames of functions that make calls).
   */
  private enter(funcIndex: number, args: Value[]): Value[] {
    this.stack = this.baseStack;
    try {
      return execute(this, funcIndex, args);
    } catch (e) {
      this.stack = this.baseStack;
      throw e;
    }
  }

  exportNames(): string[] {
    return this.prepared.module.exports.map((e) => e.name);
  }

  getGlobal(exportName: string): Value | undefined {
    const e = this.exportsByName.get(exportName);
    return e && e.kind === "global" ? this.globals[e.index] : undefined;
  }

  // ---- InstanceHandle (for host functions) ----

  read(ptr: number, len: number): Uint8Array {
    const [p, n] = this.range(ptr, len);
    return this.memory.bytes.slice(p, p + n);
  }

  write(ptr: number, bytes: Uint8Array): void {
    const [p] = this.range(ptr, bytes.length);
    this.memory.bytes.set(bytes, p);
  }

  gasLeft(): bigint {
    return this.gas.left();
  }

  chargeGas(amount: bigint): void {
    this.gas.chargeBig(amount);
  }

  stackUsed(): number {
    return this.stack;
  }

  /** Pointers and lengths arrive as i32 values: read them as u32 (spec's memory addresses). */
  private range(ptr: number, len: number): [number, number] {
    const p = ptr >>> 0;
    const n = len >>> 0;
    this.memory.check(p, n);
    return [p, n];
  }
}
