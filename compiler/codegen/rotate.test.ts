// rotate.ts turns `(x << c) | (x >> (W − c))` into `rotl` after binaryen's optimiser: the results
// must not change (BigInt model, both engines, -O0 and -O3), and the rotates must be formed.
import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "../driver/compile-testkit.js";
import { compileSource } from "../driver/compile.js";

const src = `contract R {
  pub fn rot64(x: u64) -> u64 { return (x << 17) | (x >> 47); }
  pub fn rot64b(x: u64) -> u64 { return (x >> 47) | (x << 17); }
  pub fn rot32(x: u32) -> u32 { return (x << 5) | (x >> 27); }
  pub fn tee64(x: u64) -> u64 { let z = x.wrapping_mul(3); return (z << 13) | (z >> 51); }
  pub fn notrot(x: u64) -> u64 { return (x << 17) | (x >> 46); }
  pub fn signed(x: i64) -> i64 { return (x << 3) | (x >> 61); }
  pub fn small(x: u8) -> u8 { return (x << 3) | (x >> 5); }
}`;

const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, c: bigint, w: bigint) => ((x << c) | (x >> (w - c))) & ((1n << w) - 1n);
const XS = [0n, 1n, 0x8000000000000000n, M64, 0x243f6a8885a308d3n, 0x9e3779b97f4a7c15n];

describe.each([0, 3])("rotates, -O%i", (optimize) => {
  const c = compileOne(src, { optimize });
  test("same results", () => {
    onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
      s.deploy();
      for (const x of XS) {
        expect(s.call("rot64", [x]).value).toBe(rotl(x, 17n, 64n));
        expect(s.call("rot64b", [x]).value).toBe(rotl(x, 17n, 64n));
        expect(s.call("tee64", [x]).value).toBe(rotl((x * 3n) & M64, 13n, 64n));
        expect(s.call("notrot", [x]).value).toBe(((x << 17n) & M64) | (x >> 46n));
        const x32 = x & 0xffffffffn;
        expect(s.call("rot32", [x32]).value).toBe(rotl(x32, 5n, 32n));
        const xi = BigInt.asIntN(64, x);
        expect(s.call("signed", [xi]).value).toBe(BigInt.asIntN(64, (xi << 3n) | (xi >> 61n)));
        const x8 = x & 0xffn;
        expect(s.call("small", [x8]).value).toBe(((x8 << 3n) & 0xffn) | (x8 >> 5n));
      }
    });
  });
});

test("rotates are formed at -O3", () => {
  const wat = compileSource(src, { optimize: 3, wat: true }).contracts[0]!.wat!;
  expect(wat.split("i64.rotl").length - 1).toBe(3);
  expect(wat.split("i32.rotl").length - 1).toBe(1);
});
