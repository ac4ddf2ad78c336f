// fast-check plumbing shared by the conformance properties: run counts (raised with
// SILK_PROPERTY_RUNS), replay of a reported failure (FC_SEED / FC_PATH), and the
// arbitraries of generated modules and of the calls made to them.

import fc from "fast-check";
import { generateModule, type Generated } from "./module.js";
import type { GenOptions } from "./ctx.js";

/**
 * Parameters of one property. `runs` is the CI default; SILK_PROPERTY_RUNS=n raises every
 * property to at least n runs. FC_SEED (and FC_PATH, as printed by a failing run) replay a
 * failure exactly: with FC_PATH only the counterexample on that path runs.
 */
export function fcParams<T>(runs: number): fc.Parameters<T> {
  const env = process.env;
  const raised = env.SILK_PROPERTY_RUNS === undefined ? 0 : Number(env.SILK_PROPERTY_RUNS);
  const params: fc.Parameters<T> = { numRuns: Math.max(runs, Number.isFinite(raised) ? raised : 0) };
  if (env.FC_SEED !== undefined && env.FC_SEED !== "") params.seed = Number(env.FC_SEED);
  if (env.FC_PATH !== undefined && env.FC_PATH !== "") params.path = env.FC_PATH;
  return params;
}

/**
 * The choice sequence a module is generated from. Longer sequences give bigger modules;
 * shrinking drops and lowers choices, which shrinks the module (gen/choices.ts).
 */
export function choicesArb(maxLength = 1500): fc.Arbitrary<number[]> {
  const choice = fc.integer({ min: 0, max: 0xffff });
  // Mostly long sequences (a short one gives a trivial program); a zero at the end of a
  // long sequence means what an exhausted stream means, so the floor does not stop shrinking.
  return fc.oneof(
    { arbitrary: fc.array(choice, { maxLength: 60 }), weight: 1 },
    { arbitrary: fc.array(choice, { minLength: 200, maxLength, size: "max" }), weight: 5 },
  );
}

/** A generated module, shown in failure reports by its choices and size (the bytes can be rebuilt). */
export interface GenCase {
  choices: number[];
  gen: Generated;
}

export function moduleArb(opts: Partial<GenOptions> = {}, maxLength?: number): fc.Arbitrary<GenCase> {
  return choicesArb(maxLength).map(
    (choices): GenCase => {
      const gen = generateModule(choices, opts);
      // Reports show the module's size and the replayable choices, not the whole module object.
      const show = () => `GenCase(${gen.bytes.length} bytes, unbounded=${gen.unbounded}, choices=[${choices.join(",")}])`;
      return Object.assign({ choices, gen }, { [fc.toStringMethod]: show });
    },
    (v) => (v as GenCase).choices,
  );
}

export interface CallSpec {
  input: Uint8Array;
  gas: bigint;
}

/** Inputs of a few calls in a row (state carries over between them). */
export function callsArb(gas: readonly bigint[], maxCalls = 3): fc.Arbitrary<CallSpec[]> {
  const call = fc.record({
    input: fc.uint8Array({ maxLength: 48 }),
    gas: fc.constantFrom(...gas),
  });
  return fc.array(call, { minLength: 1, maxLength: maxCalls });
}

/** Hex of bytes, for readable comparisons and reports. */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
