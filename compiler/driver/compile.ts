// The back half of the pipeline: checkFiles (parse → resolve → check), then per contract
// lower → codegen (optimise) → validate (binaryen, then the VM's own validator) → .wasm +
// .abi.json (+ .wat). Like checkFiles it never throws: a construct the back end does not support
// yet becomes an E9003 diagnostic, an internal failure an E9001 one, with the span of the construct.

import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { checkFiles, type CheckOptions } from "./driver.js";
import type { Diagnostic } from "../diagnostics/types.js";
import { DiagnosticSink, sortDiagnostics } from "../diagnostics/sink.js";
import { lowerContract } from "../lower/translate.js";
import { contractAbi } from "../lower/abi.js";
import { addInvariantsToAbi, lowerInvariants } from "../lower/invariants.js";
import { reportBackEndError } from "./lowercheck.js";
import { generate } from "../codegen/module.js";
import { toHex } from "../../stdlib/abi/selector.js";
import type { AbiJson } from "../../stdlib/abi/schema.js";
import { decodeModule } from "../../vm/decode/decode.js";
import { validateModule } from "../../vm/validate/validate.js";

export const COMPILER_VERSION = "silk 0.1.0";

export interface CompileOptions extends CheckOptions {
  /** binaryen optimisation level 0–3; default 2. */
  optimize?: number;
  wat?: boolean;
  /** Compile only the contract of this name. */
  contract?: string;
  /**
   * A test build: the contract's invariants become read-only entry points, listed under
   * `invariants` in the ABI (docs/abi.md §11). Never deploy one; a normal build has no trace of them.
   */
  test?: boolean;
}

export interface CompiledContract {
  name: string;
  wasm: Uint8Array;
  abi: AbiJson;
  wat?: string;
}

export interface CompileResult {
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
  contracts: CompiledContract[];
  ok: boolean;
}

/** sha256 over each loaded source as `path-relative-to-the-entry ‖ 0 ‖ text ‖ 0`, in load order. */
function sourceHash(sources: Map<string, string>): string {
  const enc = new TextEncoder();
  const parts: Uint8Array[] = [];
  for (const text of sources.values()) parts.push(enc.encode(text), new Uint8Array([0]));
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return toHex(sha256(all));
}

export function compileFiles(paths: string[], opts: CompileOptions = {}): CompileResult {
  const checked = checkFiles(paths, opts);
  const sink = new DiagnosticSink();
  for (const d of checked.diagnostics) sink.adopt(d);
  const contracts: CompiledContract[] = [];
  const program = checked.program;
  if (program) {
    const srcHash = sourceHash(checked.sources);
    for (const c of program.contracts) {
      if (opts.contract !== undefined && c.info.sym.name !== opts.contract) continue;
      // Contracts of imported modules are compiled only when named.
      if (opts.contract === undefined && program.resolved.order.indexOf(c.info.sym.module) >= paths.length) continue;
      try {
        const ir = lowerContract(program, c, opts.test ? lowerInvariants : undefined);
        const out = generate(ir, { optimize: opts.optimize ?? 2, wat: opts.wat });
        validateModule(decodeModule(out.wasm), { byteLength: out.wasm.length });
        const abi = contractAbi(program, c, COMPILER_VERSION, ir.used);
        if (opts.test) addInvariantsToAbi(program, c, abi);
        abi.codeHash = toHex(sha256(out.wasm));
        abi.sourceHash = srcHash;
        contracts.push({ name: c.info.sym.name, wasm: out.wasm, abi, ...(out.wat !== undefined ? { wat: out.wat } : {}) });
      } catch (e) {
        reportBackEndError(sink, e, c.info.sym.decl.span, "codegen");
      }
    }
  }
  const diagnostics = sortDiagnostics(sink.diagnostics);
  return { diagnostics, sources: checked.sources, contracts, ok: program !== undefined && !diagnostics.some((d) => d.severity === "error") };
}

/** Compiles source text held in memory (tests, tools): the file is `/virtual/<name>.silk`. */
export function compileSource(text: string, opts: CompileOptions = {}, name = "main"): CompileResult {
  const file = `/virtual/${name}.silk`;
  const fallback = opts.readFile ?? ((p: string) => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  });
  return compileFiles([file], { ...opts, readFile: (p) => (p === file ? text : fallback(p)) });
}
