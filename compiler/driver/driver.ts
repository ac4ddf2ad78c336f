// The driver: parse → resolve → check, with a severity gate between passes (a pass that reported
// an error stops the pipeline, so later passes never see broken input — STYLE.md, after the Move
// compiler). It never throws: an exception escaping a pass is a compiler bug and becomes an E9001
// diagnostic like any other.

import { readFileSync } from "node:fs";
import * as path from "node:path";
import type * as A from "../ast/ast.js";
import type { TypedProgram } from "../check/ast.js";
import { check } from "../check/translate.js";
import { DiagnosticSink, sortDiagnostics } from "../diagnostics/sink.js";
import type { Diagnostic } from "../diagnostics/types.js";
import type { ResolvedProgram } from "../resolve/ast.js";
import { defaultStdlibRoot, resolveSpecifier } from "../resolve/modules.js";
import { resolve, type ResolveInput } from "../resolve/translate.js";
import { parse } from "../syntax/parse.js";

export type Pass = "syntax" | "resolve" | "check";

export interface CheckOptions {
  /** Root of the Silk standard library (`std/x` → `<root>/x.silk`). */
  stdlibRoot?: string;
  /** Reads a file; undefined when it does not exist. Tests pass an in-memory file system. */
  readFile?: (absPath: string) => string | undefined;
  /** Stop after this pass even when it is clean (tests of a single pass). */
  stopAfter?: Pass;
}

export interface CheckResult {
  /** Every diagnostic of every pass that ran, sorted by file and position. */
  diagnostics: Diagnostic[];
  /** Text of every loaded file by absolute path, for rendering code frames. */
  sources: Map<string, string>;
  /** The last pass that ran to completion. */
  lastPass: Pass | undefined;
  resolved?: ResolvedProgram;
  /** Present when every pass ran and none reported an error. */
  program?: TypedProgram;
}

function diskRead(p: string): string | undefined {
  try {
    return readFileSync(p, "utf8");
  } catch {
    return undefined;
  }
}

export function checkFiles(paths: string[], opts: CheckOptions = {}): CheckResult {
  const sink = new DiagnosticSink();
  const sources = new Map<string, string>();
  const result = (lastPass: Pass | undefined, extra: Partial<CheckResult> = {}): CheckResult => ({
    diagnostics: sortDiagnostics(sink.diagnostics),
    sources,
    lastPass,
    ...extra,
  });
  const internal = (pass: Pass, e: unknown, file: string) => {
    const detail = e instanceof Error ? `${e.message}${e.stack ? ` @ ${e.stack.split("\n")[1]?.trim() ?? ""}` : ""}` : String(e);
    sink.error("E9001", { file, start: 0, end: 0 }, { pass, detail });
  };
  const firstFile = path.resolve(paths[0] ?? "<input>");

  let input: ResolveInput;
  try {
    input = load(paths, opts, sink, sources);
  } catch (e) {
    internal("syntax", e, firstFile);
    return result(undefined);
  }
  if (sink.hasErrors()) return result(undefined);
  if (opts.stopAfter === "syntax") return result("syntax");

  let resolved: ResolvedProgram;
  try {
    resolved = resolve(input, sink);
  } catch (e) {
    internal("resolve", e, firstFile);
    return result("syntax");
  }
  if (sink.hasErrors() || opts.stopAfter === "resolve") return result("resolve", { resolved });

  let program: TypedProgram;
  try {
    program = check(resolved, sink);
  } catch (e) {
    internal("check", e, firstFile);
    return result("resolve", { resolved });
  }
  if (sink.hasErrors()) return result("check", { resolved });
  return result("check", { resolved, program });
}

/** Parses the roots and, transitively, every module they import. */
function load(paths: string[], opts: CheckOptions, sink: DiagnosticSink, sources: Map<string, string>): ResolveInput {
  const read = opts.readFile ?? diskRead;
  const stdlib = opts.stdlibRoot ?? defaultStdlibRoot();
  const files = new Map<string, A.SourceFile>();
  const importTargets = new Map<A.ImportDecl, string>();
  const roots = paths.map((p) => path.resolve(p));

  const parseFile = (abs: string): A.SourceFile | undefined => {
    if (files.has(abs)) return files.get(abs);
    const text = read(abs);
    if (text === undefined) return undefined;
    sources.set(abs, text);
    const r = parse(text, abs);
    for (const d of r.diagnostics) sink.adopt(d);
    files.set(abs, r.ast);
    for (const imp of r.ast.imports) {
      const target = resolveSpecifier(imp.from, abs, stdlib);
      if (target === undefined || (!files.has(target) && read(target) === undefined)) {
        sink.error("E0204", imp.span, { path: imp.from }, {
          hints: target === undefined
            ? ["module paths are relative (`./token`, `../lib/math`) or name the standard library (`std/access`)"]
            // Shown relative to the working directory: short, and the same on every checkout.
            : [`no file at \`${path.relative(process.cwd(), target) || target}\``],
        });
        continue;
      }
      importTargets.set(imp, target);
      parseFile(target);
    }
    return r.ast;
  };

  for (const abs of roots) {
    if (parseFile(abs) === undefined) {
      sink.error("E9002", { file: abs, start: 0, end: 0 }, { path: abs, detail: "no such file or it cannot be read" });
    }
  }
  return { roots: roots.filter((r) => files.has(r)), files, importTargets };
}
