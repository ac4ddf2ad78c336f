// DESIGN §5/§7, gas limits. For a call that needs G gas (its gas used with a large limit):
//  (c) every limit L < G ends in out_of_gas with gasUsed = L, no return data, no events and
//      no writes (the sampled limits always include 0 and G − 1);
//  (d) every limit L ≥ G gives exactly the same result and gas used (G, G + 1, random, huge).
// Both on both engines. Modules are generated without `gas_left`, whose value depends on the
// limit (so the program's path may too).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fcParams, moduleArb } from "./gen/arbitrary.js";
import { ENGINES, runOnce } from "./harness/vm.js";

const RUNS = 150;
const LARGE = 3_000_000n;

const counts = { cases: 0, skipped: 0, limits: 0 };

describe("gas limits", () => {
  it("below the need: out_of_gas consuming the whole limit, no effects; at or above: the same result", () => {
    fc.assert(
      fc.property(
        moduleArb({ gasLeft: false }),
        fc.uint8Array({ maxLength: 48 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 3, maxLength: 3 }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        ({ gen }, input, fractions, extra) => {
          const full = runOnce(ENGINES.v8, gen.bytes, input, LARGE);
          // Not a gas-bounded outcome under LARGE: nothing to bisect.
          if (full.status === "rejected" || (full.status === "trap" && full.trap === "out_of_gas")) {
            counts.skipped++;
            return;
          }
          counts.cases++;
          expect(runOnce(ENGINES.interp, gen.bytes, input, LARGE)).toEqual(full);
          const need = BigInt(full.gasUsed);
          const below = new Set<bigint>([0n, need - 1n, ...fractions.map((f) => BigInt(Math.floor(f * Number(need))))]);
          for (const limit of below) {
            if (limit < 0n) continue;
            for (const engine of [ENGINES.v8, ENGINES.interp]) {
              counts.limits++;
              const r = runOnce(engine, gen.bytes, input, limit);
              expect({ engine: engine.name, limit, ...r }).toEqual({
                engine: engine.name, limit, status: "trap", trap: "out_of_gas", gasUsed: limit.toString(),
                returnData: "", events: [], writes: [], transfers: [],
              });
            }
          }
          for (const limit of [need, need + 1n, need + extra, LARGE * 4n]) {
            for (const engine of [ENGINES.v8, ENGINES.interp]) {
              counts.limits++;
              expect({ engine: engine.name, limit, ...runOnce(engine, gen.bytes, input, limit) }).toEqual({ engine: engine.name, limit, ...full });
            }
          }
        },
      ),
      fcParams(RUNS),
    );
    console.log(`gas-limit property: ${counts.cases} cases, ${counts.limits} limits checked, ${counts.skipped} skipped (out of gas at ${LARGE})`);
    expect(counts.cases).toBeGreaterThan(counts.skipped);
  });
});
