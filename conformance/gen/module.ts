// Generation of whole modules: types (with structurally equal duplicates, so call_indirect
// must compare signatures by structure), host imports from "silk", functions, one memory,
// an optional funcref table with active and passive element segments (null entries
// included), active and passive data segments, globals, an optional start function, and
// the exported entry `call` that runs the program and ends by writing its results to
// storage or returning them.

import { encodeModule } from "../../vm/encode/encode.js";
import {
  FUNCREF, I32, I64, type Data, type Elem, type Export, type FuncBody, type FuncType, type Global, type Import, type Instr,
  type WasmModule,
} from "../../vm/wasm/module.js";
import { Op } from "../../vm/wasm/opcodes.js";
import { HOST_MODULE, hostFnSpec } from "../../stdlib/host/table.js";
import { BodyGen } from "./body.js";
import { choosePalette } from "./expr.js";
import { Choices } from "./choices.js";
import {
  DEFAULT_GEN_OPTIONS, INPUT_AT, KEY_AT, RESULT_AT, randTypes, randValType, typeIndex,
  type GenOptions, type GlobalInfo, type ModuleCtx,
} from "./ctx.js";

/** The host functions generated code may call. */
export const HOST_USED = [
  "input_size", "input_read", "return", "revert", "storage_get", "storage_set", "storage_remove",
  "caller", "self_address", "block_height", "chain_id", "gas_left", "emit", "debug",
] as const;

export interface Generated {
  module: WasmModule;
  bytes: Uint8Array;
  /** Whether loops or recursion may run until gas or stack runs out. */
  unbounded: boolean;
  /** The module's hazard level (ctx.ts). */
  hazard: number;
  /** Choices consumed (for reports). */
  choicesUsed: number;
}

const I32_STORE = 0x36;
/** Bytes of memory the entry's ending returns, stores or emits. */
const OBSERVED = 4096;
const I64_STORE = 0x37;

export function generateModule(xs: readonly number[], options: Partial<GenOptions> = {}): Generated {
  const opts: GenOptions = { ...DEFAULT_GEN_OPTIONS, ...options };
  const c = new Choices(xs);
  const unbounded = opts.unbounded ?? c.chance(15);
  const hazard = c.pick([0, 1, 2, 4]);
  const palette = choosePalette(c);
  const types: FuncType[] = [];
  const imports: Import[] = [];
  const funcSigs: FuncType[] = [];
  const host = new Map<string, number>();
  const funcTypeIdx: number[] = [];
  const ctxTypes = { types } as unknown as ModuleCtx; // typeIndex only reads `types`

  if (opts.hostCalls) {
    for (const name of HOST_USED) {
      if (name === "gas_left" && !opts.gasLeft) continue;
      const spec = hostFnSpec(name)!;
      const sig = { params: [...spec.params], results: [...spec.results] };
      const ti = typeIndex(ctxTypes, sig);
      host.set(name, funcSigs.length);
      imports.push({ module: HOST_MODULE, name, desc: { kind: "func", type: ti } });
      funcSigs.push(sig);
      funcTypeIdx.push(ti);
    }
  }
  const importCount = funcSigs.length;

  // Defined functions: the program's functions, the entry, and maybe a start function.
  const nMain = 1 + c.int(4);
  for (let j = 0; j < nMain; j++) {
    const sig = { params: randTypes(c, 3), results: randTypes(c, 3) };
    let ti = typeIndex(ctxTypes, sig);
    if (c.chance(25)) {
      // A structurally equal duplicate: call_indirect through either index must succeed.
      types.push({ params: [...sig.params], results: [...sig.results] });
      ti = types.length - 1;
    }
    funcSigs.push(sig);
    funcTypeIdx.push(ti);
  }
  const empty: FuncType = { params: [], results: [] };
  const entryIndex = funcSigs.length;
  funcSigs.push(empty);
  funcTypeIdx.push(typeIndex(ctxTypes, empty));
  const hasStart = c.chance(10);
  if (hasStart) {
    funcSigs.push(empty);
    funcTypeIdx.push(typeIndex(ctxTypes, empty));
  }
  const nFuncs = funcSigs.length;

  const globalInfos: GlobalInfo[] = [{ type: I32, mutable: true }];
  const globals: Global[] = [{ type: { type: I32, mutable: true }, init: [{ op: Op.i32_const, a: 0 }] }];
  for (let i = c.int(4) + 1; i > 0; i--) {
    const t = randValType(c);
    const mutable = c.chance(70);
    globalInfos.push({ type: t, mutable });
    const init: Instr = t === I32 ? { op: Op.i32_const, a: c.i32() } : { op: Op.i64_const, i64: c.i64() };
    globals.push({ type: { type: t, mutable }, init: [init] });
  }

  const memPages = 1 + c.int(2);
  const memMax = c.chance(80) ? undefined : memPages + c.int(4);

  const tableSize = c.chance(75) ? 1 + c.int(8) : 0;
  const elems: Elem[] = [];
  const tableTypes = new Set<number>();
  const tableSlots: (number | null)[] = new Array(tableSize).fill(null);
  if (tableSize > 0) {
    const item = (exprs: boolean): Instr[] => {
      if (exprs && c.chance(25)) return [{ op: Op.ref_null, a: FUNCREF }];
      const f = c.int(nFuncs);
      tableTypes.add(funcTypeIdx[f]!);
      return [{ op: Op.ref_func, a: f }];
    };
    for (let k = c.int(3) + (c.chance(50) ? 1 : 0); k > 0; k--) {
      const passive = c.chance(40);
      const exprs = c.chance(40);
      const len = passive ? c.int(5) : c.chance(50) ? tableSize : c.int(tableSize + 1);
      const init: Instr[][] = [];
      for (let i = 0; i < len; i++) init.push(item(exprs));
      if (passive) elems.push({ mode: "passive", table: 0, type: FUNCREF, init, flags: exprs ? 5 : 1 });
      else {
        const at = c.int(tableSize - len + 1);
        init.forEach((x, i) => { tableSlots[at + i] = x[0]!.op === Op.ref_func ? funcTypeIdx[x[0]!.a!]! : null; });
        const offset = [{ op: Op.i32_const, a: at }];
        elems.push({ mode: "active", table: 0, offset, type: FUNCREF, init, flags: exprs ? 4 : 0 });
      }
    }
  }

  const datas: Data[] = [];
  for (let k = c.int(4); k > 0; k--) {
    const bytes = c.bytes(c.int(33));
    if (c.chance(50)) datas.push({ mode: "passive", memory: 0, bytes });
    else datas.push({ mode: "active", memory: 0, offset: [{ op: Op.i32_const, a: c.int(4096) }], bytes });
  }

  const mc: ModuleCtx = {
    c, opts, unbounded, hazard, palette, types, host, importCount, funcSigs, entryIndex,
    globals: globalInfos, depthGlobal: 0, memPages, memMax, tableSize,
    tableTypes: [...tableTypes].sort((a, b) => a - b), tableSlots,
    dataLens: datas.map((d) => d.bytes.length), dataPassive: datas.map((d) => d.mode === "passive"), elemLens: elems.map((e) => e.init.length),
  };

  const codes: FuncBody[] = [];
  for (let f = importCount; f < nFuncs; f++) {
    const budget = 30 + c.int(150);
    const depth = 2 + c.int(3);
    if (f === entryIndex) codes.push(entryBody(mc, budget, depth));
    else codes.push(new BodyGen(mc, f, funcSigs[f]!, budget).body(depth));
  }

  const exports: Export[] = [
    { name: "call", kind: "func", index: entryIndex },
    { name: "memory", kind: "memory", index: 0 },
    ...globalInfos.map((_, i): Export => ({ name: `g${i}`, kind: "global", index: i })),
  ];
  const module: WasmModule = {
    types, imports, funcs: funcTypeIdx.slice(importCount), tables: tableSize > 0 ? [{ elem: FUNCREF, limits: { min: tableSize, max: tableSize } }] : [],
    memories: [memMax === undefined ? { min: memPages } : { min: memPages, max: memMax }],
    globals, exports, elems, codes, datas, customs: [],
    ...(hasStart ? { start: nFuncs - 1 } : {}),
    ...(datas.length > 0 ? { dataCount: datas.length } : {}),
  };
  return { module, bytes: encodeModule(module), unbounded, hazard, choicesUsed: c.used };
}

/**
 * The entry `call`: copy the input to INPUT_AT, run statements and then every program
 * function, store their results and the globals at RESULT_AT (8 bytes each), then end by
 * falling through, or returning, reverting with, storing or emitting the low 4 KiB of memory
 * (where random stores, results and globals are) or just the results.
 */
function entryBody(mc: ModuleCtx, budget: number, depth: number): FuncBody {
  const c = mc.c;
  const g = new BodyGen(mc, mc.entryIndex, { params: [], results: [] }, budget);
  const host = (name: string) => g.emit(Op.call, mc.host.get(name)!);
  if (mc.opts.hostCalls && c.chance(80)) {
    g.i32c(INPUT_AT); g.i32c(0); host("input_size"); host("input_read");
  }
  g.topStmts(depth);
  // Every program function runs once from the entry; results go to RESULT_AT, 8 bytes each.
  let slot = 0;
  for (const f of g.callees()) {
    g.call(f, depth);
    const rs = mc.funcSigs[f]!.results;
    for (let i = rs.length - 1; i >= 0; i--) {
      const t = rs[i]!;
      const s = g.scratchOf(t);
      g.emit(Op.local_set, s);
      g.i32c(RESULT_AT + 8 * (slot + i));
      g.emit(Op.local_get, s);
      g.emit(t === I64 ? I64_STORE : I32_STORE, 0, 0);
    }
    slot += rs.length;
  }
  // Globals after the results, so that the ending observes them too.
  mc.globals.forEach((gl, i) => {
    g.i32c(RESULT_AT + 8 * (slot + i));
    g.emit(Op.global_get, i);
    g.emit(gl.type === I64 ? I64_STORE : I32_STORE, 0, 0);
  });
  if (mc.opts.hostCalls) {
    // The ending observes [0, OBSERVED): where random stores, the results and the globals are.
    const n = c.weighted<number>([[6, () => OBSERVED], [1, () => 8 * (slot + mc.globals.length)]]);
    const at = n === OBSERVED ? 0 : RESULT_AT;
    c.weighted([
      [1, () => {}],
      [4, () => { g.i32c(at); g.i32c(n); host("return"); }],
      [3, () => { g.i32c(KEY_AT); g.i32c(1 + c.int(4)); g.i32c(at); g.i32c(n); host("storage_set"); }],
      [1, () => { g.i32c(at); g.i32c(n); host("revert"); }],
      [1, () => { g.i32c(RESULT_AT); g.i32c(c.int(3)); g.i32c(at); g.i32c(n); host("emit"); }],
    ]);
  }
  g.emit(Op.end);
  return { locals: g.localDecls(), body: g.out };
}
