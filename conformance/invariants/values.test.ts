// The fuzzer's values: every ABI type the codec supports gets encodable edge values and
// encodable random values; combinations are capped by a diagonal.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abiTypeArb, propertyParams } from "../../stdlib/abi/arbitrary.js";
import { encode, type AbiValue } from "../../stdlib/abi/codec.js";
import type { AbiType } from "../../stdlib/abi/types.js";
import { combinations, edgeValues, ungeneratable, valueArb } from "./values.js";

const pool = { addresses: [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32)] };

describe("invariant and fuzz values", () => {
  it("edge values and random values of any generated type encode", () => {
    fc.assert(
      fc.property(abiTypeArb().chain((t) => fc.tuple(fc.constant(t), valueArb(t, pool))), ([t, v]) => {
        expect(() => encode(t, v)).not.toThrow();
        const edges = edgeValues(t, pool);
        expect(edges.length).toBeGreaterThan(0);
        for (const e of edges) expect(() => encode(t, e)).not.toThrow();
      }),
      propertyParams(200),
    );
  });

  it("integers, addresses and composites", () => {
    expect(edgeValues({ kind: "int", signed: false, bits: 8 }, pool)).toEqual([0n, 1n, 255n]);
    expect(edgeValues({ kind: "int", signed: true, bits: 16 }, pool)).toEqual([-32768n, -1n, 0n, 1n, 32767n]);
    expect(edgeValues({ kind: "address" }, pool)).toEqual(pool.addresses);
    const pair: AbiType = { kind: "struct", name: "P", fields: [{ name: "a", type: { kind: "bool" } }, { name: "b", type: { kind: "address" } }] };
    // A diagonal: the i-th value of each field together, as many as the longest list.
    expect(edgeValues(pair, pool)).toEqual([{ a: false, b: pool.addresses[0] }, { a: true, b: pool.addresses[1] }, { a: false, b: pool.addresses[2] }]);
    expect(edgeValues({ kind: "option", inner: { kind: "bool" } }, pool)).toEqual([{ tag: "None" }, { tag: "Some", value: false }, { tag: "Some", value: true }]);
  });

  it("recursive types stay finite", () => {
    const node = { kind: "struct", name: "Node", fields: [] as { name: string; type: AbiType }[] } as { kind: "struct"; name: string; fields: { name: string; type: AbiType }[] };
    node.fields.push({ name: "kids", type: { kind: "vec", elem: node } });
    const values = edgeValues(node, pool);
    for (const v of values) expect(() => encode(node, v)).not.toThrow();
    fc.assert(fc.property(valueArb(node, pool), (v: AbiValue) => {
      encode(node, v);
    }), { numRuns: 50 });
    expect(ungeneratable(node)).toBeUndefined();
    expect(ungeneratable({ kind: "vec", elem: { kind: "array", elem: { kind: "bool" }, len: 5000 } })).toContain("5000");
  });

  it("combinations: all of them up to the cap, else the diagonal", () => {
    expect(combinations([[1, 2], ["a", "b"]])).toEqual([[1, "a"], [1, "b"], [2, "a"], [2, "b"]]);
    expect(combinations([[1, 2, 3], ["a"]], 2)).toEqual([[1, "a"], [2, "a"], [3, "a"]]);
    expect(combinations([])).toEqual([[]]);
    expect(combinations([[1], []])).toEqual([]);
  });
});
