// ranges.ts drops index and overflow checks that value ranges prove never fire. These programs
// sit at the edges of what it proves: every check that can fire must still fire (same result
// at -O0, where the analysis does not run, and at -O3), and the proven ones must go.
import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "../driver/compile-testkit.js";
import { compileSource } from "../driver/compile.js";
import { PanicCode } from "../../stdlib/abi/index.js";

const src = `
contract R {
  // Bounded by the loop condition and the require: no checks needed.
  pub fn bounded(n: u32) -> u32 {
    require(n <= 8);
    let mut a: [u32; 8] = [0; 8];
    let mut i: u32 = 0;
    while i < n { a[i] = i; i += 1; }
    let mut s: u32 = 0;
    i = 0;
    while i < n { s += a[i]; i += 1; }
    return s;
  }
  // No require: the index check must stay.
  pub fn unbounded(n: u32) -> u32 {
    let mut a: [u32; 8] = [0; 8];
    let mut i: u32 = 0;
    while i < n { a[i] = 1; i += 1; }
    return i;
  }
  // Off by one: i <= n reaches n = 8.
  pub fn off_by_one(n: u32) -> u32 {
    require(n <= 8);
    let mut a: [u32; 8] = [0; 8];
    let mut i: u32 = 0;
    while i <= n { a[i] = 1; i += 1; }
    return i;
  }
  // After the loop, i = 8: out of range.
  pub fn after_loop() -> u32 {
    let mut a: [u32; 8] = [0; 8];
    let mut i: u32 = 0;
    while i < 8 { i += 1; }
    return a[i];
  }
  // Each branch of an if.
  pub fn branches(i: u32) -> u32 {
    let a: [u32; 4] = [1, 2, 3, 4];
    if i < 4 { return a[i]; } else { return a[i - 4]; }
  }
  // Counting down past zero underflows.
  pub fn down(n: u32) -> u32 {
    let mut i = n;
    let mut s: u32 = 0;
    while i < 100 { s += i; i -= 1; }
    return s;
  }
  // u8 overflow in a loop whose condition does not bound it.
  pub fn u8_loop(start: u8) -> u8 {
    let mut x = start;
    let mut k: u32 = 0;
    while k < 10 { x += 1; k += 1; }
    return x;
  }
  // Nested loops with break; j walks down from i (insertion-sort shape).
  pub fn nested(n: u32) -> u32 {
    require(n <= 16);
    let mut a: [u32; 16] = [0; 16];
    let mut i: u32 = 1;
    while i < n {
      let mut j = i;
      while j > 0 {
        if a[j - 1] > 5 { break; }
        a[j] = a[j - 1] + 1;
        j -= 1;
      }
      i += 1;
    }
    return a[n >> 1];
  }
  // u16 multiplication bounded by the loop: exact, then checked at the end.
  pub fn mul16(n: u16) -> u16 {
    let mut i: u16 = 0;
    let mut p: u16 = 1;
    while i < n { p *= 2; i += 1; }
    return p;
  }
}`;

const ok = (value: bigint) => ({ status: "ok", value });
const panic = (code: number) => ({ status: "revert", error: expect.objectContaining({ kind: "panic", code }) });

describe.each([0, 2, 3])("range-proven checks, -O%i", (optimize) => {
  const c = compileOne(src, { optimize });
  test("checks that can fire still fire", () => {
    onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
      s.deploy();
      const v = (f: string, args: bigint[]) => expect(s.call(f, args), `${f}(${args})`);
      v("bounded", [8n]).toMatchObject(ok(28n));
      v("bounded", [0n]).toMatchObject(ok(0n));
      v("unbounded", [8n]).toMatchObject(ok(8n));
      v("unbounded", [9n]).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      v("off_by_one", [7n]).toMatchObject(ok(8n));
      v("off_by_one", [8n]).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      v("after_loop", []).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      v("branches", [3n]).toMatchObject(ok(4n));
      v("branches", [7n]).toMatchObject(ok(4n));
      v("branches", [8n]).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      v("down", [3n]).toMatchObject(panic(PanicCode.ArithmeticOverflow));
      v("down", [100n]).toMatchObject(ok(0n));
      v("u8_loop", [245n]).toMatchObject(ok(255n));
      v("u8_loop", [246n]).toMatchObject(panic(PanicCode.ArithmeticOverflow));
      v("nested", [16n]).toMatchObject(ok(1n));
      v("nested", [0n]).toMatchObject(ok(0n));
      v("mul16", [15n]).toMatchObject(ok(32768n));
      v("mul16", [16n]).toMatchObject(panic(PanicCode.ArithmeticOverflow));
    });
  });
});

test("the proven checks are gone at -O3", () => {
  // \`bounded\` alone: both loops are bounded by n ≤ 8, so no index check (Panic 0x32 = 50) is
  // left, and of the overflow checks (0x11 = 17) only that of \`s += a[i]\` (a loaded value).
  const one = src.replace(/\n  \/\/ No require[\s\S]*\n}$/, "\n}");
  const wat = (optimize: number) => compileSource(one, { optimize, wat: true }).contracts[0]!.wat!;
  const count = (w: string, s: string) => w.split(s).length - 1;
  expect(count(wat(0), "(i32.const 50)")).toBe(2);
  expect(count(wat(3), "(i32.const 50)")).toBe(0);
  expect(count(wat(3), "(i32.const 17)")).toBe(1);
});
