// The fast engine: the instrumented module on Node's WebAssembly. Gas and stack depth are
// counted inside the module (vm/meter/instrument.ts); this file only moves values across
// the boundary, maps traps to codes, and caches compiled modules.

import { createHash } from "node:crypto";
import type { WasmModule } from "../../wasm/module.js";
import { funcTypeOf, I64, type Limits } from "../../wasm/module.js";
import { encodeModule } from "../../encode/encode.js";
import type { CostSchedule, ModuleMeter } from "../../meter/types.js";
import { SCHEDULE_V1, scheduleHash } from "../../meter/schedule.js";
import { planModule } from "../../meter/plan.js";
import { instrument, INSTRUMENTATION_VERSION } from "../../meter/instrument.js";
import {
  Trap, type Engine, type ImportResolver, type Instance, type InstantiateOptions, type PreparedModule, type Value,
} from "../types.js";
import { trapCodeOfMessage, VmFault } from "./traps.js";
import { MemoryPool } from "./memory-pool.js";

/** Where the engine passes the contract's memory in: a name no contract can import (policy). */
const MEMORY_IMPORT = { module: "__silk_vm", name: "memory" } as const;

export interface V8Prepared extends PreparedModule {
  readonly compiled: WebAssembly.Module;
  /** The (clamped) limits of the contract's memory, which the engine supplies as an import. */
  readonly memory: Limits | undefined;
  readonly pool: MemoryPool;
  readonly meter: ModuleMeter;
  readonly cacheKey: string;
}

export class V8Engine implements Engine {
  readonly name = "v8" as const;
  private readonly cache = new Map<string, V8Prepared>();
  private readonly scheduleKey: string;
  private readonly pool = new MemoryPool();

  constructor(readonly schedule: CostSchedule = SCHEDULE_V1, private readonly cacheLimit = 256) {
    this.scheduleKey = scheduleHash(schedule);
  }

  /** hash(code ‖ instrumentation version ‖ cost-table hash), DESIGN §5. */
  cacheKey(bytes: Uint8Array): string {
    return createHash("sha256").update(bytes).update("\0").update(INSTRUMENTATION_VERSION)
      .update("\0").update(this.scheduleKey).digest("hex");
  }

  prepare(module: WasmModule, bytes: Uint8Array): V8Prepared {
    const key = this.cacheKey(bytes);
    const hit = this.cache.get(key);
    if (hit) return hit;
    const meter = planModule(module, this.schedule);
    const metered = instrument(module, meter);
    // The contract's memory becomes an import, so instances can run on pooled memories
    // (memory index 0 is unchanged: there is exactly one memory either way).
    const memory = metered.memories[0];
    if (memory) {
      metered.memories = [];
      metered.imports = [...metered.imports, { ...MEMORY_IMPORT, desc: { kind: "memory", memory } }];
    }
    const compiled = new WebAssembly.Module(encodeModule(metered));
    const prepared: V8Prepared = { module, compiled, meter, cacheKey: key, memory, pool: this.pool };
    if (this.cache.size >= this.cacheLimit) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, prepared);
    return prepared;
  }

  instantiate(prepared: PreparedModule, imports: ImportResolver, opts: InstantiateOptions): Instance {
    return new V8Instance(prepared as V8Prepared, imports, opts);
  }
}

class V8Instance implements Instance {
  private readonly exports: WebAssembly.Exports;
  private readonly gas: WebAssembly.Global;
  private readonly stack: WebAssembly.Global;
  private readonly trapReason: WebAssembly.Global;
  private readonly memory: WebAssembly.Memory | undefined;
  private released = false;

  constructor(private readonly prepared: V8Prepared, resolver: ImportResolver, private readonly opts: InstantiateOptions) {
    const m = prepared.module;
    const importObject: Record<string, Record<string, WebAssembly.ImportValue>> = {};
    const lim = prepared.memory;
    this.memory = lim ? prepared.pool.take(lim.min, lim.max) : undefined;
    if (this.memory) importObject[MEMORY_IMPORT.module] = { [MEMORY_IMPORT.name]: this.memory };
    for (const imp of m.imports) {
      if (imp.desc.kind !== "func") throw new VmFault(`non-function import ${imp.module}.${imp.name} reached the engine`);
      const fn = resolver(imp.module, imp.name);
      if (!fn) throw new VmFault(`unresolved import ${imp.module}.${imp.name} reached the engine`);
      const ft = m.types[imp.desc.type];
      const i64Result = ft.results.length === 1 && ft.results[0] === I64;
      (importObject[imp.module] ??= {})[imp.name] = (...args: Value[]) => {
        const r = fn(this, args);
        // The JS-BigInt integration requires an i64 result to be a bigint.
        return i64Result && typeof r === "number" ? BigInt(r) : r;
      };
    }
    let instance: WebAssembly.Instance;
    try {
      instance = new WebAssembly.Instance(prepared.compiled, importObject);
    } catch (e) {
      // Active data segments may have written before the failing one: never pool this memory.
      throw asTrap(e);
    }
    this.exports = instance.exports;
    this.gas = this.exports.__silk_gas as WebAssembly.Global;
    this.stack = this.exports.__silk_stack as WebAssembly.Global;
    this.trapReason = this.exports.__silk_trap as WebAssembly.Global;
    this.gas.value = opts.gas;
    this.stack.value = opts.stackUsed;
  }

  private call(fn: (...a: Value[]) => unknown, args: Value[], resultTypes: number[]): Value[] {
    this.stack.value = this.opts.stackUsed;
    this.trapReason.value = 0;
    let r: unknown;
    try {
      r = fn(...args);
    } catch (e) {
      const err = this.classify(e);
      // A trap skips the frames' credits; like the interpreter, publish the entry value again.
      this.stack.value = this.opts.stackUsed;
      throw err;
    }
    if (resultTypes.length === 0) return [];
    if (resultTypes.length === 1) return [r as Value];
    return r as Value[];
  }

  private classify(e: unknown): unknown {
    if (e instanceof WebAssembly.RuntimeError) {
      const reason = this.trapReason.value as number;
      if (reason === 1) return new Trap("out_of_gas");
      if (reason === 0 && (this.gas.value as bigint) < 0n) {
        // A load, division or `unreachable` trapped in a block entered on a gas deficit (the
        // instrumenter publishes the deficit and lets it run): the block's charge came first.
        this.gas.value = 0n;
        return new Trap("out_of_gas");
      }
      if (reason === 2) return new Trap("stack_overflow");
      return asTrap(e);
    }
    if (e instanceof RangeError) {
      // The VM's own stack limit sits far below V8's; reaching V8's is a VM fault.
      return new VmFault(`V8 stack exhausted below the VM's stack limit: ${e.message}`);
    }
    return e; // a Trap or halt thrown by a host function, unchanged
  }

  invoke(exportName: string, args: Value[]): Value[] {
    const exp = this.prepared.module.exports.find((e) => e.name === exportName && e.kind === "func");
    if (!exp) throw new VmFault(`no exported function ${exportName}`);
    const ft = funcTypeOf(this.prepared.module, exp.index)!;
    const fn = this.exports[exportName] as (...a: Value[]) => unknown;
    return this.call(fn, args, ft.results);
  }

  runStart(): void {
    const start = this.exports.__silk_start as ((...a: Value[]) => unknown) | undefined;
    if (start) this.call(start, [], []);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const lim = this.prepared.memory;
    if (this.memory && lim) this.prepared.pool.give(this.memory, lim.min, lim.max);
  }

  exportNames(): string[] {
    return this.prepared.module.exports.map((e) => e.name);
  }

  getGlobal(exportName: string): Value | undefined {
    const g = this.exports[exportName];
    return g instanceof WebAssembly.Global ? (g.value as Value) : undefined;
  }

  private bytes(ptr: number, len: number): Uint8Array {
    const p = ptr >>> 0;
    const n = len >>> 0;
    const buf = this.memory ? new Uint8Array(this.memory.buffer) : new Uint8Array(0);
    if (p + n > buf.length) throw new Trap("memory_oob");
    return buf.subarray(p, p + n);
  }

  read(ptr: number, len: number): Uint8Array {
    return this.bytes(ptr, len).slice();
  }

  write(ptr: number, data: Uint8Array): void {
    this.bytes(ptr, data.length).set(data);
  }

  gasLeft(): bigint {
    return this.gas.value as bigint;
  }

  chargeGas(amount: bigint): void {
    const left = this.gas.value as bigint;
    if (left < amount) {
      this.gas.value = 0n;
      throw new Trap("out_of_gas");
    }
    this.gas.value = left - amount;
  }

  stackUsed(): number {
    return this.stack.value as number;
  }
}

function asTrap(e: unknown): unknown {
  if (e instanceof WebAssembly.RuntimeError) {
    const code = trapCodeOfMessage(e.message);
    if (code) return new Trap(code);
    return new VmFault(`unrecognised V8 trap: ${e.message}`);
  }
  if (e instanceof RangeError) return new VmFault(`V8 stack exhausted: ${e.message}`);
  return e;
}
