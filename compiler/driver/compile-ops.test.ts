// Compile-and-run tests of operations the back end gained with dynamic values: shifts of and by
// 128/256-bit integers, `for` over 128/256-bit ranges, string literal patterns, tuple patterns
// in `let` and `for`, non-integer constants, 128/256-bit indices and `abi_encode` — on both
// engines, against BigInt models and the TS codec. Properties print their seed; replay with
// FC_SEED=<seed> [FC_PATH=<path>].

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines, type Session } from "./compile-testkit.js";
import { encodeTuple, type AbiType, type AbiValue } from "../../stdlib/abi/index.js";

const SEED = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const PATH = process.env.FC_PATH;
console.log(`compile-ops.test: FC_SEED=${SEED}`);
const fcOpts = (numRuns: number) => ({ seed: SEED, path: PATH, numRuns, endOnFailure: true });

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const ok = (value: unknown) => ({ status: "ok", value });

type Int = { signed: boolean; bits: number };
const name = (t: Int) => `${t.signed ? "i" : "u"}${t.bits}`;
const wrap = (t: Int, v: bigint) => (t.signed ? BigInt.asIntN(t.bits, v) : BigInt.asUintN(t.bits, v));
const intArb = (t: Int) => {
  const min = t.signed ? -(1n << BigInt(t.bits - 1)) : 0n;
  const max = t.signed ? (1n << BigInt(t.bits - 1)) - 1n : (1n << BigInt(t.bits)) - 1n;
  return fc.oneof(fc.bigInt({ min, max }), fc.constantFrom(min, max, 0n, 1n, -1n < min ? 0n : -1n));
};
/** Shift amounts biased to the width's edges, and far past it. */
const amountArb = (t: Int, bits: number) => {
  const max = (1n << BigInt(t.bits)) - 1n;
  const edges = [0n, 1n, BigInt(bits - 1), BigInt(bits), BigInt(bits + 1), 63n, 64n, 127n, 128n, 255n, 256n, 1n << 32n, (1n << 32n) + 3n, max].filter((x) => x <= max);
  const near = BigInt(bits) + 2n < max ? BigInt(bits) + 2n : max;
  return fc.oneof(fc.constantFrom(...edges), fc.bigInt({ min: 0n, max: near }), fc.bigInt({ min: 0n, max }));
};
function shiftModel(op: "<<" | ">>", t: Int, x: bigint, n: bigint): bigint {
  if (op === "<<") return n >= BigInt(t.bits) ? 0n : wrap(t, x << n);
  if (n >= BigInt(t.bits)) return x < 0n ? -1n : 0n;
  return x >> n; // BigInt >> is arithmetic; x is already in range
}

describe("shifts of and by 128/256-bit integers", () => {
  const VALUES: Int[] = [{ signed: false, bits: 128 }, { signed: true, bits: 128 }, { signed: false, bits: 256 }, { signed: true, bits: 256 }, { signed: false, bits: 32 }, { signed: true, bits: 64 }, { signed: false, bits: 8 }];
  const AMOUNTS: Int[] = [{ signed: false, bits: 8 }, { signed: false, bits: 64 }, { signed: false, bits: 128 }, { signed: false, bits: 256 }];
  const pairs = VALUES.flatMap((v) => AMOUNTS.filter((a) => v.bits > 64 || a.bits > 64).map((a) => [v, a] as const));
  const c = compileOne(`contract S {\n${pairs.map(([v, a]) => `
    pub fn shl_${name(v)}_${name(a)}(x: ${name(v)}, n: ${name(a)}) -> ${name(v)} { return x << n; }
    pub fn shr_${name(v)}_${name(a)}(x: ${name(v)}, n: ${name(a)}) -> ${name(v)} { let mut y = x; y >>= n; return y; }`).join("")}
    pub fn lit(x: u256) -> u256 { return x << (1 % 5); }
  }`);
  test.each(pairs.map(([v, a]) => [name(v), name(a), v, a] as const))("%s by %s agrees with BigInt", (_v, _a, v, a) => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      fc.assert(fc.property(intArb(v), amountArb(a, v.bits), (x, n) => {
        expect(s.call(`shl_${name(v)}_${name(a)}`, [x, n]), `${x} << ${n}`).toMatchObject(ok(shiftModel("<<", v, x, n)));
        expect(s.call(`shr_${name(v)}_${name(a)}`, [x, n]), `${x} >> ${n}`).toMatchObject(ok(shiftModel(">>", v, x, n)));
      }), fcOpts(40));
      expect(s.call("lit", [3n])).toMatchObject(ok(6n));
    });
  });
});

describe("for over 128/256-bit ranges", () => {
  const c = compileOne(`
    contract R {
      pub fn sum(a: u128, b: u128) -> u128 { let mut s: u128 = 0; for i in a..b { s += i; } return s; }
      pub fn sum_incl(a: i256, b: i256) -> i256 { let mut s: i256 = 0; for i in a..=b { s += i; } return s; }
      pub fn count_to_max(a: u256) -> u32 { let mut n: u32 = 0; for _i in a..=115792089237316195423570985008687907853269984665640564039457584007913129639935 { n += 1; } return n; }
      pub fn literal() -> u32 { let mut n: u32 = 0; for i in 0..(1 % 5) { n += 1; } for j in 3..(10 / 2) { n += 10; } return n; }
      pub fn keep(a: u256, b: u256) -> Vec<u256> { let mut v: Vec<u256> = []; for i in a..b { if i == a + 2 { continue; } if i == a + 5 { break; } v.push(i); } return v; }
    }`);
  test("sums, break/continue, bounds at MAX, literal-only ranges", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const big = 1n << 100n;
      fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 123n) }), fc.integer({ min: -3, max: 12 }), (a0, k) => {
        const a = a0 > 0n ? big + a0 : a0;
        const b = a + BigInt(k) < 0n ? 0n : a + BigInt(k);
        let sum = 0n;
        for (let i = a; i < b; i++) sum += i;
        expect(s.call("sum", [a, b])).toMatchObject(ok(sum));
      }), fcOpts(25));
      expect(s.call("sum_incl", [-3n, 3n])).toMatchObject(ok(0n));
      expect(s.call("sum_incl", [-(1n << 200n), -(1n << 200n) + 2n])).toMatchObject(ok(-(3n << 200n) + 3n));
      const max = (1n << 256n) - 1n;
      expect(s.call("count_to_max", [max - 4n])).toMatchObject(ok(5n));
      expect(s.call("literal")).toMatchObject(ok(21n));
      expect(s.call("keep", [big, big + 10n])).toMatchObject(ok([big, big + 1n, big + 3n, big + 4n]));
    });
  });
});

describe("patterns, constants and wide indices", () => {
  const c = compileOne(`
    const GREETING: string = "hello";
    const PAIR: (u8, bool) = (7, true);
    const TABLE: [u16; 3] = [10, 20, 30];
    contract P {
      pub fn word(s: string) -> u8 { return match s { "" => 9, "a" => 1, "héllo" => 2, "hello" => 3, _ => 0 }; }
      pub fn pick(o: Option<string>) -> u8 { match o { Some("x") => 1, Some(_) => 2, None => 3 } }
      pub fn split(t: (u8, (string, u16))) -> (u16, u32) { let (a, (s, b)) = t; return ((a as u16) + b, s.len()); }
      pub fn pairs(v: Vec<(u8, string)>) -> u32 { let mut n: u32 = 0; for (k, s) in v { n += (k as u32) * s.len(); } return n; }
      pub fn consts() -> (string, u8, bool, u16) { return (GREETING, PAIR.0, PAIR.1, TABLE[2]); }
      pub fn at(v: Vec<u8>, i: u256) -> u8 { return v[i]; }
      pub fn arr(i: u128) -> u16 { return TABLE[i]; }
    }`);
  test("string patterns, tuple patterns, constants, 256-bit indices", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      for (const [w, n] of [["", 9n], ["a", 1n], ["héllo", 2n], ["hello", 3n], ["hell", 0n], ["helloo", 0n], ["b", 0n]] as const) {
        expect(s.call("word", [w]), w).toMatchObject(ok(n));
      }
      expect(s.call("pick", [{ tag: "Some", value: "x" }])).toMatchObject(ok(1n));
      expect(s.call("pick", [{ tag: "Some", value: "y" }])).toMatchObject(ok(2n));
      expect(s.call("pick", [{ tag: "None" }])).toMatchObject(ok(3n));
      expect(s.call("split", [[3n, ["abcd", 4n]]])).toMatchObject(ok([7n, 4n]));
      expect(s.call("pairs", [[[2n, "ab"], [3n, "c"]]])).toMatchObject(ok(7n));
      expect(s.call("consts")).toMatchObject(ok(["hello", 7n, true, 30n]));
      expect(s.call("at", [[5n, 6n], 1n])).toMatchObject(ok(6n));
      for (const i of [2n, 1n << 32n, (1n << 32n) + 1n, 1n << 255n]) {
        expect(s.call("at", [[5n, 6n], i]).error, String(i)).toMatchObject({ kind: "panic", code: 0x32 });
      }
      expect(s.call("arr", [2n])).toMatchObject(ok(30n));
      expect(s.call("arr", [1n << 64n]).error).toMatchObject({ kind: "panic", code: 0x32 });
    });
  });
});

describe("abi_encode", () => {
  const c = compileOne(`
    struct Order { maker: address, amounts: Vec<u128>, note: Option<string> }
    enum Side { Buy(u64), Sell { min: i32, tags: Vec<string> } }
    contract E {
      pub fn one(x: u32) -> bytes { return abi_encode(x); }
      pub fn mixed(a: bool, s: string, o: Order, d: Side, t: (i8, bytes32)) -> bytes { return abi_encode(a, s, o, d, t); }
      pub fn none() -> bytes { return abi_encode(); }
      pub fn hash(o: Order) -> bytes32 { return sha256(abi_encode(o)); }
    }`);
  test("equals the TS codec's encoding of the arguments as a tuple", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const fnType = (fn: string): AbiType[] => s.abi.functions.get(fn)!.inputs.map((p) => p.type);
      expect(s.call("one", [0x01020304n])).toMatchObject(ok(Uint8Array.from([4, 3, 2, 1])));
      expect(s.call("none")).toMatchObject(ok(new Uint8Array(0)));
      const addrArb = fc.uint8Array({ minLength: 32, maxLength: 32 });
      const orderArb = fc.record({ maker: addrArb, amounts: fc.array(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), { maxLength: 4 }), note: fc.option(fc.string(), { nil: undefined }) })
        .map((o) => ({ ...o, note: o.note === undefined ? { tag: "None" } : { tag: "Some", value: o.note } }));
      const sideArb = fc.oneof(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((v) => ({ tag: "Buy", value: [v] })),
        fc.record({ min: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(BigInt), tags: fc.array(fc.string(), { maxLength: 3 }) }).map((value) => ({ tag: "Sell", value })),
      );
      fc.assert(fc.property(fc.boolean(), fc.string(), orderArb, sideArb, fc.tuple(fc.integer({ min: -128, max: 127 }).map(BigInt), addrArb), (a, str, o, d, t) => {
        const args = [a, str, o, d, t];
        expect(s.call("mixed", args)).toMatchObject(ok(encodeTuple(fnType("mixed"), args as AbiValue[])));
      }), fcOpts(30));
      return run(s);
    });
  });
});

function run(s: Session): unknown {
  return s.call("hash", [{ maker: new Uint8Array(32), amounts: [1n], note: { tag: "None" } }]);
}
