// The deterministic VM's policy (DESIGN §2, §5): which Wasm 2.0 features a contract may use,
// which imports it may name, and how big it may be. Everything the policy refuses is refused
// with a `policy.*` or `limit.*` rule, so a deployer learns exactly which line they crossed.

import type { FuncType, ValType } from "../wasm/module.js";
import { HOST_FUNCTIONS, HOST_MODULE } from "../../stdlib/host/table.js";

/** Resolves an import to the host function's signature, or undefined if there is no such host function. */
export type HostImportResolver = (module: string, name: string) => FuncType | undefined;

/**
 * Size limits. Each bounds work the node does for untrusted code *before* any gas is
 * charged (decode, validate, instrument, compile) or memory it must hold per instance.
 * Every limit is inclusive: a value equal to the limit is accepted.
 */
export interface PolicyLimits {
  /** Module size in bytes (`opts.byteLength`); rule `limit.code-size`. */
  codeSize: number;
  /** Entries in the type section; `limit.types`. */
  types: number;
  /** Functions, imported plus defined; `limit.functions`. */
  functions: number;
  /** Import entries; `limit.imports`. */
  imports: number;
  /** Export entries; `limit.exports`. */
  exports: number;
  /** Locals of one function, parameters included; `limit.locals-per-function`. */
  localsPerFunction: number;
  /** Locals (parameters included) summed over all defined functions; `limit.locals-total`. */
  localsTotal: number;
  /** Parameters of one function type; `limit.params`. */
  params: number;
  /** Parameters summed over the type section; `limit.params-total`. */
  paramsTotal: number;
  /** Results of one function type or block type (multi-value); `limit.function-results`. */
  functionResults: number;
  /** Globals, imported plus defined; `limit.globals`. */
  globals: number;
  /** Initial table size (see docs/validation.md for why the maximum is not bounded); `limit.table-size`. */
  tableSize: number;
  /** Targets of one `br_table`, default excluded; `limit.br-table-targets`. */
  brTableTargets: number;
  /** Open control frames at any point of a body, the function's own frame included; `limit.nesting-depth`. */
  nestingDepth: number;
  /** Instructions of one body, its final `end` included; `limit.instructions-per-function`. */
  instructionsPerFunction: number;
  /** Bytes of all data segments together; `limit.data-size`. */
  dataSize: number;
  /** Data segments; `limit.data-segments`. */
  dataSegments: number;
  /** Element segments; `limit.elem-segments`. */
  elemSegments: number;
  /** Initial pages of the memory (the maximum is clamped by the VM at run time); `limit.memory-pages`. */
  memoryPages: number;
}

/**
 * Export names the VM's instrumentation adds (`__silk_gas`, `__silk_stack`, …); a module may
 * not define them itself (`policy.reserved-export`).
 */
export const RESERVED_EXPORT_PREFIX = "__silk_";

export interface Policy {
  /** f32/f64 types and float instructions: off for consensus (NaN bit patterns are not deterministic across engines). */
  allowFloat: boolean;
  /** Reference-types instructions, reference-typed values, several tables, non-funcref tables. */
  allowReferenceTypes: boolean;
  /**
   * The import allow-list. A resolver admits only function imports it knows, with the exact
   * signature it returns; "any" skips the import policy (for running the spec test suite).
   */
  hostImport: HostImportResolver | "any";
  limits: PolicyLimits;
}

export const DEFAULT_LIMITS: Readonly<PolicyLimits> = Object.freeze({
  codeSize: 512 * 1024, // a generous contract; deploy is also charged per byte
  types: 1024, // the compiler emits one per distinct signature: tens in practice
  functions: 10_000, // compile time and code-cache memory grow with each function
  imports: 256, // the host table has a few dozen entries; duplicates are pointless
  exports: 1024, // entry points plus memory; the ABI has far fewer
  localsPerFunction: 1024, // bounds the frame cost charged per call (DESIGN §5 stack depth)
  localsTotal: 65_536, // bounds total compile work on locals across the module
  params: 128, // V8 allows 1000; contracts pass ABI data through memory, not parameters
  paramsTotal: 16_384, // bounds the work of reading the type section
  functionResults: 16, // multi-value results (V8 allows 1000; the compiler uses a few)
  globals: 256, // the metering instrumentation adds its own on top
  tableSize: 4096, // one funcref table for call_indirect; never grows (table.grow is refused)
  brTableTargets: 1024, // a dense match over a few hundred cases; bigger is code-size abuse
  nestingDepth: 256, // deep nesting makes compilers recurse; 256 is far beyond real code
  instructionsPerFunction: 131_072, // bounds per-function compile time and meter tables
  dataSize: 256 * 1024, // copied into memory at every instantiation
  dataSegments: 1024, // each is an instantiation-time copy
  elemSegments: 1024, // each is an instantiation-time copy
  memoryPages: 16, // 1 MiB initial; growing beyond is paid per page by memory.grow gas
});

/** A resolver over a host-function table: exact name within one module name. */
export function hostImportsFrom(
  moduleName: string,
  table: ReadonlyArray<{ name: string; params: readonly ValType[]; results: readonly ValType[] }>,
): HostImportResolver {
  // A Map is used only for lookup, never iterated, so its insertion order cannot matter.
  const byName = new Map<string, FuncType>();
  for (const f of table) byName.set(f.name, { params: [...f.params], results: [...f.results] });
  return (module, name) => (module === moduleName ? byName.get(name) : undefined);
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  allowFloat: false,
  allowReferenceTypes: false,
  hostImport: hostImportsFrom(HOST_MODULE, HOST_FUNCTIONS),
  limits: DEFAULT_LIMITS,
});
