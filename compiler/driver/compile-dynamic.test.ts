// Compile-and-run tests of dynamically sized values inside other values — Vec and structs,
// tuples, arrays and Options holding bytes / string / Vec — and of tagged unions nested in
// encoded or stored values: in memory, across the ABI (params, returns, events, errors,
// external calls) and in storage, on both engines, decoded with the TS codec (stdlib/abi).

import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compileSource } from "./compile.js";
import { compileOne, ENGINES, onBothEngines, Session } from "./compile-testkit.js";
import { acrossEngines } from "../../vm/exec/testkit.js";
import { encode, encodeCall, type AbiValue } from "../../stdlib/abi/index.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const ok = (value: unknown) => ({ status: "ok", value });
const BAD_INPUT = { status: "revert", error: { kind: "message", message: "silk: bad input" } };
const some = (value: unknown) => ({ tag: "Some", value });
const NONE = { tag: "None" };
const addr = (b: number) => new Uint8Array(32).fill(b);

describe("structs, vectors and options holding strings, bytes and vectors", () => {
  const c = compileOne(`
    struct Item { name: string, tags: Vec<u32>, price: Option<u64>, blob: bytes }
    struct Pair { a: (string, Vec<bool>), b: [string; 2] }
    enum Shape { Empty, Named(string, u8), Poly { pts: Vec<(i32, i32)>, label: Option<string> } }
    enum Kind { A, B }
    contract D {
      event Flag { #[indexed] k: Kind, #[indexed] n: u8 }
      event Listed { #[indexed] who: address, #[indexed] item: Item, shape: Shape, names: Vec<string> }
      error Rejected { item: Item, why: Vec<string> }
      storage {
        items: Map<u32, Item>, last: Item, list: Vec<Item>, shapes: Map<u32, Shape>,
        tagged: Map<u32, Vec<string>>, opts: Vec<Option<address>>,
      }
      pub fn echo(i: Item) -> Item { return i; }
      pub fn pair(p: Pair) -> Pair { return p; }
      pub fn shape(s: Shape) -> Shape { return s; }
      pub fn strings(v: Vec<string>) -> Vec<string> { let mut w = v; w.push("end"); return w; }
      pub fn nested(v: Vec<Vec<u16>>) -> (u32, Vec<Vec<u16>>) {
        let mut w = v;
        w.push([7, 8]);
        w[0].push(99);
        return (w.len(), w);
      }
      pub fn build(n: u32) -> Vec<Item> {
        let mut out: Vec<Item> = [];
        for i in 0..n {
          let mut it = Item { name: "n", tags: [], price: None, blob: hex"ff" };
          for j in 0..i { it.tags.push(j); }
          if i % 2 == 1 { it.price = Some(i as u64); }
          out.push(it);
        }
        return out;
      }
      pub fn rename(i: Item, name: string) -> (Item, Item) { let mut j = i; j.name = name; return (i, j); }
      pub fn names(v: Vec<Item>) -> Vec<string> { let mut out: Vec<string> = []; for it in v { out.push(it.name); } return out; }
      pub fn same(a: Item, b: Item) -> bool { return a == b; }
      pub fn differ(a: Vec<Shape>, b: Vec<Shape>) -> bool { return a != b; }
      pub fn area(s: Shape) -> u32 {
        match s {
          Shape::Empty => 0,
          Shape::Named(n, k) => n.len() + (k as u32),
          Shape::Poly { pts, label: Some(l) } => pts.len() * 10 + l.len(),
          Shape::Poly { pts, label: None } => pts.len() * 10,
        }
      }
      pub fn put(k: u32, i: Item) { self.items[k] = i; self.last = i; self.list.push(i); }
      pub view fn get(k: u32) -> Item { return self.items[k]; }
      pub view fn last() -> Item { return self.last; }
      pub view fn at(i: u32) -> Item { return self.list[i]; }
      pub view fn all() -> Vec<Item> { return self.list; }
      pub view fn count() -> u32 { let mut n: u32 = 0; for it in self.list { n += it.tags.len(); } return n; }
      pub fn pop() -> Option<Item> { return self.list.pop(); }
      pub fn retag(i: u32, t: u32) { self.list[i].tags.push(t); self.last.tags.push(t); self.items[i].name = "re"; }
      pub fn replace(v: Vec<Item>) { self.list = v; }
      pub fn set_shape(k: u32, s: Shape) { self.shapes[k] = s; }
      pub view fn shape_at(k: u32) -> Shape { return self.shapes[k]; }
      pub fn tag(k: u32, s: string) -> u32 { self.tagged[k].push(s); return self.tagged[k].len(); }
      pub view fn tags(k: u32) -> Vec<string> { return self.tagged[k]; }
      pub fn untag(k: u32) { self.tagged.remove(k); }
      pub fn has_tags(k: u32) -> bool { return self.tagged.contains(k); }
      pub fn opt(a: Option<address>) -> u32 { self.opts.push(a); return self.opts.len(); }
      pub view fn opts() -> Vec<Option<address>> { return self.opts; }
      pub fn list(who: address, i: Item, s: Shape, names: Vec<string>) { emit Listed { who, item: i, shape: s, names }; }
      pub fn reject(i: Item) { revert Rejected { item: i, why: ["no", "never"] }; }
      pub fn flag() { emit Flag { k: Kind::B, n: 3 }; }
    }`);
  const item = { name: "hé", tags: [1n, 2n], price: some(5n), blob: Uint8Array.from([1, 2, 3]) };
  const empty = { name: "", tags: [], price: NONE, blob: new Uint8Array(0) };
  const poly = { tag: "Poly", value: { pts: [[1n, -2n], [3n, 4n]], label: some("tri") } };

  test("round trips across the ABI", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("echo", [item])).toMatchObject(ok(item));
      expect(s.call("echo", [empty])).toMatchObject(ok(empty));
      const p = { a: ["x", [true, false, true]], b: ["", "ü"] };
      expect(s.call("pair", [p])).toMatchObject(ok(p));
      for (const sh of [{ tag: "Empty" }, { tag: "Named", value: ["abc", 7n] }, poly, { tag: "Poly", value: { pts: [], label: NONE } }]) {
        expect(s.call("shape", [sh])).toMatchObject(ok(sh));
      }
      expect(s.call("strings", [["a", "", "ccc"]])).toMatchObject(ok(["a", "", "ccc", "end"]));
      expect(s.call("nested", [[[1n], []]])).toMatchObject(ok([3n, [[1n, 99n], [], [7n, 8n]]]));
      const built = s.call("build", [4n]).value as { tags: bigint[]; price: unknown }[];
      expect(built.map((x) => x.tags)).toEqual([[], [0n], [0n, 1n], [0n, 1n, 2n]]);
      expect(built.map((x) => x.price)).toEqual([NONE, some(1n), NONE, some(3n)]);
      expect(s.call("rename", [item, "new"])).toMatchObject(ok([item, { ...item, name: "new" }]));
      expect(s.call("names", [[item, empty, item]])).toMatchObject(ok(["hé", "", "hé"]));
      expect(s.call("same", [item, item])).toMatchObject(ok(true));
      expect(s.call("same", [item, { ...item, tags: [1n, 3n] }])).toMatchObject(ok(false));
      expect(s.call("same", [item, { ...item, price: NONE }])).toMatchObject(ok(false));
      expect(s.call("differ", [[poly], [poly]])).toMatchObject(ok(false));
      expect(s.call("differ", [[poly], [{ tag: "Empty" }]])).toMatchObject(ok(true));
      expect(s.call("area", [poly])).toMatchObject(ok(23n));
      expect(s.call("area", [{ tag: "Named", value: ["ab", 3n] }])).toMatchObject(ok(5n));
    });
  });

  test("storage: fields, map values, storage vectors of them", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("get", [1n])).toMatchObject(ok(empty));
      expect(s.call("last")).toMatchObject(ok(empty));
      expect(s.call("put", [1n, item]).status).toBe("ok");
      expect(s.call("put", [2n, empty]).status).toBe("ok");
      expect(s.call("get", [1n])).toMatchObject(ok(item));
      expect(s.call("last")).toMatchObject(ok(empty));
      expect(s.call("at", [0n])).toMatchObject(ok(item));
      expect(s.call("all")).toMatchObject(ok([item, empty]));
      expect(s.call("count")).toMatchObject(ok(2n));
      expect(s.call("retag", [0n, 9n]).status).toBe("ok");
      expect(s.call("at", [0n])).toMatchObject(ok({ ...item, tags: [1n, 2n, 9n] }));
      expect(s.call("last")).toMatchObject(ok({ ...empty, tags: [9n] }));
      expect(s.call("get", [0n])).toMatchObject(ok({ ...empty, name: "re" }));
      expect(s.call("pop")).toMatchObject(ok(some(empty)));
      expect(s.call("pop")).toMatchObject(ok(some({ ...item, tags: [1n, 2n, 9n] })));
      expect(s.call("pop")).toMatchObject(ok(NONE));
      expect(s.call("at", [0n]).error).toMatchObject({ kind: "panic", code: 0x32 });
      expect(s.call("replace", [[empty, item, empty]]).status).toBe("ok");
      expect(s.call("all")).toMatchObject(ok([empty, item, empty]));
      expect(s.call("replace", [[item]]).status).toBe("ok");
      expect(s.call("all")).toMatchObject(ok([item]));
      expect(s.call("shape_at", [5n])).toMatchObject(ok({ tag: "Empty" }));
      expect(s.call("set_shape", [5n, poly]).status).toBe("ok");
      expect(s.call("shape_at", [5n])).toMatchObject(ok(poly));
      expect(s.call("opt", [some(addr(3))])).toMatchObject(ok(1n));
      expect(s.call("opt", [NONE])).toMatchObject(ok(2n));
      expect(s.call("opts")).toMatchObject(ok([some(addr(3)), NONE]));
    });
  });

  test("storage layout: a struct value is its canonical encoding under the field key", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      s.call("put", [1n, item]);
      const key = Buffer.from(c.abi.storage.find((x) => x.name === "last")!.key.slice(2), "hex");
      const t = s.abi.functions.get("echo")!.inputs[0]!.type;
      const stored = s.w.state.getStorage(s.address, key);
      expect(stored).toEqual(encode(t, item as AbiValue));
      return { stored };
    });
  });

  test("remove of a map entry holding a Vec empties it (the Vec is stored whole)", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("tag", [1n, "a"])).toMatchObject(ok(1n));
      expect(s.call("tag", [1n, "bb"])).toMatchObject(ok(2n));
      expect(s.call("tags", [1n])).toMatchObject(ok(["a", "bb"]));
      expect(s.call("has_tags", [1n])).toMatchObject(ok(true));
      expect(s.call("untag", [1n]).status).toBe("ok");
      expect(s.call("has_tags", [1n])).toMatchObject(ok(false));
      expect(s.call("tags", [1n])).toMatchObject(ok([]));
      expect(s.call("tag", [1n, "c"])).toMatchObject(ok(1n));
    });
  });

  test("events and errors with dynamic and tagged fields", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const r = s.call("list", [addr(7), item, poly, ["x", "yz"]]);
      expect(r.status).toBe("ok");
      const ev = r.events[0] as { name: string; values: Record<string, unknown>; hashes: Record<string, Uint8Array> };
      expect(ev.name).toBe("Listed");
      expect(ev.values).toEqual({ who: addr(7), shape: poly, names: ["x", "yz"] });
      const itemType = s.abi.functions.get("echo")!.inputs[0]!.type;
      expect(Buffer.from(ev.hashes.item!).toString("hex")).toBe(Buffer.from(sha(encode(itemType, item as AbiValue))).toString("hex"));
      // An indexed unit-only enum is no word type: its topic is the hash of its encoding.
      expect(s.call("flag").events).toEqual([{ name: "Flag", values: { n: 3n }, hashes: { k: sha(Uint8Array.from([1])) } }]);
      expect(s.call("reject", [item])).toMatchObject({ status: "revert", error: { kind: "error", name: "Rejected", values: { item, why: ["no", "never"] } } });
    });
  });

  test("malformed inputs are refused, like the TS codec refuses them", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const good = encodeCall(s.abi, "echo", [item]);
      // Truncations and a trailing byte.
      for (let n = 4; n < good.length; n += 3) expect(s.call("echo", [], { input: good.slice(0, n) }), `cut ${n}`).toMatchObject(BAD_INPUT);
      expect(s.call("echo", [], { input: Uint8Array.from([...good, 0]) })).toMatchObject(BAD_INPUT);
      // The name's bytes are not UTF-8.
      const badUtf8 = good.slice();
      badUtf8[8] = 0xff;
      expect(s.call("echo", [], { input: badUtf8 })).toMatchObject(BAD_INPUT);
      // The Option tag (after name and tags) is 2.
      const opt = good.slice();
      const at = 4 + 4 + 3 + 4 + 8;
      expect(opt[at]).toBe(1);
      opt[at] = 2;
      expect(s.call("echo", [], { input: opt })).toMatchObject(BAD_INPUT);
      // A Vec count far past the input.
      const many = good.slice();
      many.set([0xff, 0xff, 0xff, 0x7f], 4 + 4 + 3);
      expect(s.call("echo", [], { input: many })).toMatchObject(BAD_INPUT);
      // A bool inside a Vec inside a tuple inside a struct.
      const p = encodeCall(s.abi, "pair", [{ a: ["x", [true]], b: ["", ""] }]);
      const bad = p.slice();
      bad[4 + 4 + 1 + 4] = 2;
      expect(s.call("pair", [], { input: bad })).toMatchObject(BAD_INPUT);
      // An enum tag past the variants, and a payload that is cut short.
      const sh = encodeCall(s.abi, "shape", [poly]);
      const tag = sh.slice();
      tag[4] = 3;
      expect(s.call("shape", [], { input: tag })).toMatchObject(BAD_INPUT);
      expect(s.call("shape", [], { input: sh.slice(0, sh.length - 1) })).toMatchObject(BAD_INPUT);
    });
  });
});

function sha(b: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha256").update(b).digest());
}

describe("memory vectors", () => {
  const c = compileOne(`
    contract V {
      pub fn pushes(n: u32) -> u32 { let mut v: Vec<u64> = []; for i in 0..n { v.push(i as u64); } return v.len(); }
      pub fn aliases() -> (Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>) {
        let mut v: Vec<u8> = [1];
        let a = v;
        v.push(2);
        let mut b = v;
        b.push(3);
        v.push(4);
        let mut c = v;
        let x = c.pop();
        c.push(5);
        v[0] = 9;
        return (a, b, c, v);
      }
      pub fn pop_all(v: Vec<string>) -> (Vec<string>, u32) {
        let mut w = v;
        let mut n: u32 = 0;
        while w.pop().is_some() { n += 1; }
        return (w, n);
      }
      // Ops: 0 push x, 1 pop, 2 v[x % len] = x, 3 keep a copy of v, 4 v = the kept copy x % n.
      pub fn run(ops: Vec<(u8, u16)>) -> (Vec<u16>, Vec<Vec<u16>>) {
        let mut v: Vec<u16> = [];
        let mut kept: Vec<Vec<u16>> = [];
        for (op, x) in ops {
          if op == 0 { v.push(x); }
          else if op == 1 { let _p = v.pop(); }
          else if op == 2 { if v.len() > 0 { v[(x as u32) % v.len()] = x; } }
          else if op == 3 { kept.push(v); }
          else if kept.len() > 0 { v = kept[(x as u32) % kept.len()]; }
        }
        return (v, kept);
      }
      pub fn keep(n: u32) -> Vec<Vec<u32>> {
        let mut v: Vec<u32> = [];
        let mut all: Vec<Vec<u32>> = [];
        for i in 0..n { v.push(i); all.push(v); }
        return all;
      }
    }`);
  test("value semantics: a push or write never shows through another name", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("aliases")).toMatchObject(ok([[1n], [1n, 2n, 3n], [1n, 2n, 5n], [9n, 2n, 4n]]));
      expect(s.call("pop_all", [["a", "b", "c"]])).toMatchObject(ok([[], 3n]));
      expect(s.call("keep", [4n])).toMatchObject(ok([[0n], [0n, 1n], [0n, 1n, 2n], [0n, 1n, 2n, 3n]]));
    });
  });
  test("random push / pop / write / copy sequences agree with a model of values", () => {
    const seed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
    console.log(`compile-dynamic.test (vec ops): FC_SEED=${seed}`);
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const opArb = fc.tuple(fc.constantFrom(0, 0, 0, 1, 2, 3, 4), fc.integer({ min: 0, max: 65535 }));
      fc.assert(fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        let v: number[] = [];
        const kept: number[][] = [];
        for (const [op, x] of ops) {
          if (op === 0) v = [...v, x];
          else if (op === 1) v = v.slice(0, -1);
          else if (op === 2) { if (v.length) { v = v.slice(); v[x % v.length] = x; } }
          else if (op === 3) kept.push(v);
          else if (kept.length) v = kept[x % kept.length]!;
        }
        const big = (a: number[]) => a.map(BigInt);
        expect(s.call("run", [ops.map(([o, x]) => [BigInt(o), BigInt(x)])])).toMatchObject(ok([big(v), kept.map(big)]));
      }), { seed, path: process.env.FC_PATH, numRuns: 60, endOnFailure: true });
    });
  });
  test("n pushes cost O(n) gas (amortized doubling)", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const g = (n: bigint) => { const r = s.call("pushes", [n]); expect(r).toMatchObject(ok(n)); return Number(r.gasUsed); };
      const base = g(0n);
      const g1 = g(2000n) - base, g2 = g(4000n) - base;
      // Copying on every push would make this ratio about 4.
      expect(g2 / g1).toBeLessThan(2.3);
      return g2 / g1;
    });
  });
});

describe("struct holding a Vec of itself", () => {
  const c = compileOne(`
    struct Node { v: u32, kids: Vec<Node> }
    contract T {
      storage { root: Node }
      fn total(n: Node) -> u32 { let mut s = n.v; for k in n.kids { s += self.total(k); } return s; }
      pub fn sum(n: Node) -> u32 { return self.total(n); }
      pub fn echo(n: Node) -> Node { return n; }
      pub fn store(n: Node) { self.root = n; }
      pub view fn load() -> Node { return self.root; }
      pub fn chain(d: u32) { let mut n = Node { v: 0, kids: [] }; for i in 0..d { n = Node { v: i, kids: [n] }; } self.root = n; }
      pub view fn depth() -> u32 { let mut n = self.root; let mut d: u32 = 0; while n.kids.len() > 0 { n = n.kids[0]; d += 1; } return d; }
    }`);
  const leaf = (v: bigint) => ({ v, kids: [] });
  const tree = { v: 1n, kids: [leaf(2n), { v: 3n, kids: [leaf(4n)] }] };
  const chain = (d: number): unknown => (d === 0 ? leaf(0n) : { v: 0n, kids: [chain(d - 1)] });
  test("round trips, storage, and the 128-level depth limit", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("sum", [tree])).toMatchObject(ok(10n));
      expect(s.call("echo", [tree])).toMatchObject(ok(tree));
      expect(s.call("store", [tree]).status).toBe("ok");
      expect(s.call("load")).toMatchObject(ok(tree));
      // A chain of d nodes nests 2d composites (struct, Vec); the codec allows depth < 128.
      expect(s.call("echo", [chain(63)]).status).toBe("ok");
      const deep = encodeCall(s.abi, "sum", [chain(63)]);
      // One more level, built by hand (the TS encoder refuses it too).
      const more = Uint8Array.from([...deep.slice(0, 4), 0, 0, 0, 0, 1, 0, 0, 0, ...deep.slice(4)]);
      expect(s.call("sum", [], { input: more })).toMatchObject(BAD_INPUT);
      // Storage holds what the contract built, however deep.
      expect(s.call("chain", [200n]).status).toBe("ok");
      expect(s.call("depth")).toMatchObject(ok(200n));
    });
  });
});

describe("external calls returning dynamic values", () => {
  const callee = compileOne(`
    struct Rec { name: string, vals: Vec<Option<u8>> }
    contract Callee {
      pub fn rec(n: u8) -> Rec { let mut r = Rec { name: "r", vals: [] }; for i in 0..n { r.vals.push(if i % 2 == 0 { Some(i) } else { None }); } return r; }
      // Return data the caller's interface reads as a Rec: good, or a bad Option tag, an extra
      // byte, a count past the end.
      pub fn tags(s: string, v: Vec<u8>) -> (string, Vec<u8>) { return (s, v); }
      pub fn extra(s: string, v: Vec<u8>) -> (string, Vec<u8>, u8) { return (s, v, 0); }
      pub fn cut(s: string, n: u32) -> (string, u32) { return (s, n); }
    }`);
  const caller = compileOne(`
    struct Rec { name: string, vals: Vec<Option<u8>> }
    interface ICallee {
      fn rec(n: u8) -> Rec;
      fn tags(s: string, v: Vec<u8>) -> Rec;
      fn extra(s: string, v: Vec<u8>) -> Rec;
      fn cut(s: string, n: u32) -> Rec;
    }
    contract Caller {
      pub fn get(c: address, n: u8) -> Rec { return ICallee(c).rec(n); }
      pub fn count(c: address, n: u8) -> u32 { let r = ICallee(c).rec(n); return r.vals.len(); }
      pub fn tags(c: address, v: Vec<u8>) -> u8 { match try ICallee(c).tags("t", v) { Ok(r) => r.vals.len() as u8, Err(_) => 255 } }
      pub fn extra(c: address, v: Vec<u8>) -> u8 { match try ICallee(c).extra("t", v) { Ok(r) => r.vals.len() as u8, Err(_) => 255 } }
      pub fn cut(c: address, n: u32) -> u8 { match try ICallee(c).cut("t", n) { Ok(r) => r.vals.len() as u8, Err(_) => 255 } }
      pub fn plain(c: address, v: Vec<u8>) -> u32 { return ICallee(c).tags("t", v).vals.len(); }
    }`);
  test("plain and try calls decode strictly", () => {
    acrossEngines(ENGINES, eq)((w) => {
      const t = new Session(w, callee);
      const c = new Session(w, caller);
      t.deploy();
      c.deploy();
      const rec = { name: "r", vals: [some(0n), NONE, some(2n)] };
      expect(c.call("get", [t.address, 3n])).toMatchObject(ok(rec));
      expect(c.call("count", [t.address, 5n])).toMatchObject(ok(5n));
      // Vec<u8> [0, 0] reads as [None, None]; a 7 is no Option tag; [1] is a cut-off Some.
      expect(c.call("tags", [t.address, [0n, 0n]])).toMatchObject(ok(2n));
      expect(c.call("tags", [t.address, [0n, 7n]])).toMatchObject(ok(255n));
      expect(c.call("tags", [t.address, [1n]])).toMatchObject(ok(255n));
      expect(c.call("extra", [t.address, [0n]])).toMatchObject(ok(255n));
      expect(c.call("cut", [t.address, 0n])).toMatchObject(ok(0n));
      expect(c.call("cut", [t.address, 1n])).toMatchObject(ok(255n));
      expect(c.call("plain", [t.address, [0n, 0n]])).toMatchObject(ok(2n));
      expect(c.call("plain", [t.address, [2n]])).toMatchObject({ status: "revert", error: { kind: "message", message: "silk: bad return data" } });
      return { ok: true };
    });
  });
});

test("remove of an entry whose value is a map is refused by the front end (E0338)", () => {
  const r = compileSource(`contract M { storage { a: Map<address, Map<address, u256>> } pub fn f(o: address) { self.a.remove(o); } }`);
  expect(r.diagnostics.map((d) => d.code)).toEqual(["E0338"]);
});

test("long bool arrays are checked by a loop, also inside Vec items", () => {
  const c = compileOne(`contract B {
    pub fn count(b: [bool; 40]) -> u32 { let mut n: u32 = 0; for x in b { if x { n += 1; } } return n; }
    pub fn rows(v: Vec<(u8, [bool; 20])>) -> u32 { let mut n: u32 = 0; for r in v { for x in r.1 { if x { n += 1; } } } return n; }
  }`);
  onBothEngines(c, eq, (s) => {
    s.deploy();
    const bits = Array.from({ length: 40 }, (_, i) => i % 3 === 0);
    expect(s.call("count", [bits])).toMatchObject(ok(14n));
    const input = encodeCall(s.abi, "count", [bits]);
    input[4 + 30] = 2;
    expect(s.call("count", [], { input })).toMatchObject(BAD_INPUT);
    const rows = [[1n, Array.from({ length: 20 }, () => true)], [2n, Array.from({ length: 20 }, (_, i) => i === 19)]];
    expect(s.call("rows", [rows])).toMatchObject(ok(21n));
    const bad = encodeCall(s.abi, "rows", [rows]);
    bad[4 + 4 + 21 + 1 + 19] = 7;
    expect(s.call("rows", [], { input: bad })).toMatchObject(BAD_INPUT);
  });
});

test("Vecs of zero-size items hold at most 65,536 (as the TS codec decodes them)", () => {
  const c = compileOne(`contract Z {
    pub fn a(v: Vec<[u8; 0]>) -> u32 { return v.len(); }
    pub fn u(v: Vec<()>) -> (u32, Vec<()>) { let mut w = v; w.push(()); return (w.len(), w); }
  }`);
  onBothEngines(c, eq, (s) => {
    s.deploy();
    const count = (fn: string, n: number) => {
      const input = encodeCall(s.abi, fn, [[]]);
      new DataView(input.buffer).setUint32(4, n, true);
      return s.call(fn, [], { input });
    };
    expect(count("a", 65536)).toMatchObject(ok(65536n));
    expect(count("a", 65537)).toMatchObject(BAD_INPUT);
    expect(count("u", 3)).toMatchObject(ok([4n, [[], [], [], []]]));
    expect(count("u", 65537)).toMatchObject(BAD_INPUT);
  });
});
