// `silk check` with the back end's verdict: after the front end, lower every contract of the
// given files (the IR step only — no binaryen, so `silk check` stays fast) and report a construct
// the back end cannot compile yet as E9003 at its span. Without this, a program could check clean
// and then fail in `silk compile`. Never throws, like checkFiles.

import { checkFiles, type CheckOptions, type CheckResult } from "./driver.js";
import { DiagnosticSink, sortDiagnostics } from "../diagnostics/sink.js";
import { lowerContract } from "../lower/translate.js";
import { lowerInvariants } from "../lower/invariants.js";
import { Unsupported } from "../lower/context.js";
import type { Span } from "../diagnostics/types.js";

export function checkWithBackEnd(paths: string[], opts: CheckOptions = {}): CheckResult {
  const checked = checkFiles(paths, opts);
  const program = checked.program;
  if (!program || checked.diagnostics.some((d) => d.severity === "error")) return checked;
  const sink = new DiagnosticSink();
  for (const d of checked.diagnostics) sink.adopt(d);
  for (const c of program.contracts) {
    // Only the contracts of the files named, as `silk compile` does.
    if (program.resolved.order.indexOf(c.info.sym.module) >= paths.length) continue;
    try {
      // As a test build, which lowers everything a normal build does and the invariants too, so
      // that `silk test` / `silk fuzz` cannot fail on a construct `silk check` passed.
      lowerContract(program, c, lowerInvariants);
    } catch (e) {
      reportBackEndError(sink, e, c.info.sym.decl.span, "lower");
    }
  }
  return { ...checked, diagnostics: sortDiagnostics(sink.diagnostics) };
}

/**
 * What the back end threw while compiling a contract: a construct it does not support yet is
 * E9003 at that construct; anything else is a compiler bug, E9001 at the contract.
 */
export function reportBackEndError(sink: DiagnosticSink, e: unknown, contractSpan: Span, pass: string): void {
  if (e instanceof Unsupported) {
    sink.error("E9003", e.span, { detail: e.what });
    return;
  }
  const detail = e instanceof Error ? `${e.message}${e.stack ? ` @ ${e.stack.split("\n")[1]?.trim() ?? ""}` : ""}` : String(e);
  sink.error("E9001", contractSpan, { pass, detail });
}
