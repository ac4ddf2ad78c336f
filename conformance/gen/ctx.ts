// What the body generator knows about the module it generates into: the shared type
// section (block types are added as bodies need them), the function index space, globals,
// memory, table and segments, and the generation options.

import { BLOCK_EMPTY, blockTypeOfVal, I32, I64, type FuncType, type ValType } from "../../vm/wasm/module.js";
import type { Choices } from "./choices.js";

export interface GenOptions {
  /** Import and call host functions of module "silk". */
  hostCalls: boolean;
  /** Allow `gas_left`, whose value depends on the gas limit (so results may too). */
  gasLeft: boolean;
  /**
   * Allow loops without a counter and recursion without the depth guard, which end only by
   * running out of gas (or the VM's stack limit). `undefined`: decided per module.
   */
  unbounded?: boolean;
}

export const DEFAULT_GEN_OPTIONS: GenOptions = { hostCalls: true, gasLeft: true };

/** Memory layout used by the entry function (the rest of memory is fair game). */
export const INPUT_AT = 1024;
export const RESULT_AT = 2048;
export const KEY_AT = 3072;
/** Recursion depth allowed by the guard around back-calls and call_indirect. */
export const DEPTH_LIMIT = 6;
/** Iterations of a bounded loop are drawn from [0, MAX_LOOP_ITERATIONS]. */
export const MAX_LOOP_ITERATIONS = 6;

export interface Palette {
  i32Unary: number[];
  i32Binary: number[];
  i64Unary: number[];
  i64Binary: number[];
  i64Compare: number[];
}

export interface GlobalInfo {
  type: ValType;
  mutable: boolean;
}

export interface ModuleCtx {
  readonly c: Choices;
  readonly opts: GenOptions;
  readonly unbounded: boolean;
  /**
   * Weight of the alternatives that trap (out-of-bounds addresses and lengths, bad table
   * indices, ...) against ~40 for the in-bounds ones: 0 gives long-running programs that
   * trap only by arithmetic, 4 gives trap-heavy ones. Drawn per module.
   */
  readonly hazard: number;
  /** Swarm testing: the operators this module's expressions draw from (expr.ts `choosePalette`). */
  readonly palette: Palette;
  /** The type section; grows while bodies are generated (multi-value block types). */
  readonly types: FuncType[];
  /** Host function name → function index (imports come first in the index space). */
  readonly host: Map<string, number>;
  readonly importCount: number;
  /** Signature of every function, by function index (imports included). */
  readonly funcSigs: FuncType[];
  /** Function index of the exported entry `call` (never a direct call target). */
  readonly entryIndex: number;
  readonly globals: GlobalInfo[];
  /** Index of the guard's depth counter (never written by random code). */
  readonly depthGlobal: number;
  readonly memPages: number;
  readonly memMax: number | undefined;
  /** Table size; 0 when the module has no table. */
  readonly tableSize: number;
  /** Type indices of the functions the elem segments mention (call_indirect favours them). */
  readonly tableTypes: number[];
  /** Type index of the function in each table slot after instantiation (null: empty slot). */
  readonly tableSlots: (number | null)[];
  /** Length of every data segment (memory.init / data.drop take any index). */
  readonly dataLens: number[];
  /** Which data segments are passive (active ones are dropped at instantiation). */
  readonly dataPassive: boolean[];
  /** Length of every element segment (table.init / elem.drop take any index). */
  readonly elemLens: number[];
}

function sameTypes(a: readonly ValType[], b: readonly ValType[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Index of a function type, appended if absent (the first structurally equal entry otherwise). */
export function typeIndex(mc: ModuleCtx, ft: FuncType): number {
  const i = mc.types.findIndex((t) => sameTypes(t.params, ft.params) && sameTypes(t.results, ft.results));
  if (i >= 0) return i;
  mc.types.push({ params: [...ft.params], results: [...ft.results] });
  return mc.types.length - 1;
}

/** Every type index structurally equal to type `ti` (itself included). */
export function equalTypes(mc: ModuleCtx, ti: number): number[] {
  const t = mc.types[ti]!;
  const out: number[] = [];
  mc.types.forEach((u, i) => { if (sameTypes(u.params, t.params) && sameTypes(u.results, t.results)) out.push(i); });
  return out;
}

/** The s33 block type for params → results (a type index when multi-value needs one). */
export function blockType(mc: ModuleCtx, params: readonly ValType[], results: readonly ValType[]): number {
  if (params.length === 0 && results.length === 0) return BLOCK_EMPTY;
  if (params.length === 0 && results.length === 1) return blockTypeOfVal(results[0]!);
  return typeIndex(mc, { params: [...params], results: [...results] });
}

export function randValType(c: Choices): ValType {
  return c.chance(40) ? I64 : I32;
}

export function randTypes(c: Choices, max: number): ValType[] {
  const n = c.int(max + 1);
  const out: ValType[] = [];
  for (let i = 0; i < n; i++) out.push(randValType(c));
  return out;
}
