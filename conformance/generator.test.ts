// The generator itself: every module it makes is valid under the deterministic policy
// (our validator), compiles on V8 (an independent validator), and survives
// decode → encode unchanged; and over a sample it really exercises the features the
// engine properties rely on (a generator that silently stopped emitting, say,
// call_indirect would make those properties vacuous).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../vm/decode/decode.js";
import { encodeModule } from "../vm/encode/encode.js";
import { validateModule } from "../vm/validate/validate.js";
import { DEFAULT_POLICY } from "../vm/validate/policy.js";
import { opInfo } from "../vm/wasm/opcodes.js";
import { fcParams, moduleArb } from "./gen/arbitrary.js";
import { generateModule } from "./gen/module.js";

const RUNS = 150;

describe("module generator", () => {
  it("generates modules that validate under DEFAULT_POLICY, compile on V8 and round-trip", () => {
    fc.assert(
      fc.property(moduleArb({}), ({ gen }) => {
        validateModule(gen.module, { policy: DEFAULT_POLICY, byteLength: gen.bytes.length });
        new WebAssembly.Module(gen.bytes);
        expect(encodeModule(decodeModule(gen.bytes))).toEqual(gen.bytes);
      }),
      fcParams(RUNS),
    );
  });

  it("any choice sequence, even an empty or all-zero one, gives a valid module", () => {
    for (const xs of [[], new Array(50).fill(0), new Array(3000).fill(0xffff)]) {
      const g = generateModule(xs);
      validateModule(g.module, { byteLength: g.bytes.length });
      new WebAssembly.Module(g.bytes);
    }
  });

  it("covers the instruction families the engine properties rely on", () => {
    const seen = new Map<string, number>();
    const sample = fc.sample(moduleArb({}), { numRuns: 200, seed: 1 });
    let unbounded = 0;
    for (const { gen } of sample) {
      if (gen.unbounded) unbounded++;
      for (const code of gen.module.codes) {
        for (const ins of code.body) {
          const name = opInfo(ins.op)!.name;
          seen.set(name, (seen.get(name) ?? 0) + 1);
        }
      }
    }
    const required = [
      "block", "loop", "if", "else", "br", "br_if", "br_table", "return", "call", "call_indirect", "select",
      "i32.div_s", "i64.rem_u", "i32.extend8_s", "i64.extend32_s", "i32.wrap_i64", "i64.extend_i32_u",
      "i32.load8_s", "i64.load32_u", "i64.store16", "i32.store", "memory.grow", "memory.size",
      "memory.copy", "memory.fill", "memory.init", "data.drop", "table.init", "elem.drop", "table.copy",
      "global.set", "local.tee", "unreachable",
    ];
    for (const name of required) expect(seen.get(name) ?? 0, name).toBeGreaterThan(0);
    expect(unbounded).toBeGreaterThan(5);
    // Multi-value block types and the table exist in the sample.
    expect(sample.some(({ gen }) => gen.module.codes.some((c) => c.body.some((i) => (i.op === 0x02 || i.op === 0x03) && i.a! >= 0)))).toBe(true);
    expect(sample.some(({ gen }) => gen.module.elems.some((e) => e.init.some((x) => x[0]!.op === 0xd0)))).toBe(true);
  });
});
