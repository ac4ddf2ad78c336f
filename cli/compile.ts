// `silk compile <file> [-o dir] [--emit wasm,abi,wat] [-O n] [--test]`: compile every contract of the file
// to `<Contract>.wasm`, `<Contract>.abi.json` and (on request) `<Contract>.wat`. Exit 0 on
// success, 1 with diagnostics on errors, 2 on a usage error.

import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { compileFiles, type CompileResult } from "../compiler/driver/compile.js";
import { renderHuman } from "../compiler/diagnostics/render.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type CliIo, processIo } from "./util.js";

export type CompileIo = CliIo;

export interface CompileCliOptions {
  outDir?: string;
  emit?: string;
  optimize?: string;
  /** A test build: invariants compiled in as read-only entry points (docs/abi.md §11). */
  test?: boolean;
}

const EMITS = ["wasm", "abi", "wat"];

/** Prints diagnostics of a compile result; shared with `silk run`. */
export function printDiagnostics(r: CompileResult, io: CompileIo): void {
  if (r.diagnostics.length === 0) return;
  io.err(renderHuman(r.diagnostics, {
    sources: r.sources,
    color: io.isTty && process.env.NO_COLOR === undefined,
    displayName: (f: string) => {
      const rel = path.relative(io.cwd, f);
      return rel.startsWith("..") ? f : rel;
    },
  }));
}

export function parseOptLevel(s: string | undefined): number | undefined {
  if (s === undefined) return 2;
  return /^[0-3]$/.test(s) ? Number(s) : undefined;
}

export function runCompile(file: string, opts: CompileCliOptions, io: CompileIo): number {
  const emit = (opts.emit ?? "wasm,abi").split(",").map((s) => s.trim()).filter(Boolean);
  const bad = emit.find((e) => !EMITS.includes(e));
  if (bad) {
    io.err(`silk compile: unknown --emit kind "${bad}" (expected ${EMITS.join(", ")})\n`);
    return EXIT_USAGE;
  }
  const level = parseOptLevel(opts.optimize);
  if (level === undefined) {
    io.err(`silk compile: -O must be 0, 1, 2 or 3, got "${opts.optimize}"\n`);
    return EXIT_USAGE;
  }
  const abs = path.resolve(io.cwd, file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    io.err(`silk compile: no such file: ${file}\n`);
    return EXIT_USAGE;
  }
  const r = compileFiles([abs], { optimize: level, wat: emit.includes("wat"), test: opts.test === true });
  printDiagnostics(r, io);
  if (!r.ok) return EXIT_ERRORS;
  const outDir = path.resolve(io.cwd, opts.outDir ?? ".");
  mkdirSync(outDir, { recursive: true });
  for (const c of r.contracts) {
    const base = path.join(outDir, c.name);
    if (emit.includes("wasm")) writeFileSync(`${base}.wasm`, c.wasm);
    if (emit.includes("abi")) writeFileSync(`${base}.abi.json`, JSON.stringify(c.abi, null, 2) + "\n");
    if (emit.includes("wat") && c.wat !== undefined) writeFileSync(`${base}.wat`, c.wat);
    io.out(`compiled ${c.name}${opts.test ? " (test build: do not deploy)" : ""}: ${c.wasm.length} bytes, codeHash ${c.abi.codeHash}\n`);
  }
  return EXIT_OK;
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile the contracts of a Silk file to .wasm and .abi.json (and .wat)")
    .argument("<file>", "a Silk source file (.silk)")
    .option("-o, --out-dir <dir>", "output directory", ".")
    .option("--emit <kinds>", "comma-separated: wasm, abi, wat", "wasm,abi")
    .option("-O, --optimize <n>", "binaryen optimisation level 0-3", "2")
    .option("--test", "a test build: invariants become read-only entry points (never deploy it)")
    .action((file: string, opts: CompileCliOptions) => {
      process.exitCode = runCompile(file, opts, processIo());
    });
}
