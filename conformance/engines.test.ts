// DESIGN §5/§7: the `v8` engine (instrumented module on Node's WebAssembly) and the `interp`
// engine (reference interpreter of the original module) agree EXACTLY, through the contract-
// level VM, on generated modules and inputs: status, trap code, gas used, return data,
// events, storage writes (and transfers), for the deploy and for a few calls in a row.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { callsArb, fcParams, moduleArb } from "./gen/arbitrary.js";
import { ENGINES, runSession } from "./harness/vm.js";

const RUNS = 300;
/** Small limits end in out_of_gas mid-program; the large one lets most programs finish. */
const GAS = [3_000n, 40_000n, 400_000n, 2_000_000n, 4_000_000n];

describe("engine agreement (v8 vs interp)", () => {
  it("agree exactly on status, trap, gas used, return data, events and writes", () => {
    fc.assert(
      fc.property(moduleArb({}), callsArb(GAS), ({ gen }, calls) => {
        const v8 = runSession(ENGINES.v8, gen.bytes, calls);
        const interp = runSession(ENGINES.interp, gen.bytes, calls);
        // A generated module is valid, and no engine may fault on it.
        expect(v8.deploy.status).not.toBe("rejected");
        for (const r of [v8.deploy, ...v8.calls, interp.deploy, ...interp.calls]) expect(r.status).not.toMatch(/^fault/);
        expect(interp).toEqual(v8);
      }),
      fcParams(RUNS),
    );
  });

  it("agree on modules that may loop or recurse without bound (out_of_gas, stack_overflow)", () => {
    fc.assert(
      fc.property(moduleArb({ unbounded: true }), callsArb([50_000n, 1_000_000n], 1), ({ gen }, calls) => {
        const v8 = runSession(ENGINES.v8, gen.bytes, calls);
        const interp = runSession(ENGINES.interp, gen.bytes, calls);
        for (const r of [v8.deploy, ...v8.calls, interp.deploy, ...interp.calls]) expect(r.status).not.toMatch(/^fault/);
        expect(interp).toEqual(v8);
      }),
      fcParams(Math.round(RUNS / 2)),
    );
  });
});
