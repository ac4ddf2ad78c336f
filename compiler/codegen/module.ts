// IR program → Wasm module bytes: the only door to binaryen besides translate.ts/helpers.ts and
// the runtime (STYLE.md: the Wasm toolkit behind one door). Features are pinned to DESIGN §2:
// MVP + sign-extension + mutable globals + multi-value + bulk memory, nothing else.
//
// Memory layout: [0, 64) unused, [64, 256) the wide-integer runtime's scratch, data segments
// from 256 (each distinct constant once, 8-byte aligned), then the bump-allocated heap. The heap
// pointer is the mutable global `heap`; nothing is freed because every call runs on a fresh
// instance (docs/host.md).

import binaryen from "binaryen";
import type { Program, ValTy } from "../lower/ast.js";
import { HEAP_GLOBAL, Helpers } from "./helpers.js";
import { DataTable, FuncEmitter } from "./translate.js";
import { SCRATCH_END } from "./runtime/index.js";

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
      mod.optimize();
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
