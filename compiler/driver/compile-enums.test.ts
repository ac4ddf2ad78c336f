// Compile-and-run tests of user enums, `match`, `Option`/`Result` values, on both engines.

import { describe, expect, test } from "vitest";
import { compileOne, onBothEngines } from "./compile-testkit.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const panic = (code: number) => ({ status: "revert", error: expect.objectContaining({ kind: "panic", code }) });
const message = (m: string) => ({ status: "revert", error: { kind: "message", message: m } });

describe("enums and match", () => {
  const c = compileOne(`
    enum Color { Red, Green, Blue }
    enum Shape { Dot, Circle(u32), Rect { w: u16, h: u16 }, Big(u256, bool) }
    fn area(s: Shape) -> u256 {
      match s {
        Shape::Dot => 0,
        Shape::Circle(r) => (r as u256) * (r as u256) * 3,
        Shape::Rect { w, h } => (w as u256) * (h as u256),
        Shape::Big(x, flag) => if flag { x } else { 1 },
      }
    }
    contract E {
      storage { color: Color, shape: Shape, shapes: Map<u32, Shape>, last: Result<u64, u8> }
      pub fn next(c: Color) -> Color {
        match c { Color::Red => Color::Green, Color::Green => Color::Blue, _ => Color::Red }
      }
      pub fn code(c: Color) -> u8 {
        let mut n: u8 = 0;
        match c {
          Color::Red => { n = 10; }
          Color::Green => { n = 20; }
          Color::Blue => { n = 30; }
        }
        return n;
      }
      pub fn area_of(s: Shape) -> u256 { return area(s); }
      pub fn make(k: u8, x: u32) -> Shape {
        let s = if k == 0 { Shape::Dot } else if k == 1 { Shape::Circle(x) } else if k == 2 { Shape::Rect { h: 2, w: x as u16 } } else { Shape::Big(x as u256, true) };
        return s;
      }
      pub fn guarded(s: Shape) -> u8 {
        match s {
          Shape::Circle(r) if r > 100 => 1,
          Shape::Circle(0) => 2,
          Shape::Circle(_) => 3,
          Shape::Rect { w: 1, h } if h == 1 => 4,
          _ => 5,
        }
      }
      pub fn same(a: Shape, b: Shape) -> bool { return a == b; }
      pub fn set_color(c: Color) { self.color = c; }
      pub fn get_color() -> Color { return self.color; }
      pub fn set_shape(s: Shape) { self.shape = s; }
      pub fn get_shape() -> Shape { return self.shape; }
      pub fn put(k: u32, s: Shape) { self.shapes[k] = s; }
      pub fn area_at(k: u32) -> u256 { return area(self.shapes[k]); }
      pub fn div(a: u64, b: u64) -> Result<u64, u8> {
        if b == 0 { return Err(7); }
        return Ok(a / b);
      }
      pub fn div_or(a: u64, b: u64, d: u64) -> u64 {
        let r = self.div(a, b);
        self.last = r;
        match r { Ok(v) => v, Err(_) => d }
      }
      pub fn last_ok() -> bool { return self.last.is_ok(); }
      pub fn last_err() -> bool { return self.last.is_err(); }
      pub fn last() -> Result<u64, u8> { return self.last; }
      pub fn opt(o: Option<u32>) -> u32 { match o { Some(x) => x + 1, None => 0 } }
      pub fn tup(p: (u8, bool)) -> u8 { match p { (0, _) => 1, (_, true) => 2, (x, false) => x } }
    }`);

  test("unit enums, payload enums, match, guards, equality", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("next", [{ tag: "Red" }])).toMatchObject({ status: "ok", value: { tag: "Green" } });
      expect(s.call("next", [{ tag: "Blue" }])).toMatchObject({ status: "ok", value: { tag: "Red" } });
      expect(s.call("code", [{ tag: "Green" }])).toMatchObject({ status: "ok", value: 20n });
      expect(s.call("area_of", [{ tag: "Dot" }])).toMatchObject({ status: "ok", value: 0n });
      expect(s.call("area_of", [{ tag: "Circle", value: [10n] }])).toMatchObject({ status: "ok", value: 300n });
      expect(s.call("area_of", [{ tag: "Rect", value: { w: 6n, h: 7n } }])).toMatchObject({ status: "ok", value: 42n });
      expect(s.call("area_of", [{ tag: "Big", value: [1n << 200n, true] }])).toMatchObject({ status: "ok", value: 1n << 200n });
      expect(s.call("area_of", [{ tag: "Big", value: [5n, false] }])).toMatchObject({ status: "ok", value: 1n });
      expect(s.call("make", [0n, 9n])).toMatchObject({ status: "ok", value: { tag: "Dot" } });
      expect(s.call("make", [1n, 9n])).toMatchObject({ status: "ok", value: { tag: "Circle", value: [9n] } });
      expect(s.call("make", [2n, 9n])).toMatchObject({ status: "ok", value: { tag: "Rect", value: { w: 9n, h: 2n } } });
      expect(s.call("make", [3n, 9n])).toMatchObject({ status: "ok", value: { tag: "Big", value: [9n, true] } });
      const g = (v: unknown) => s.call("guarded", [v]).value;
      expect([g({ tag: "Circle", value: [101n] }), g({ tag: "Circle", value: [0n] }), g({ tag: "Circle", value: [5n] }),
        g({ tag: "Rect", value: { w: 1n, h: 1n } }), g({ tag: "Rect", value: { w: 1n, h: 2n } }), g({ tag: "Dot" })]).toEqual([1n, 2n, 3n, 4n, 5n, 5n]);
      expect(s.call("same", [{ tag: "Circle", value: [3n] }, { tag: "Circle", value: [3n] }]).value).toBe(true);
      expect(s.call("same", [{ tag: "Circle", value: [3n] }, { tag: "Circle", value: [4n] }]).value).toBe(false);
      expect(s.call("same", [{ tag: "Dot" }, { tag: "Dot" }]).value).toBe(true);
      expect(s.call("opt", [{ tag: "Some", value: 5n }]).value).toBe(6n);
      expect(s.call("opt", [{ tag: "None" }]).value).toBe(0n);
      expect(s.call("tup", [[0n, true]]).value).toBe(1n);
      expect(s.call("tup", [[3n, true]]).value).toBe(2n);
      expect(s.call("tup", [[3n, false]]).value).toBe(3n);
    });
  });

  test("storage, Result, ABI", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("get_color")).toMatchObject({ status: "ok", value: { tag: "Red" } });
      s.call("set_color", [{ tag: "Blue" }]);
      expect(s.call("get_color")).toMatchObject({ status: "ok", value: { tag: "Blue" } });
      expect(s.call("get_shape")).toMatchObject({ status: "ok", value: { tag: "Dot" } });
      s.call("set_shape", [{ tag: "Rect", value: { w: 3n, h: 4n } }]);
      expect(s.call("get_shape")).toMatchObject({ status: "ok", value: { tag: "Rect", value: { w: 3n, h: 4n } } });
      s.call("set_shape", [{ tag: "Circle", value: [2n] }]);
      expect(s.call("get_shape")).toMatchObject({ status: "ok", value: { tag: "Circle", value: [2n] } });
      s.call("put", [7n, { tag: "Big", value: [99n, true] }]);
      expect(s.call("area_at", [7n]).value).toBe(99n);
      expect(s.call("area_at", [8n]).value).toBe(0n);
      expect(s.call("div", [7n, 2n])).toMatchObject({ status: "ok", value: { tag: "Ok", value: 3n } });
      expect(s.call("div", [7n, 0n])).toMatchObject({ status: "ok", value: { tag: "Err", value: 7n } });
      expect(s.call("div_or", [9n, 0n, 42n]).value).toBe(42n);
      expect(s.call("last_err").value).toBe(true);
      expect(s.call("last")).toMatchObject({ value: { tag: "Err", value: 7n } });
      expect(s.call("div_or", [9n, 3n, 42n]).value).toBe(3n);
      expect(s.call("last_ok").value).toBe(true);
      expect(s.call("last")).toMatchObject({ value: { tag: "Ok", value: 3n } });
    });
  });

  test("strict decoding of enum arguments", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const sel = (fn: string) => {
        const f = s.abi.functions.get(fn)!;
        return f.selector;
      };
      const raw = (fn: string, bytes: number[]) => s.call(fn, [], { input: Uint8Array.from([...sel(fn), ...bytes]) });
      expect(raw("next", [3])).toMatchObject(message("silk: bad input"));
      expect(raw("next", [2])).toMatchObject({ status: "ok" });
      expect(raw("area_of", [4])).toMatchObject(message("silk: bad input"));
      expect(raw("area_of", [1, 1, 0, 0])).toMatchObject(message("silk: bad input"));
      expect(raw("area_of", [1, 1, 0, 0, 0])).toMatchObject({ status: "ok", value: 3n });
      expect(raw("area_of", [0, 0])).toMatchObject(message("silk: bad input"));
      expect(raw("area_of", [3, ...new Array(32).fill(0), 2])).toMatchObject(message("silk: bad input"));
      void panic;
    });
  });
});
