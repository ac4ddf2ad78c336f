// IR program → Wasm module bytes: the only door to binaryen besides translate.ts/helpers.ts and
// the runtime (STYLE.md: the Wasm toolkit behind one door). Features are pinned to DESIGN §2:
// MVP + sign-extension + mutable globals + multi-value + bulk memory, nothing else.
//
// Memory layout: [0, 64) unused, [64, 256) the wide-integer runtime's scratch, data segments
// from 256 (each distinct constant once, 8-byte aligned), then the bump-allocated heap. The heap
// pointer is the mutable global `heap`; nothing is freed because every call runs on a fresh
// instance (docs/host.md).
//
// At -O1 and up: ranges.ts drops the checks value ranges prove never fire (before codegen, on
// the IR, which it rewrites in place), entry points with loops stay out of the dispatcher
// (keepLoopsOutOfDispatcher), binaryen optimises, then rotate.ts forms rotates. Checked ≤ 64-bit
// arithmetic and casts are inline at every level (inline.ts). See docs/codegen-runtime.md.

import binaryen from "binaryen";
import type { Program, ValTy } from "../lower/ast.js";
import { HEAP_GLOBAL, Helpers } from "./helpers.js";
import { DataTable, FuncEmitter } from "./translate.js";
import { SCRATCH_END } from "./runtime/index.js";
import { dropProvenChecks } from "./ranges.js";
import { formRotates } from "./rotate.js";

export const FEATURES =
  binaryen.Features.MVP | binaryen.Features.SignExt | binaryen.Features.MutableGlobals |
  binaryen.Features.Multivalue | binaryen.Features.BulkMemory | binaryen.Features.BulkMemoryOpt;

export const REENTRANT_SECTION = "silk.reentrant";

export interface CodegenOptions {
  /** binaryen optimisation level 0–3 (`-O`); 0 skips the optimiser. */
  optimize: number;
  /** Also produce the text format. */
  wat?: boolean;
}

export interface CodegenOutput {
  wasm: Uint8Array;
  wat?: string;
}

/** Builds, optimises and validates the module; throws on a binaryen validation failure (a bug). */
export function generate(program: Program, opts: CodegenOptions): CodegenOutput {
  const mod = new binaryen.Module();
  try {
    mod.setFeatures(FEATURES);
    const helpers = new Helpers(mod);
    const data = new DataTable(SCRATCH_END);
    const resultOf = new Map<string, ValTy | undefined>(program.funcs.map((f) => [f.name, f.result]));
    // binaryen needs the memory before any memory instruction is built, and the memory needs its
    // segments: so every constant is laid out first, in IR order.
    collectData(program, data);
    const heapStart = data.end;
    mod.addGlobal(HEAP_GLOBAL, binaryen.i32, true, mod.i32.const(heapStart));
    const pages = Math.max(1, Math.ceil(heapStart / 65536));
    mod.setMemory(pages, 65536, null, data.segments.map((s) => ({ offset: mod.i32.const(s.offset), data: s.bytes, passive: false })));
    // -O1+: drop the index and overflow checks that value ranges prove never fire (ranges.ts).
    if (opts.optimize > 0) dropProvenChecks(program.funcs);
    for (const f of program.funcs) new FuncEmitter(helpers, data, resultOf, f).emit();
    for (const f of program.funcs) if (f.export) mod.addFunctionExport(f.name, f.export);
    if (program.reentrant.length) {
      const payload = new Uint8Array(4 * program.reentrant.length);
      program.reentrant.forEach((s, i) => payload.set(s, 4 * i));
      mod.addCustomSection(REENTRANT_SECTION, payload);
    }
    if (!mod.validate()) throw new Error(`binaryen rejected the generated module for ${program.contract}`);
    if (opts.optimize > 0) {
      binaryen.setOptimizeLevel(Math.min(opts.optimize, 3));
      binaryen.setShrinkLevel(0);
      binaryen.setDebugInfo(false);
      keepLoopsOutOfDispatcher(mod, program);
      mod.optimize();
      formRotates(mod);
      if (!mod.validate()) throw new Error(`binaryen rejected the optimised module for ${program.contract}`);
    }
    const wasm = mod.emitBinary();
    return { wasm, ...(opts.wat ? { wat: mod.emitText() } : {}) };
  } finally {
    mod.dispose();
  }
}

/** Lays out every `data` constant and storage key prefix of the program, in a fixed walk order. */
function collectData(program: Program, data: DataTable): void {
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array || v === null || typeof v !== "object") return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    const o = v as Record<string, unknown>;
    if (o.k === "data" && o.bytes instanceof Uint8Array) data.addr(o.bytes);
    if (o.prefix instanceof Uint8Array) data.addr(o.prefix);
    for (const key of Object.keys(o)) walk(o[key]);
  };
  walk(program.funcs);
}

/**
 * Marks the functions the exported entry points (`call`, `init`: ABI dispatch) call directly and
 * that contain a loop as not inlinable. binaryen inlines a function with one caller whatever its
 * size, so an entry point's body would land in the dispatcher, next to its host calls
 * (`input_read`, …); V8's TurboFan then allocates registers worse for the loops of the whole
 * function (measured: the sieve kernel of bench/compile.bench.ts ran 1.4× slower inlined, the
 * same code in its own function as fast as AssemblyScript's). One call per transaction is the
 * cost.
 */
function keepLoopsOutOfDispatcher(mod: binaryen.Module, program: Program): void {
  const byName = new Map(program.funcs.map((f) => [f.name, f]));
  const callees = new Set<string>();
  const hasLoop = (v: unknown): boolean => {
    if (Array.isArray(v)) return v.some(hasLoop);
    if (!v || typeof v !== "object" || v instanceof Uint8Array) return false;
    const o = v as Record<string, unknown>;
    return o.k === "loop" || Object.keys(o).some((k) => hasLoop(o[k]));
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== "object" || v instanceof Uint8Array) return;
    const o = v as Record<string, unknown>;
    if (o.k === "call" && typeof o.fn === "string") callees.add(o.fn);
    for (const k of Object.keys(o)) walk(o[k]);
  };
  for (const f of program.funcs) if (f.export) walk(f.body);
  for (const name of [...callees].sort()) {
    const f = byName.get(name);
    if (!f || f.export || !hasLoop(f.body)) continue;
    // The pass takes a wildcard pattern; Silk function names contain no `*` or `?`.
    binaryen.setPassArgument("no-inline", name);
    mod.runPasses(["no-inline"]);
  }
  binaryen.setPassArgument("no-inline", null as unknown as string);
}
