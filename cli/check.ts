// `silk check <files…> [--format human|json]`: parse, resolve, type-check and lower (the IR step of
// the back end, so constructs it cannot compile yet are reported as E9003), print diagnostics.
// Exit 0 when clean or only warnings, 1 when there are errors, 2 on a usage error (unknown
// format, missing file). Colour only when stdout is a TTY (and NO_COLOR is unset).

import { existsSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { checkWithBackEnd } from "../compiler/driver/lowercheck.js";
import { renderHuman, renderJson } from "../compiler/diagnostics/render.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from "./util.js";

export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean;
  cwd: string;
}

/** The command body, separate from commander so tests can call it directly. */
export function runCheck(files: string[], format: string, io: CheckIo): number {
  if (format !== "human" && format !== "json") {
    io.err(`silk check: unknown format "${format}" (expected human or json)\n`);
    return EXIT_USAGE;
  }
  if (files.length === 0) {
    io.err("silk check: no input files\n");
    return EXIT_USAGE;
  }
  for (const f of files) {
    const abs = path.resolve(io.cwd, f);
    if (!existsSync(abs) || !statSync(abs).isFile()) {
      io.err(`silk check: no such file: ${f}\n`);
      return EXIT_USAGE;
    }
  }
  const r = checkWithBackEnd(files.map((f) => path.resolve(io.cwd, f)));
  const opts = {
    sources: r.sources,
    color: format === "human" && io.isTty && process.env.NO_COLOR === undefined,
    displayName: (f: string) => {
      const rel = path.relative(io.cwd, f);
      return rel.startsWith("..") ? f : rel;
    },
  };
  if (format === "json") io.out(renderJson(r.diagnostics, opts));
  else if (r.diagnostics.length > 0) io.out(renderHuman(r.diagnostics, opts));
  return r.diagnostics.some((d) => d.severity === "error") ? EXIT_ERRORS : EXIT_OK;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("parse, resolve and type-check Silk source files and report diagnostics")
    .argument("<files...>", "Silk source files (.silk)")
    .option("--format <format>", "output format: human or json", "human")
    .action((files: string[], opts: { format: string }) => {
      process.exitCode = runCheck(files, opts.format, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        isTty: process.stdout.isTTY === true,
        cwd: process.cwd(),
      });
    });
}
