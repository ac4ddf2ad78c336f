// In-place element writes of unshared fixed arrays (unique.ts): the results must be those of
// copy-on-write value semantics, on both engines and at -O0 and -O3.
import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "../driver/compile-testkit.js";
import { PanicCode } from "../../stdlib/abi/index.js";

const src = `
fn sum4(a: [u32; 4]) -> u32 { return a[0] + a[1] + a[2] + a[3]; }
contract A {
  // Unique: written in place.
  pub fn inplace() -> u32 {
    let mut a: [u32; 4] = [0; 4];
    a[1] = 5;
    a[1] += 2;
    a[a[1] - 7] = 3;
    return a[0] * 100 + a[1];
  }
  // Aliased by \`let b = a\`: b keeps the old value.
  pub fn aliased() -> u32 {
    let mut a: [u32; 4] = [1, 2, 3, 4];
    let b = a;
    a[0] = 10;
    return b[0] * 100 + a[0];
  }
  // A \`let\` in a loop is a fresh zeroed array each time, even when its buffer is reused.
  pub fn loop_let() -> u32 {
    let mut s: u32 = 0;
    let mut i: u32 = 0;
    while i < 3 {
      let mut a: [u32; 4] = [0; 4];
      a[i] = i + 1;
      s += sum4(a);
      i += 1;
    }
    return s;
  }
  // Reassigning a literal refills.
  pub fn refill() -> u32 {
    let mut a: [u8; 4] = [1; 4];
    a[0] = 9;
    a = [7; 4];
    a[1] = 0;
    return (a[0] as u32) * 1000 + (a[1] as u32) * 100 + (a[2] as u32) * 10 + (a[3] as u32);
  }
  // Passed to a function (an alias): not written in place, same result.
  pub fn passed() -> u32 {
    let mut a: [u32; 4] = [0; 4];
    a[0] = 1;
    let s = sum4(a);
    a[1] = 2;
    return s * 100 + sum4(a);
  }
  // Iterated with \`for\`: the loop sees the value it started with.
  pub fn iterated() -> u32 {
    let mut a: [u32; 3] = [1, 2, 3];
    let mut s: u32 = 0;
    for x in a {
      a[2] = 100;
      s += x;
    }
    return s * 1000 + a[2];
  }
  pub fn out_of_range(i: u32) -> u32 {
    let mut a: [u32; 4] = [0; 4];
    a[i] = 1;
    return a[0];
  }
  pub fn bools() -> bool {
    let mut f: [bool; 3] = [false; 3];
    f[2] = true;
    return f[2] && !f[0];
  }
}`;

describe.each([0, 3])("unshared fixed arrays, -O%i", (optimize) => {
  const c = compileOne(src, { optimize });
  test("same results as copy-on-write", () => {
    onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
      s.deploy();
      const v = (f: string, args: bigint[] = []) => expect(s.call(f, args), f);
      v("inplace").toMatchObject({ status: "ok", value: 307n });
      v("aliased").toMatchObject({ status: "ok", value: 110n });
      v("loop_let").toMatchObject({ status: "ok", value: 6n });
      v("refill").toMatchObject({ status: "ok", value: 7077n });
      v("passed").toMatchObject({ status: "ok", value: 103n });
      v("iterated").toMatchObject({ status: "ok", value: 6100n });
      v("out_of_range", [3n]).toMatchObject({ status: "ok", value: 0n });
      v("out_of_range", [4n]).toMatchObject({ status: "revert", error: expect.objectContaining({ kind: "panic", code: PanicCode.IndexOutOfBounds }) });
      v("bools").toMatchObject({ status: "ok", value: true });
    });
  });
});
