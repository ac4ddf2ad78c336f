import { describe, expect, test } from "vitest";
import { sha256 } from "@noble/hashes/sha2.js";
import { compileSource } from "./compile.js";
import { compileOne, onBothEngines } from "./compile-testkit.js";
import { PanicCode } from "../../stdlib/abi/index.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const panic = (code: number) => ({ status: "revert", error: expect.objectContaining({ kind: "panic", code }) });
const message = (m: string) => ({ status: "revert", error: { kind: "message", message: m } });

const TYPES = ["u8", "i8", "u16", "i32", "u32", "u64", "i64", "u128", "i128", "u256", "i256"];
function range(t: string) {
  const bits = BigInt(t.slice(1));
  return t[0] === "i" ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n, bits } : { min: 0n, max: (1n << bits) - 1n, bits };
}
const exact = (op: string, a: bigint, b: bigint) => (op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b);

describe("integer methods", () => {
  const src = `contract M {\n${TYPES.flatMap((t) => [
    ...["add", "sub", "mul"].flatMap((op) => [
      `  pub fn w_${op}_${t}(a: ${t}, b: ${t}) -> ${t} { return a.wrapping_${op}(b); }`,
      `  pub fn s_${op}_${t}(a: ${t}, b: ${t}) -> ${t} { return a.saturating_${op}(b); }`,
    ]),
    ...["add", "sub", "mul", "div"].map((op) =>
      `  pub fn v_${op}_${t}(a: ${t}, b: ${t}, d: ${t}) -> ${t} { return a.checked_${op}(b).unwrap_or(d); }`),
  ]).join("\n")}\n}`;
  const c = compileOne(src);
  test.each(TYPES)("%s on both engines", (t) => {
    const { min, max, bits } = range(t);
    const vals = [...new Set([0n, 1n, 2n, 3n, max, max - 1n, min, min + 1n, max / 2n, -1n, -7n, 12345n].filter((v) => v >= min && v <= max))];
    const wrap = (v: bigint) => (t[0] === "i" ? BigInt.asIntN(Number(bits), v) : BigInt.asUintN(Number(bits), v));
    const sat = (v: bigint) => (v < min ? min : v > max ? max : v);
    onBothEngines(c, eq, (s) => {
      s.deploy();
      for (const a of vals) for (const b of vals) {
        for (const op of ["add", "sub", "mul"]) {
          expect(s.call(`w_${op}_${t}`, [a, b]), `${a} w_${op} ${b}`).toMatchObject({ status: "ok", value: wrap(exact(op, a, b)) });
          expect(s.call(`s_${op}_${t}`, [a, b]), `${a} s_${op} ${b}`).toMatchObject({ status: "ok", value: sat(exact(op, a, b)) });
        }
        for (const op of ["add", "sub", "mul", "div"]) {
          const d = 5n;
          const r = op === "div" && b === 0n ? undefined : exact(op, a, b);
          const want = r === undefined || r < min || r > max ? d : r;
          expect(s.call(`v_${op}_${t}`, [a, b, d]), `${a} c_${op} ${b}`).toMatchObject({ status: "ok", value: want });
        }
      }
    });
  });
});

describe("tuples, structs, fixed arrays", () => {
  const c = compileOne(`
    struct Point { x: i32, y: i32, on: bool }
    struct Box { lo: Point, hi: Point, tag: u256 }
    fn area(b: Box) -> i64 { ((b.hi.x - b.lo.x) as i64) * ((b.hi.y - b.lo.y) as i64) }
    fn mk(x: i32, y: i32) -> Point { Point { y: y, x: x, on: true } }
    contract S {
      storage { origin: Point, boxes: Map<u32, Box>, count: u8 }
      pub fn swap(p: (u8, u64)) -> (u64, u8) { return (p.1, p.0); }
      pub fn make(x: i32, y: i32) -> Point { return mk(x, y); }
      pub fn area(b: Box) -> i64 { return area(b); }
      pub fn shift(p: Point, d: i32) -> Point {
        let mut q = p;
        q.x += d;
        q.on = !q.on;
        return q;
      }
      pub fn alias(p: Point) -> (Point, Point) {
        let a = p;
        let mut b = a;
        b.y = 99;
        return (a, b);
      }
      pub fn set_origin(p: Point) { self.origin = p; }
      pub fn move_origin(dx: i32) { self.origin.x += dx; }
      pub view fn origin() -> Point { return self.origin; }
      pub fn put(k: u32, b: Box) { self.boxes[k] = b; self.boxes[k].tag += 1; }
      pub view fn get(k: u32) -> Box { return self.boxes[k]; }
      pub view fn tag(k: u32) -> u256 { return self.boxes[k].tag; }
      pub fn arr(i: u32) -> u16 { let a: [u16; 4] = [10, 20, 30, 40]; return a[i]; }
      pub fn arr_set(a: [u16; 3], i: u64, v: u16) -> [u16; 3] { let mut b = a; b[i] = v; return b; }
      pub fn rep(v: u8) -> [u8; 5] { return [v; 5]; }
      pub fn alen(a: [bool; 7]) -> u32 { return a.len(); }
      pub fn same(a: Point, b: Point) -> bool { return a == b; }
      pub fn nested(a: [(u8, bool); 2]) -> bool { return a[1].1; }
    }`);
  const P = (x: bigint, y: bigint, on: boolean) => ({ x, y, on });
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("swap", [[7n, 9n]])).toMatchObject({ status: "ok", value: [9n, 7n] });
      expect(s.call("make", [3n, -4n])).toMatchObject({ status: "ok", value: P(3n, -4n, true) });
      const box = { lo: P(1n, 2n, false), hi: P(4n, 7n, true), tag: 1n << 200n };
      expect(s.call("area", [box])).toMatchObject({ status: "ok", value: 15n });
      expect(s.call("shift", [P(1n, 2n, true), 10n])).toMatchObject({ status: "ok", value: P(11n, 2n, false) });
      expect(s.call("shift", [P(2147483647n, 2n, true), 1n])).toMatchObject(panic(PanicCode.ArithmeticOverflow));
      expect(s.call("alias", [P(1n, 2n, true)])).toMatchObject({ status: "ok", value: [P(1n, 2n, true), P(1n, 99n, true)] });
      expect(s.call("origin").value).toEqual(P(0n, 0n, false));
      expect(s.call("set_origin", [P(5n, 6n, true)]).status).toBe("ok");
      expect(s.call("move_origin", [-8n]).status).toBe("ok");
      expect(s.call("origin").value).toEqual(P(-3n, 6n, true));
      expect(s.call("put", [3n, box]).status).toBe("ok");
      expect(s.call("get", [3n]).value).toEqual({ ...box, tag: box.tag + 1n });
      expect(s.call("tag", [3n]).value).toBe(box.tag + 1n);
      expect(s.call("get", [4n]).value).toEqual({ lo: P(0n, 0n, false), hi: P(0n, 0n, false), tag: 0n });
      expect(s.call("arr", [2n]).value).toBe(30n);
      expect(s.call("arr", [4n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("arr_set", [[1n, 2n, 3n], 1n, 9n]).value).toEqual([1n, 9n, 3n]);
      expect(s.call("arr_set", [[1n, 2n, 3n], 3n, 9n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("arr_set", [[1n, 2n, 3n], 1n << 40n, 9n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("rep", [6n]).value).toEqual([6n, 6n, 6n, 6n, 6n]);
      expect(s.call("alen", [[true, false, true, false, true, false, true]]).value).toBe(7n);
      expect(s.call("same", [P(1n, 2n, true), P(1n, 2n, true)]).value).toBe(true);
      expect(s.call("same", [P(1n, 2n, true), P(1n, 2n, false)]).value).toBe(false);
      expect(s.call("nested", [[[1n, false], [2n, true]]]).value).toBe(true);
      // Strict decoding reaches bools inside aggregates.
      const sel = s.abi.functions.get("nested")!.selector;
      expect(s.call("nested", [], { input: Uint8Array.from([...sel, 1, 0, 2, 2]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("nested", [], { input: Uint8Array.from([...sel, 1, 0, 2, 1]) }).value).toBe(true);
    });
  });
});

describe("bytes and string", () => {
  const c = compileOne(`
    contract B {
      event Named { #[indexed] name: string, note: bytes }
      error TooLong { s: string }
      storage { name: string, blobs: Map<string, bytes>, names: Vec<string> }
      pub fn add_name(n: string) { self.names.push(n); }
      pub view fn name_at(i: u32) -> string { return self.names[i]; }
      pub fn echo(s: string) -> string { return s; }
      pub fn len(b: bytes) -> u32 { return b.len(); }
      pub fn hello() -> string { return "héllo"; }
      pub fn raw() -> bytes { return hex"00ff10"; }
      pub fn is_hi(s: string) -> bool { return s == "hi" && !(s != "hi"); }
      pub fn h(b: bytes) -> bytes32 { return sha256(b); }
      pub fn set(n: string) { require(n.len() < 10, TooLong { s: n }); self.name = n; emit Named { name: n, note: hex"ab" }; }
      pub view fn name() -> string { return self.name; }
      pub fn put(k: string, v: bytes) { self.blobs[k] = v; }
      pub view fn blob(k: string) -> bytes { return self.blobs[k]; }
      pub fn two(a: string, n: u8, b: bytes) -> (u8, bool) { return (n, a.len() == b.len()); }
    }`);
  const enc = new TextEncoder();
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("echo", ["héllo wörld"]).value).toBe("héllo wörld");
      expect(s.call("echo", [""]).value).toBe("");
      expect(s.call("len", [Uint8Array.from([1, 2, 3])]).value).toBe(3n);
      expect(s.call("hello").value).toBe("héllo");
      expect(s.call("raw").value).toEqual(Uint8Array.from([0, 0xff, 0x10]));
      expect(s.call("is_hi", ["hi"]).value).toBe(true);
      expect(s.call("is_hi", ["ho"]).value).toBe(false);
      expect(s.call("is_hi", ["hii"]).value).toBe(false);
      expect(s.call("h", [enc.encode("abc")]).value).toEqual(sha256(enc.encode("abc")));
      expect(s.call("name").value).toBe("");
      const set = s.call("set", ["alice"]);
      expect(set.status).toBe("ok");
      expect(set.events).toEqual([{ name: "Named", values: { note: Uint8Array.from([0xab]) }, hashes: { name: expect.any(Uint8Array) } }]);
      expect((set.events[0] as { hashes: { name: Uint8Array } }).hashes.name).toEqual(sha256(Uint8Array.from([5, 0, 0, 0, ...enc.encode("alice")])));
      expect(s.call("name").value).toBe("alice");
      expect(s.call("set", ["much too long"])).toMatchObject({ status: "revert", error: { kind: "error", name: "TooLong", values: { s: "much too long" } } });
      expect(s.call("put", ["k", Uint8Array.from([9, 8, 7])]).status).toBe("ok");
      expect(s.call("blob", ["k"]).value).toEqual(Uint8Array.from([9, 8, 7]));
      expect(s.call("blob", ["kk"]).value).toEqual(new Uint8Array(0));
      expect(s.call("two", ["abc", 4n, Uint8Array.from([1, 2, 3])]).value).toEqual([4n, true]);
      expect(s.call("add_name", ["x"]).status).toBe("ok");
      expect(s.call("add_name", ["yz"]).status).toBe("ok");
      expect(s.call("name_at", [1n]).value).toBe("yz");
      expect(s.call("name_at", [2n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      const sel = s.abi.functions.get("echo")!.selector;
      const input = (...b: number[]) => Uint8Array.from([...sel, ...b]);
      expect(s.call("echo", [], { input: input(2, 0, 0, 0, 0x68, 0x69) }).value).toBe("hi");
      expect(s.call("echo", [], { input: input(2, 0, 0, 0, 0x68) })).toMatchObject(message("silk: bad input"));
      expect(s.call("echo", [], { input: input(1, 0, 0, 0, 0x68, 0x69) })).toMatchObject(message("silk: bad input"));
      expect(s.call("echo", [], { input: input(2, 0, 0, 0, 0xc0, 0x80) })).toMatchObject(message("silk: bad input"));
      expect(s.call("echo", [], { input: input(3, 0, 0, 0, 0xed, 0xa0, 0x80) })).toMatchObject(message("silk: bad input"));
      expect(s.call("echo", [], { input: input(0xff, 0xff, 0xff, 0xff, 0x68) })).toMatchObject(message("silk: bad input"));
      expect(s.call("echo", [], { input: input(0, 0) })).toMatchObject(message("silk: bad input"));
    });
  });
});

describe("vectors", () => {
  const c = compileOne(`
    struct Item { id: u16, ok: bool }
    contract V {
      storage { items: Vec<Item>, nums: Vec<u256> }
      pub fn sum(v: Vec<u64>) -> u64 { let mut s: u64 = 0; for x in v { s += x; } return s; }
      pub fn build(n: u32) -> Vec<u32> {
        let mut v: Vec<u32> = [];
        for i in 0..n { v.push(i * i); }
        return v;
      }
      pub fn lit() -> Vec<i8> { let v: Vec<i8> = [1, -2, 3]; return v; }
      pub fn at(v: Vec<Item>, i: u32) -> Item { return v[i]; }
      pub fn bump(v: Vec<u8>, i: u32) -> Vec<u8> { let mut w = v; w[i] += 1; return w; }
      pub fn pop2(v: Vec<u16>) -> (u16, u32, bool) {
        let mut w = v;
        let a = w.pop();
        let b = w.pop();
        return (a.unwrap_or(999), w.len(), b.is_some() && v.len() == 2);
      }
      pub fn same(a: Vec<u16>, b: Vec<u16>) -> bool { return a == b; }
      pub fn arr_sum(a: [u8; 4]) -> u32 { let mut s: u32 = 0; for x in a { s += x as u32; } return s; }
      pub fn byte(b: bytes, i: u32) -> u8 { return b[i]; }
      pub fn add(id: u16) { self.items.push(Item { id: id, ok: id % 2 == 0 }); self.nums.push(id as u256 * 1000); }
      pub fn flip(i: u32) { self.items[i].ok = !self.items[i].ok; }
      pub view fn count() -> u32 { return self.items.len(); }
      pub view fn item(i: u32) -> Item { return self.items[i]; }
      pub view fn num(i: u64) -> u256 { return self.nums[i]; }
      pub fn take() -> u256 { return self.nums.pop().unwrap_or(7); }
    }`);
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("sum", [[1n, 2n, 3n, 1n << 40n]]).value).toBe(6n + (1n << 40n));
      expect(s.call("sum", [[]]).value).toBe(0n);
      expect(s.call("sum", [[1n << 63n, 1n << 63n]])).toMatchObject(panic(PanicCode.ArithmeticOverflow));
      expect(s.call("build", [5n]).value).toEqual([0n, 1n, 4n, 9n, 16n]);
      expect(s.call("lit").value).toEqual([1n, -2n, 3n]);
      expect(s.call("at", [[{ id: 1n, ok: true }, { id: 2n, ok: false }], 1n]).value).toEqual({ id: 2n, ok: false });
      expect(s.call("at", [[{ id: 1n, ok: true }], 1n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("bump", [[1n, 2n], 1n]).value).toEqual([1n, 3n]);
      expect(s.call("bump", [[1n, 255n], 1n])).toMatchObject(panic(PanicCode.ArithmeticOverflow));
      expect(s.call("pop2", [[4n, 5n]]).value).toEqual([5n, 0n, true]);
      expect(s.call("pop2", [[]]).value).toEqual([999n, 0n, false]);
      expect(s.call("same", [[1n, 2n], [1n, 2n]]).value).toBe(true);
      expect(s.call("same", [[1n, 2n], [1n, 3n]]).value).toBe(false);
      expect(s.call("same", [[1n], [1n, 2n]]).value).toBe(false);
      expect(s.call("arr_sum", [[1n, 2n, 3n, 250n]]).value).toBe(256n);
      expect(s.call("byte", [Uint8Array.from([7, 8]), 1n]).value).toBe(8n);
      expect(s.call("byte", [Uint8Array.from([7, 8]), 2n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      // Strict decoding: a count past the end, a bad bool inside an item.
      const sel = s.abi.functions.get("at")!.selector;
      expect(s.call("at", [], { input: Uint8Array.from([...sel, 2, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("at", [], { input: Uint8Array.from([...sel, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("at", [], { input: Uint8Array.from([...sel, 1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0]) }).value).toEqual({ id: 1n, ok: true });
      // Storage vectors.
      expect(s.call("count").value).toBe(0n);
      expect(s.call("item", [0n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      for (const id of [10n, 11n, 12n]) expect(s.call("add", [id]).status).toBe("ok");
      expect(s.call("count").value).toBe(3n);
      expect(s.call("item", [1n]).value).toEqual({ id: 11n, ok: false });
      expect(s.call("flip", [1n]).status).toBe("ok");
      expect(s.call("item", [1n]).value).toEqual({ id: 11n, ok: true });
      expect(s.call("flip", [3n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("num", [2n]).value).toBe(12000n);
      expect(s.call("num", [1n << 33n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("take").value).toBe(12000n);
      expect(s.call("num", [2n])).toMatchObject(panic(PanicCode.IndexOutOfBounds));
      expect(s.call("take").value).toBe(11000n);
      expect(s.call("take").value).toBe(10000n);
      expect(s.call("take").value).toBe(7n);
    });
  });
});

describe("Option values", () => {
  const c = compileOne(`
    struct P { a: u8, b: bool }
    contract O {
      storage { last: Option<u256>, byKey: Map<u8, Option<P>> }
      event Got { v: Option<u32>, tail: u8 }
      pub fn add(a: u32, b: u32) -> Option<u32> { return a.checked_add(b); }
      pub fn div(a: i256, b: i256) -> Option<i256> { return a.checked_div(b); }
      pub fn some(x: bool) -> Option<P> { if x { return Some(P { a: 7, b: true }); } return None; }
      pub fn or(o: Option<u16>, d: u16) -> u16 { return o.unwrap_or(d); }
      pub fn flag(o: Option<P>) -> bool { return o.is_some(); }
      pub fn keep(v: Option<u256>) { self.last = v; emit Got { v: Some(5), tail: 9 }; }
      pub view fn last() -> Option<u256> { return self.last; }
      pub fn put(k: u8, p: Option<P>) { self.byKey[k] = p; }
      pub view fn at(k: u8) -> Option<P> { return self.byKey[k]; }
    }`);
  const NONE = { tag: "None" };
  const some = (value: unknown) => ({ tag: "Some", value });
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("add", [1n, 2n]).value).toEqual(some(3n));
      expect(s.call("add", [0xffff_ffffn, 1n]).value).toEqual(NONE);
      expect(s.call("div", [-(1n << 255n), -1n]).value).toEqual(NONE);
      expect(s.call("div", [-9n, 2n]).value).toEqual(some(-4n));
      expect(s.call("div", [1n, 0n]).value).toEqual(NONE);
      expect(s.call("some", [true]).value).toEqual(some({ a: 7n, b: true }));
      expect(s.call("some", [false]).value).toEqual(NONE);
      expect(s.call("or", [some(4n), 9n]).value).toBe(4n);
      expect(s.call("or", [NONE, 9n]).value).toBe(9n);
      expect(s.call("flag", [some({ a: 1n, b: false })]).value).toBe(true);
      expect(s.call("flag", [NONE]).value).toBe(false);
      const sel = s.abi.functions.get("flag")!.selector;
      expect(s.call("flag", [], { input: Uint8Array.from([...sel, 2]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("flag", [], { input: Uint8Array.from([...sel, 1, 1, 2]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("flag", [], { input: Uint8Array.from([...sel, 1, 1]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("flag", [], { input: Uint8Array.from([...sel, 0, 0]) })).toMatchObject(message("silk: bad input"));
      expect(s.call("last").value).toEqual(NONE);
      const k = s.call("keep", [some(1n << 100n)]);
      expect(k.events).toEqual([{ name: "Got", values: { v: some(5n), tail: 9n }, hashes: {} }]);
      expect(s.call("last").value).toEqual(some(1n << 100n));
      expect(s.call("keep", [NONE]).status).toBe("ok");
      expect(s.call("last").value).toEqual(NONE);
      expect(s.call("put", [3n, some({ a: 2n, b: true })]).status).toBe("ok");
      expect(s.call("at", [3n]).value).toEqual(some({ a: 2n, b: true }));
      expect(s.call("at", [4n]).value).toEqual(NONE);
      expect(s.call("put", [3n, NONE]).status).toBe("ok");
      expect(s.call("at", [3n]).value).toEqual(NONE);
    });
  });
});

test("what the back end once refused now compiles (compile-dynamic.test.ts runs such values)", () => {
  for (const src of [
    `contract V { pub fn f(v: Vec<string>) -> u32 { return v.len(); } }`,
    `contract V { pub fn f(a: u8) -> (u8, Option<u8>) { return (a, a.checked_add(1)); } }`,
    `struct S { name: string } contract V { pub fn f(s: S) -> u32 { return s.name.len(); } }`,
  ]) {
    const r = compileSource(src);
    expect(r.diagnostics.map((d) => d.code), src).toEqual([]);
  }
});

test("what is still unsupported reports E9003", () => {
  // Bool checks are unrolled per field; a struct of more than 4096 bools is refused.
  const src = `struct B { ${Array.from({ length: 4097 }, (_, i) => `b${i}: bool`).join(", ")} } contract V { pub fn f(b: B) -> bool { return b.b0; } }`;
  expect(compileSource(src).diagnostics.map((d) => d.code)).toEqual(["E9003"]);
});
