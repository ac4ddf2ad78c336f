// `silk fmt [--check] <files…>`: rewrite files in the canonical style, or with --check only
// report which are not. Exit codes: 0 ok; 1 a file is unformatted (--check) or has syntax
// errors (nothing is written for it); 2 usage error (no files, unreadable file).

import { readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import { format } from "../compiler/fmt/format.js";
import { parse } from "../compiler/syntax/parse.js";
import type { Diagnostic } from "../compiler/diagnostics/types.js";

export interface FmtIo {
  read(path: string): string;
  write(path: string, text: string): void;
  out(line: string): void;
  err(line: string): void;
}

const nodeIo: FmtIo = {
  read: (p) => readFileSync(p, "utf8"),
  write: (p, t) => writeFileSync(p, t),
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
};

/** 1-based line and column of an offset, for the simple diagnostic lines fmt prints. */
function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return `${line}:${offset - last}`;
}

function printDiagnostic(io: FmtIo, path: string, text: string, d: Diagnostic): void {
  io.err(`${path}:${lineCol(text, d.span.start)}: ${d.severity}[${d.code}]: ${d.message}`);
}

/** Runs fmt over `files`; returns the exit code. Separate from commander for tests. */
export function runFmt(files: string[], check: boolean, io: FmtIo = nodeIo): number {
  if (files.length === 0) {
    io.err("silk fmt: no input files");
    return 2;
  }
  let code = 0;
  for (const path of files) {
    let text: string;
    try {
      text = io.read(path);
    } catch (e) {
      io.err(`silk fmt: cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
      return 2;
    }
    const res = parse(text, path);
    const errors = res.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      for (const d of errors) printDiagnostic(io, path, text, d);
      code = 1;
      continue;
    }
    const formatted = format(res.ast, res.comments, text);
    if (formatted === text) continue;
    if (check) {
      io.out(`${path}: not formatted`);
      code = 1;
    } else {
      io.write(path, formatted);
    }
  }
  return code;
}

export function registerFmt(program: Command): void {
  program
    .command("fmt")
    .description("format Silk source files in place (canonical style)")
    .option("--check", "do not write; exit 1 if any file is not formatted")
    .argument("<files...>", "files to format")
    // Commander exits 1 on usage errors; fmt reserves 1 for "unformatted / syntax errors".
    .exitOverride((err) => {
      process.exit(err.exitCode === 0 ? 0 : 2);
    })
    .action((files: string[], opts: { check?: boolean }) => {
      process.exitCode = runFmt(files, opts.check === true);
    });
}
