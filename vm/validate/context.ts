// The validation context C of spec §3.1.1, built once per module, plus the small helpers
// every rule file shares: value-type predicates and the one way to fail.

import { ValidationError } from "../errors.js";
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64, V128,
  type FuncType, type GlobalType, type TableType, type Limits, type ValType, type WasmModule,
} from "../wasm/module.js";
import type { Policy } from "./policy.js";

/** Throw the typed rejection. `func` is an index in the function index space, `offset` an instruction index. */
export function fail(rule: string, message: string, func?: number, offset?: number): never {
  throw new ValidationError(rule, message, func, offset);
}

export function isNumType(t: ValType): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64;
}
export function isRefType(t: ValType): boolean {
  return t === FUNCREF || t === EXTERNREF;
}
/** Any value type of Wasm 2.0 (§2.3.4), v128 included; the policy decides what is allowed. */
export function isValType(t: ValType): boolean {
  return isNumType(t) || t === V128 || isRefType(t);
}

export interface Context {
  readonly m: WasmModule;
  readonly policy: Policy;
  readonly types: readonly FuncType[];
  /** Type of every function in the function index space (imports first), already resolved. */
  readonly funcs: readonly FuncType[];
  readonly tables: readonly TableType[];
  readonly mems: readonly Limits[];
  /** Globals in the global index space (imports first). */
  readonly globals: readonly GlobalType[];
  readonly importedGlobals: number;
  readonly importedFuncs: number;
  /** Reference type of each element segment. */
  readonly elems: readonly ValType[];
  /** Number of data segments as announced by the data count section, or undefined when absent (§5.5.16). */
  readonly dataCount: number | undefined;
  /** C.refs (§3.4.10): functions that `ref.func` may name inside function bodies. */
  readonly refs: Uint8Array;
}

/**
 * Build C. Index validity of imports and the function section is checked here because the
 * function index space cannot be formed without it (§3.4.10).
 */
export function buildContext(m: WasmModule, policy: Policy): Context {
  const funcs: FuncType[] = [];
  const tables: TableType[] = [];
  const mems: Limits[] = [];
  const globals: GlobalType[] = [];
  for (const imp of m.imports) {
    const d = imp.desc;
    switch (d.kind) {
      case "func": {
        const t = m.types[d.type];
        if (t === undefined) fail("spec.unknown-type", `import ${imp.module}.${imp.name} names unknown type ${d.type}`);
        funcs.push(t);
        break;
      }
      case "table": tables.push(d.table); break;
      case "memory": mems.push(d.memory); break;
      case "global": globals.push(d.global); break;
      default: fail("spec.malformed-structure", `import ${imp.module}.${imp.name} has an unknown kind`);
    }
  }
  const importedFuncs = funcs.length;
  const importedGlobals = globals.length;
  for (let i = 0; i < m.funcs.length; i++) {
    const t = m.types[m.funcs[i]];
    if (t === undefined) fail("spec.unknown-type", `function ${importedFuncs + i} names unknown type ${m.funcs[i]}`);
    funcs.push(t);
  }
  for (const t of m.tables) tables.push(t);
  for (const l of m.memories) mems.push(l);
  for (const g of m.globals) globals.push(g.type);

  // C.refs: function indices occurring outside function bodies and the start section:
  // exports, global initialisers and element segments (offsets included).
  const refs = new Uint8Array(funcs.length);
  const mark = (expr: readonly { op: number; a?: number }[] | undefined) => {
    if (expr === undefined) return;
    for (const ins of expr) {
      if (ins.op === 0xd2 && ins.a !== undefined && ins.a >= 0 && ins.a < refs.length) refs[ins.a] = 1;
    }
  };
  for (const e of m.exports) if (e.kind === "func" && e.index >= 0 && e.index < refs.length) refs[e.index] = 1;
  for (const g of m.globals) mark(g.init);
  for (const el of m.elems) {
    mark(el.offset);
    for (const item of el.init) mark(item);
  }
  for (const d of m.datas) mark(d.offset);

  return {
    m, policy, types: m.types, funcs, tables, mems, globals, importedGlobals, importedFuncs,
    elems: m.elems.map((e) => e.type), dataCount: m.dataCount, refs,
  };
}
