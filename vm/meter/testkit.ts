// Runs an instrumented module on Node's WebAssembly and reads the metering globals back,
// the way the v8 engine does. Used by the meter's tests (and handy for the bench); it is
// not the engine: no host functions, no nested calls, no caching.

import { decodeModule } from "../decode/decode.js";
import { encodeModule } from "../encode/encode.js";
import type { WasmModule } from "../wasm/module.js";
import { GAS_GLOBAL, STACK_GLOBAL, START_EXPORT, TRAP_GLOBAL, instrument } from "./instrument.js";
import { planModule } from "./plan.js";
import type { CostSchedule, ModuleMeter } from "./types.js";

// The project's lib settings (es2022, no DOM) carry no WebAssembly declarations; this is
// the small part of the JS API used here.
interface WasmGlobal { value: unknown }
interface WasmJsApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmJsApi }).WebAssembly;

export interface MeteredRun {
  /** Export results, or undefined when the call trapped. */
  result?: unknown;
  /** The RuntimeError (or other throw) when the call trapped. */
  error?: unknown;
  gasLeft: bigint;
  stack: number;
  /** `__silk_trap` after the call: 0 none, 1 out of gas, 2 stack overflow. */
  trap: number;
}

export interface MeteredInstance {
  readonly module: WasmModule;
  readonly meter: ModuleMeter;
  readonly bytes: Uint8Array;
  readonly exports: Record<string, unknown>;
  /** Set gas, reset stack and trap, call the export, read the globals back. */
  call(name: string, args: unknown[], gas: bigint): MeteredRun;
}

/** decode → plan → instrument → encode → compile → instantiate (start is not run). */
export function instantiateMetered(original: Uint8Array, s: CostSchedule, imports: object = {}): MeteredInstance {
  const m = decodeModule(original);
  const meter = planModule(m, s);
  const bytes = encodeModule(instrument(m, meter));
  const inst = new WA.Instance(new WA.Module(bytes), imports);
  const ex = inst.exports as Record<string, unknown>;
  const gas = ex[GAS_GLOBAL] as WasmGlobal;
  const stack = ex[STACK_GLOBAL] as WasmGlobal;
  const trap = ex[TRAP_GLOBAL] as WasmGlobal;
  return {
    module: m, meter, bytes, exports: ex,
    call(name, args, limit) {
      gas.value = limit;
      stack.value = 0;
      trap.value = 0;
      const fn = (name === START_EXPORT ? ex[START_EXPORT] : ex[name]) as (...a: unknown[]) => unknown;
      const read = () => ({ gasLeft: gas.value as bigint, stack: stack.value as number, trap: trap.value as number });
      try {
        const result = fn(...args);
        return { result, ...read() };
      } catch (error) {
        // as the v8 engine does: a contract trap published with a deficit is out of gas
        if (trap.value === 0 && (gas.value as bigint) < 0n) { gas.value = 0n; trap.value = 1; }
        return { error, ...read() };
      }
    },
  };
}
