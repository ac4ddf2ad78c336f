// The policy's count-based limits. They read only lengths and declaration counts, never a
// function body, so they run first: a module with 100,000 functions is refused before a
// single instruction is looked at.

import { importedFuncCount, type WasmModule } from "../wasm/module.js";
import { fail } from "./context.js";
import type { PolicyLimits } from "./policy.js";

function over(rule: string, what: string, value: number, limit: number, func?: number): void {
  if (value > limit) fail(rule, `${what} is ${value}, above the limit of ${limit}`, func);
}

export function checkCountLimits(m: WasmModule, L: PolicyLimits, byteLength: number | undefined): void {
  if (byteLength !== undefined) over("limit.code-size", "module size in bytes", byteLength, L.codeSize);
  over("limit.types", "number of types", m.types.length, L.types);
  over("limit.imports", "number of imports", m.imports.length, L.imports);
  const importedFuncs = importedFuncCount(m);
  over("limit.functions", "number of functions", importedFuncs + m.funcs.length, L.functions);
  let importedGlobals = 0;
  for (const i of m.imports) if (i.desc.kind === "global") importedGlobals++;
  over("limit.globals", "number of globals", importedGlobals + m.globals.length, L.globals);
  over("limit.exports", "number of exports", m.exports.length, L.exports);
  over("limit.data-segments", "number of data segments", m.datas.length, L.dataSegments);
  over("limit.elem-segments", "number of element segments", m.elems.length, L.elemSegments);

  let paramsTotal = 0;
  for (let i = 0; i < m.types.length; i++) {
    const t = m.types[i];
    over("limit.params", `parameters of type ${i}`, t.params.length, L.params);
    over("limit.function-results", `results of type ${i}`, t.results.length, L.functionResults);
    paramsTotal += t.params.length;
  }
  over("limit.params-total", "parameters over all types", paramsTotal, L.paramsTotal);

  let dataSize = 0;
  for (const d of m.datas) dataSize += d.bytes.length;
  over("limit.data-size", "total bytes of data segments", dataSize, L.dataSize);

  for (const mem of m.memories) over("limit.memory-pages", "initial memory pages", mem.min, L.memoryPages);
  for (const t of m.tables) over("limit.table-size", "initial table size", t.limits.min, L.tableSize);
  // Imported memories and tables are refused by the import policy; their sizes are checked
  // here too so that a policy admitting them still bounds them.
  for (const i of m.imports) {
    if (i.desc.kind === "memory") over("limit.memory-pages", "initial memory pages", i.desc.memory.min, L.memoryPages);
    if (i.desc.kind === "table") over("limit.table-size", "initial table size", i.desc.table.limits.min, L.tableSize);
  }

  // Per-body counts: declaration lists and body lengths, no instruction is read.
  let localsTotal = 0;
  const n = Math.min(m.codes.length, m.funcs.length);
  for (let i = 0; i < n; i++) {
    const code = m.codes[i];
    const fidx = importedFuncs + i;
    over("limit.instructions-per-function", "number of instructions", code.body.length, L.instructionsPerFunction, fidx);
    const t = m.types[m.funcs[i]];
    let locals = t === undefined ? 0 : t.params.length;
    for (const d of code.locals) {
      locals += d.count;
      // Checked inside the loop so that the sum stays small even for absurd declared counts.
      over("limit.locals-per-function", "number of locals (parameters included)", locals, L.localsPerFunction, fidx);
    }
    over("limit.locals-per-function", "number of locals (parameters included)", locals, L.localsPerFunction, fidx);
    localsTotal += locals;
    over("limit.locals-total", "number of locals over all functions", localsTotal, L.localsTotal);
  }
}
