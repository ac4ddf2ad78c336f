// The validator's entry point: spec validation (Wasm 2.0, spec §3) plus the deterministic
// VM's policy. Order matters for cost, not for the verdict: count-based limits first (they
// read only lengths), then module-level rules, then the function bodies, the only linear
// walk over the code.

import { ValidationError } from "../errors.js";
import type { WasmModule } from "../wasm/module.js";
import { buildContext, fail } from "./context.js";
import { BodyValidator } from "./func.js";
import { checkCountLimits } from "./limits.js";
import { checkExportsAndStart, checkGlobals, checkSegments, checkTablesAndMemories, checkTypesAndImports } from "./module-rules.js";
import { DEFAULT_POLICY, type Policy } from "./policy.js";

export interface ValidateOptions {
  policy?: Policy;
  /** Size of the module's binary, for the `limit.code-size` rule. */
  byteLength?: number;
}

/** Throws a ValidationError naming its rule at the first problem; returns if the module is accepted. */
export function validateModule(m: WasmModule, opts: ValidateOptions = {}): void {
  const policy = opts.policy ?? DEFAULT_POLICY;
  try {
    checkCountLimits(m, policy.limits, opts.byteLength);
    const ctx = buildContext(m, policy);
    checkTypesAndImports(ctx);
    checkTablesAndMemories(ctx);
    checkGlobals(ctx);
    checkExportsAndStart(ctx);
    checkSegments(ctx);
    const body = new BodyValidator(ctx);
    for (let i = 0; i < m.codes.length; i++) {
      const fidx = ctx.importedFuncs + i;
      body.validate(fidx, ctx.funcs[fidx], m.codes[i]);
    }
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    // A module object that does not even have the shape of WasmModule (a hand-built or
    // corrupted value, not something the decoder produces) must still be refused with the
    // typed error, never with a TypeError escaping into the node.
    fail("spec.malformed-structure", `module is structurally malformed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
