// The contract between the execution engines and everything above them. Both engines
// (`v8`: the instrumented module on Node's WebAssembly; `interp`: the reference
// interpreter of the original module) implement `Engine`, and must be indistinguishable
// through it: same values, same traps, same gas, same stack accounting.

import type { WasmModule } from "../wasm/module.js";

/** A Wasm value: i32 as a signed JS number, i64 as a signed bigint. Floats never reach an engine. */
export type Value = number | bigint;

/**
 * Stable trap codes: consensus data carries these, never host-side message text.
 * `indirect_call_mismatch` covers both a null table entry and a signature mismatch,
 * because V8 reports both with one trap and the engines must agree.
 */
export type TrapCode =
  | "out_of_gas"
  | "stack_overflow"
  | "unreachable"
  | "div_by_zero"
  | "int_overflow"
  | "memory_oob"
  | "table_oob"
  | "indirect_call_mismatch"
  | "host_error";

export const TRAP_CODES: readonly TrapCode[] = [
  "out_of_gas", "stack_overflow", "unreachable", "div_by_zero", "int_overflow",
  "memory_oob", "table_oob", "indirect_call_mismatch", "host_error",
];

/** A deterministic trap: execution of the current contract frame stops. */
export class Trap extends Error {
  override readonly name = "Trap";
  constructor(readonly code: TrapCode, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/**
 * A host function as the engines see it: called with the Wasm arguments and a handle on
 * the calling instance (memory, gas, stack). It returns the results (none, or one value),
 * or throws a `Trap`, or throws any other object to unwind the whole instance (the host uses
 * this for `return` and `revert`, which end execution). Gas for the host function's
 * formula is charged by the function itself through `inst.chargeGas`.
 */
export type HostFunction = (inst: InstanceHandle, args: Value[]) => Value | undefined;

/** Resolves an import (module, name) to a host function; undefined = unknown import. */
export type ImportResolver = (module: string, name: string) => HostFunction | undefined;

/** What a host function may touch of the instance that called it. */
export interface InstanceHandle {
  /** Copy `len` bytes out of linear memory; throws Trap("memory_oob") when out of bounds. */
  read(ptr: number, len: number): Uint8Array;
  /** Copy bytes into linear memory; throws Trap("memory_oob") when out of bounds. */
  write(ptr: number, bytes: Uint8Array): void;
  /** Remaining gas. */
  gasLeft(): bigint;
  /** Charge `amount` gas; on shortfall sets gas to 0 and throws Trap("out_of_gas"). */
  chargeGas(amount: bigint): void;
  /** Stack units currently in use (shared across nested contract calls). */
  stackUsed(): number;
}

export interface InstantiateOptions {
  /** Gas available to this instance (remaining gas is read back through `Instance.gasLeft`). */
  gas: bigint;
  /** Stack units already used by callers (nested contract calls continue the count). */
  stackUsed: number;
}

export interface Instance extends InstanceHandle {
  /**
   * Call an export with arguments. Returns the results, or throws `Trap` (a deterministic
   * trap, including out_of_gas and stack_overflow) or whatever a host function threw.
   * Also resets the stack count to the value given at instantiation (exports are entry points).
   */
  invoke(exportName: string, args: Value[]): Value[];
  /** Run the module's start function, if any (engines defer it so host calls see memory). */
  runStart(): void;
  exportNames(): string[];
  /** Read an exported global (spec tests). */
  getGlobal(exportName: string): Value | undefined;
  /**
   * The caller is done with this instance: the engine may recycle its resources (the v8
   * engine pools linear memories). The instance must not be used afterwards.
   */
  release(): void;
}

/** A module prepared for one engine: validated, metered (and, for v8, instrumented and compiled). */
export interface PreparedModule {
  readonly module: WasmModule;
}

export interface Engine {
  readonly name: "v8" | "interp";
  /** Prepare a validated module (cached by the caller's key where the engine compiles). */
  prepare(module: WasmModule, bytes: Uint8Array): PreparedModule;
  /**
   * Create a fresh instance (no state is shared with earlier instances). Imports are
   * resolved through `imports`; instantiation faults (e.g. an active data segment out of
   * bounds) throw a `Trap`. The start function is NOT run here: call `runStart`.
   */
  instantiate(prepared: PreparedModule, imports: ImportResolver, opts: InstantiateOptions): Instance;
}
