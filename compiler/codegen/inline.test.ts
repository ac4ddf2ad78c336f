// The inline checked arithmetic of codegen/inline.ts against a BigInt model: every operator
// `+ - * / %` on every integer type of at most 64 bits, on all pairs of edge values, at -O0 and
// -O3, on both engines — the result, or the revert with Panic 0x11 (overflow) / 0x12 (division
// by zero).
import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "../driver/compile-testkit.js";
import { PanicCode } from "../../stdlib/abi/index.js";

const TYPES = ["u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64"];
const OPS = { add: "+", sub: "-", mul: "*", div: "/", rem: "%" } as const;

function range(t: string) {
  const bits = BigInt(t.slice(1));
  return t[0] === "i" ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

function model(op: keyof typeof OPS, a: bigint, b: bigint, min: bigint, max: bigint): { value: bigint } | { panic: number } {
  if ((op === "div" || op === "rem") && b === 0n) return { panic: PanicCode.DivisionByZero };
  // BigInt division truncates toward zero and % takes the dividend's sign, as Silk's do.
  const r = op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : op === "div" ? a / b : a % b;
  return r < min || r > max ? { panic: PanicCode.ArithmeticOverflow } : { value: r };
}

const src = `contract C {\n${TYPES.flatMap((t) => Object.entries(OPS).map(([name, op]) =>
  `  pub fn ${name}_${t}(a: ${t}, b: ${t}) -> ${t} { return a ${op} b; }`)).join("\n")}\n}`;

describe.each([0, 3])("checked arithmetic ≤ 64 bits, -O%i", (optimize) => {
  const c = compileOne(src, { optimize });
  test.each(TYPES)("%s on both engines", (t) => {
    const { min, max } = range(t);
    const half = (max + 1n) / 2n;
    const vals = [...new Set([0n, 1n, 2n, 3n, 7n, max, max - 1n, min, min + 1n, half, half - 1n, half + 1n, -1n, -2n, -7n, 255n, 256n, 65535n, 65536n, 1n << 31n, (1n << 32n) - 1n, 1n << 32n]
      .filter((v) => v >= min && v <= max))];
    onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
      s.deploy();
      for (const a of vals) for (const b of vals) for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
        const want = model(op, a, b, min, max);
        const got = s.call(`${op}_${t}`, [a, b]);
        if ("value" in want) expect(got, `${a} ${op} ${b}`).toMatchObject({ status: "ok", value: want.value });
        else expect(got, `${a} ${op} ${b}`).toMatchObject({ status: "revert", error: expect.objectContaining({ kind: "panic", code: want.panic }) });
      }
    });
  });
});

// Casts between every pair of these types, on the edge values of the source type.
const castSrc = `contract K {\n${TYPES.flatMap((f) => TYPES.filter((t) => t !== f).map((t) =>
  `  pub fn ${f}_to_${t}(a: ${f}) -> ${t} { return a as ${t}; }`)).join("\n")}\n}`;

describe.each([0, 3])("checked casts ≤ 64 bits, -O%i", (optimize) => {
  const c = compileOne(castSrc, { optimize });
  test.each(TYPES)("from %s on both engines", (f) => {
    const { min, max } = range(f);
    const vals = [...new Set([0n, 1n, 127n, 128n, 255n, 256n, 32767n, 32768n, 65535n, 65536n, (1n << 31n) - 1n, 1n << 31n,
      (1n << 32n) - 1n, 1n << 32n, (1n << 63n) - 1n, -1n, -128n, -129n, -32768n, -32769n, -(1n << 31n), -(1n << 31n) - 1n, min, max]
      .filter((v) => v >= min && v <= max))];
    onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
      s.deploy();
      for (const t of TYPES.filter((x) => x !== f)) {
        const r = range(t);
        for (const v of vals) {
          const got = s.call(`${f}_to_${t}`, [v]);
          if (v >= r.min && v <= r.max) expect(got, `${v} as ${t}`).toMatchObject({ status: "ok", value: v });
          else expect(got, `${v} as ${t}`).toMatchObject({ status: "revert", error: expect.objectContaining({ kind: "panic", code: PanicCode.BadCast }) });
        }
      }
    });
  });
});
