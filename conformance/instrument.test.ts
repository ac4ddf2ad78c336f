// DESIGN §7: instrumentation preserves the semantics of the original module. The metered
// module (v8 engine) and the ORIGINAL module on plain `new WebAssembly.Instance` — no
// metering at all — run against the same host stubs and must agree on everything but gas:
// outcome, host calls (arguments and bytes), final memory and globals. The reference
// interpreter, which runs the original module and only charges gas, must agree too.
// Runs that end in out_of_gas or the VM's stack limit are not comparable (the original has
// neither) and are skipped; the test checks that most runs were compared.

import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { fcParams, moduleArb } from "./gen/arbitrary.js";
import { runInstrumented, runPlain } from "./harness/plain.js";
import { ENGINES } from "./harness/vm.js";

const RUNS = 250;
/** Below the gas at which growing could pass the VM's page cap (which plain Wasm does not have). */
const GAS = 2_000_000n;

const counts = { compared: 0, skipped: 0 };

function check(gen: { module: Parameters<typeof runPlain>[0]; bytes: Uint8Array }, input: Uint8Array): void {
  const metered = runInstrumented(ENGINES.v8, gen.module, gen.bytes, input, GAS);
  const interp = runInstrumented(ENGINES.interp, gen.module, gen.bytes, input, GAS);
  expect(interp).toEqual(metered);
  if (metered.outcome === "trap:out_of_gas" || metered.outcome === "trap:stack_overflow") {
    counts.skipped++;
    return;
  }
  const plain = runPlain(gen.module, input);
  if (plain.outcome === "skip:v8-stack") {
    counts.skipped++;
    return;
  }
  counts.compared++;
  expect(plain).toEqual(metered);
}

describe("instrumentation preserves semantics", () => {
  afterAll(() => {
    console.log(`instrumentation property: ${counts.compared} runs compared, ${counts.skipped} skipped (out of gas / stack)`);
  });

  it("metered module (v8) = original module on plain WebAssembly = interpreter, except gas", () => {
    fc.assert(
      fc.property(moduleArb({}), fc.uint8Array({ maxLength: 48 }), ({ gen }, input) => check(gen, input)),
      fcParams(RUNS),
    );
    expect(counts.compared).toBeGreaterThan(counts.skipped);
  });

  it("same, for modules without host calls", () => {
    fc.assert(
      fc.property(moduleArb({ hostCalls: false }), ({ gen }) => check(gen, new Uint8Array(0))),
      fcParams(Math.round(RUNS / 2)),
    );
  });
});
