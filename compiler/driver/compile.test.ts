import { describe, expect, test } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileFiles, compileSource } from "./compile.js";
import { compileOne, onBothEngines } from "./compile-testkit.js";
import { decodeModule } from "../../vm/decode/decode.js";
import { validateModule } from "../../vm/validate/validate.js";
import { ALICE, addr } from "../../vm/exec/testkit.js";
import { loadAbi, PanicCode } from "../../stdlib/abi/index.js";

const eq = (a: unknown, b: unknown) => expect(a).toEqual(b);
const panic = (code: number) => ({ status: "revert", error: expect.objectContaining({ kind: "panic", code }) });
const message = (m: string) => ({ status: "revert", error: { kind: "message", message: m } });

// ── integers: every width, every checked operator, against bigint arithmetic ──────────────
const TYPES = ["u8", "i8", "u16", "u32", "i32", "u64", "i64", "u128", "i256", "u256"];
const OPS = { add: "+", sub: "-", mul: "*", div: "/", rem: "%" } as const;

function range(t: string) {
  const bits = BigInt(t.slice(1));
  return t[0] === "i" ? { min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n } : { min: 0n, max: (1n << bits) - 1n };
}

function expected(op: keyof typeof OPS, t: string, a: bigint, b: bigint): bigint | number {
  const { min, max } = range(t);
  if ((op === "div" || op === "rem") && b === 0n) return PanicCode.DivisionByZero;
  // BigInt division truncates toward zero, like Wasm and Silk.
  const r = op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : op === "div" ? a / b : a % b;
  return r < min || r > max ? PanicCode.ArithmeticOverflow : r;
}

describe("checked integer arithmetic", () => {
  const src = `contract Ints {\n${TYPES.flatMap((t) => Object.entries(OPS).map(([n, o]) =>
    `  pub fn ${n}_${t}(a: ${t}, b: ${t}) -> ${t} { return a ${o} b; }`)).join("\n")}\n}`;
  const c = compileOne(src);

  test.each(TYPES)("%s on both engines", (t) => {
    const { min, max } = range(t);
    const vals = [...new Set([0n, 1n, 2n, 3n, max, max - 1n, min, min + 1n, max / 2n, -1n, -7n, 12345n].filter((v) => v >= min && v <= max))];
    onBothEngines(c, eq, (s) => {
      s.deploy();
      for (const op of Object.keys(OPS) as (keyof typeof OPS)[]) {
        for (const a of vals) for (const b of vals) {
          const want = expected(op, t, a, b);
          const got = s.call(`${op}_${t}`, [a, b]);
          if (typeof want === "bigint") expect(got, `${a} ${op} ${b}`).toMatchObject({ status: "ok", value: want });
          else expect(got, `${a} ${op} ${b}`).toMatchObject(panic(want));
        }
      }
    });
  });
});

describe("casts, bit operations, comparisons", () => {
  const c = compileOne(`contract K {
    pub fn to_u8(x: u64) -> u8 { return x as u8; }
    pub fn to_i8(x: i64) -> i8 { return x as i8; }
    pub fn to_u64(x: i32) -> u64 { return x as u64; }
    pub fn wide(x: i64) -> u256 { return x as u256; }
    pub fn narrow(x: u256) -> u32 { return x as u32; }
    pub fn shifts(x: u8, n: u32) -> u8 { return x << n; }
    pub fn sar(x: i16, n: u8) -> i16 { return x >> n; }
    pub fn bits(a: u16, b: u16) -> u16 { return (a & b) | (a ^ b) ^ !b; }
    pub fn lt(a: i64, b: i64) -> bool { return a < b && !(a >= b) || a == b; }
    pub fn ge256(a: u256, b: u256) -> bool { return a >= b; }
    pub fn neg(a: i32) -> i32 { return -a; }
  }`);
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("to_u8", [255n])).toMatchObject({ status: "ok", value: 255n });
      expect(s.call("to_u8", [256n])).toMatchObject(panic(PanicCode.BadCast));
      expect(s.call("to_i8", [-128n])).toMatchObject({ status: "ok", value: -128n });
      expect(s.call("to_i8", [128n])).toMatchObject(panic(PanicCode.BadCast));
      expect(s.call("to_u64", [-1n])).toMatchObject(panic(PanicCode.BadCast));
      expect(s.call("to_u64", [7n])).toMatchObject({ status: "ok", value: 7n });
      expect(s.call("wide", [5n])).toMatchObject({ status: "ok", value: 5n });
      expect(s.call("wide", [-5n])).toMatchObject(panic(PanicCode.BadCast));
      expect(s.call("narrow", [0xffff_ffffn])).toMatchObject({ status: "ok", value: 0xffff_ffffn });
      expect(s.call("narrow", [1n << 32n])).toMatchObject(panic(PanicCode.BadCast));
      expect(s.call("shifts", [0x81n, 1n])).toMatchObject({ status: "ok", value: 0x02n });
      expect(s.call("shifts", [1n, 8n])).toMatchObject({ status: "ok", value: 0n });
      expect(s.call("shifts", [1n, 40n])).toMatchObject({ status: "ok", value: 0n });
      expect(s.call("sar", [-8n, 2n])).toMatchObject({ status: "ok", value: -2n });
      expect(s.call("sar", [-8n, 200n])).toMatchObject({ status: "ok", value: -1n });
      const a = 0x1234n, b = 0x0ff0n;
      expect(s.call("bits", [a, b])).toMatchObject({ status: "ok", value: ((a & b) | ((a ^ b) ^ (~b & 0xffffn))) });
      expect(s.call("lt", [-3n, 2n])).toMatchObject({ status: "ok", value: true });
      expect(s.call("lt", [2n, -3n])).toMatchObject({ status: "ok", value: false });
      expect(s.call("ge256", [1n << 200n, 1n << 199n])).toMatchObject({ status: "ok", value: true });
      expect(s.call("ge256", [3n, 4n])).toMatchObject({ status: "ok", value: false });
      expect(s.call("neg", [5n])).toMatchObject({ status: "ok", value: -5n });
      expect(s.call("neg", [-(1n << 31n)])).toMatchObject(panic(PanicCode.ArithmeticOverflow));
    });
  });
});

describe("locals, control flow and internal calls", () => {
  const c = compileOne(`
    fn square(x: u64) -> u64 { x * x }
    contract Flow {
      pub fn sum_to(n: u32) -> u64 {
        let mut s: u64 = 0;
        for i in 0..n { s += i as u64; }
        return s;
      }
      pub fn sum_incl(n: u8) -> u32 {
        let mut s: u32 = 0;
        for i in 250..=n { s += i as u32; }
        return s;
      }
      pub fn odd_sum_below(n: u32) -> u32 {
        let mut i: u32 = 0;
        let mut s: u32 = 0;
        while true {
          i += 1;
          if i >= n { break; }
          if i % 2 == 0 { continue; }
          s += i;
        }
        return s;
      }
      pub fn pick(c: bool, a: u16, b: u16) -> u16 {
        let r = if c { a } else { b };
        r
      }
      pub fn classify(x: i64) -> u8 {
        if x < 0 { return 0; } else if x == 0 { return 1; }
        return 2;
      }
      pub fn sq(x: u64) -> u64 { return square(x) + self.twice(x); }
      fn twice(x: u64) -> u64 { let mut y = x; y *= 2; return y; }
    }`);
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("sum_to", [10n])).toMatchObject({ status: "ok", value: 45n });
      expect(s.call("sum_to", [0n])).toMatchObject({ status: "ok", value: 0n });
      expect(s.call("sum_incl", [255n])).toMatchObject({ status: "ok", value: 250n + 251n + 252n + 253n + 254n + 255n });
      expect(s.call("odd_sum_below", [10n])).toMatchObject({ status: "ok", value: 1n + 3n + 5n + 7n + 9n });
      expect(s.call("pick", [true, 1n, 2n])).toMatchObject({ status: "ok", value: 1n });
      expect(s.call("pick", [false, 1n, 2n])).toMatchObject({ status: "ok", value: 2n });
      expect(s.call("classify", [-4n]).value).toBe(0n);
      expect(s.call("classify", [0n]).value).toBe(1n);
      expect(s.call("classify", [9n]).value).toBe(2n);
      expect(s.call("sq", [3n])).toMatchObject({ status: "ok", value: 15n });
      expect(s.call("sq", [1n << 33n])).toMatchObject(panic(PanicCode.ArithmeticOverflow));
    });
  });
});

describe("storage, errors, context, payable", () => {
  const c = compileOne(`
    contract Bank {
      storage {
        owner: address,
        count: u32,
        flag: bool,
        deposits: Map<address, u256>,
        grid: Map<u64, Map<bool, i16>>,
      }
      error NotOwner { who: address }
      error Empty;
      init() { self.owner = msg.sender; }
      pub payable fn deposit() -> u256 {
        self.deposits[msg.sender] += msg.value;
        self.count += 1;
        return self.deposits[msg.sender];
      }
      pub view fn deposited(who: address) -> u256 { return self.deposits[who]; }
      pub fn set(k: u64, b: bool, v: i16) { self.grid[k][b] = v; self.flag = b; }
      pub view fn get(k: u64, b: bool) -> i16 { return self.grid[k][b]; }
      pub view fn flag() -> bool { return self.flag; }
      pub view fn count() -> u32 { return self.count; }
      pub fn only_owner() -> address {
        require(msg.sender == self.owner, NotOwner { who: msg.sender });
        return self.owner;
      }
      pub fn must(x: u8) -> u8 { require(x > 0, "x must be positive"); return x; }
      pub fn check(x: u8) -> u8 { assert(x != 3); return x; }
      pub fn empty() { revert Empty; }
      pub fn ctx() -> (u64) { return block.height + block.time + chain.id; }
      pub fn me() -> address { return self.address; }
      pub fn origin() -> address { return tx.origin; }
      pub fn bal() -> u256 { return self.balance; }
      pub fn gas() -> bool { return gas.left() > 0; }
    }`);
  const BOB = addr(0xb0);
  test("on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.w.state.setBalance(BOB, 1000n);
      expect(s.deploy().status).toBe("ok");
      expect(s.call("deposit", [], { value: 70n })).toMatchObject({ status: "ok", value: 70n });
      expect(s.call("deposit", [], { value: 30n })).toMatchObject({ status: "ok", value: 100n });
      expect(s.call("deposited", [ALICE]).value).toBe(100n);
      expect(s.call("deposited", [BOB]).value).toBe(0n);
      expect(s.call("count").value).toBe(2n);
      expect(s.call("bal").value).toBe(100n);
      expect(s.call("set", [7n, true, -300n], { value: 1n })).toMatchObject(message("silk: not payable"));
      expect(s.call("set", [7n, true, -300n]).status).toBe("ok");
      expect(s.call("get", [7n, true]).value).toBe(-300n);
      expect(s.call("get", [7n, false]).value).toBe(0n);
      expect(s.call("flag").value).toBe(true);
      expect(s.call("only_owner").value).toEqual(ALICE);
      expect(s.call("only_owner", [], { from: BOB })).toMatchObject({ status: "revert", error: { kind: "error", name: "NotOwner", values: { who: BOB } } });
      expect(s.call("must", [0n])).toMatchObject(message("x must be positive"));
      expect(s.call("must", [4n]).value).toBe(4n);
      expect(s.call("check", [3n])).toMatchObject(panic(PanicCode.AssertFailed));
      expect(s.call("empty")).toMatchObject({ status: "revert", error: { kind: "error", name: "Empty" } });
      expect(s.call("ctx").value).toBe(42n + 1_700_000_000n + 7n);
      expect(s.call("me").value).toEqual(s.address);
      expect(s.call("origin", [], { from: BOB }).value).toEqual(BOB);
      expect(s.call("gas").value).toBe(true);
    });
  });

  test("strict input decoding on both engines", () => {
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const good = s.abi.functions.get("get")!;
      const input = (...b: number[]) => Uint8Array.from([...good.selector, ...b]);
      expect(s.call("get", [], { input: input(1, 0, 0, 0, 0, 0, 0, 0, 1) }).status).toBe("ok");
      expect(s.call("get", [], { input: input(1, 0, 0, 0, 0, 0, 0, 0, 2) })).toMatchObject(message("silk: bad input"));
      expect(s.call("get", [], { input: input(1, 0, 0, 0, 0, 0, 0, 0) })).toMatchObject(message("silk: bad input"));
      expect(s.call("get", [], { input: input(1, 0, 0, 0, 0, 0, 0, 0, 1, 0) })).toMatchObject(message("silk: bad input"));
      expect(s.call("get", [], { input: Uint8Array.from([1, 2, 3, 4]) })).toMatchObject(message("silk: unknown selector"));
      expect(s.call("get", [], { input: Uint8Array.from([1, 2]) })).toMatchObject(message("silk: unknown selector"));
    });
  });
});

describe("memory exhaustion", () => {
  test("an allocation past the VM's memory cap reverts with Panic(0x41), on both engines", () => {
    const c = compileOne(`contract O {
      pub fn small() -> u8 { let a: [u8; 1000] = [7; 1000]; return a[999]; }
      pub fn huge() -> u8 { let a: [u8; 20000000] = [7; 20000000]; return a[5]; }
    }`);
    onBothEngines(c, eq, (s) => {
      s.deploy();
      expect(s.call("small")).toMatchObject({ status: "ok", value: 7n });
      expect(s.call("huge")).toMatchObject({ status: "revert", error: { kind: "panic", code: PanicCode.OutOfMemory } });
    });
  });
});

describe("events and errors declared at module level", () => {
  test("are in the ABI when the contract emits or reverts with them, and decode", () => {
    const c = compileOne(`
      /// Logged by any contract of the module.
      event Pinged { #[indexed] who: address, n: u64 }
      error TooBig { n: u64, max: u64 }
      event Unused { n: u64 }
      fn check(n: u64) { require(n <= 10, TooBig { n, max: 10 }); }
      contract M {
        event Own { n: u64 }
        pub fn ping(n: u64) { check(n); emit Pinged { who: msg.sender, n }; emit Own { n }; }
      }`);
    expect(c.abi.events.map((e) => e.name)).toEqual(["Own", "Pinged"]);
    expect(c.abi.events[1]!.docs).toBe("Logged by any contract of the module.");
    expect(c.abi.errors.map((e) => e.name)).toEqual(["TooBig"]);
    onBothEngines(c, eq, (s) => {
      s.deploy();
      const ok = s.call("ping", [3n]);
      expect(ok.status).toBe("ok");
      expect(ok.events).toMatchObject([{ name: "Pinged", values: { n: 3n } }, { name: "Own", values: { n: 3n } }]);
      expect(s.call("ping", [11n]).error).toMatchObject({ kind: "error", name: "TooBig", values: { n: 11n, max: 10n } });
    });
  });
});

describe("examples/token.silk", () => {
  const path = fileURLToPath(new URL("../../examples/token.silk", import.meta.url));
  const r = compileFiles([path]);
  test("compiles", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
  const token = r.contracts[0]!;
  const BOB = addr(0xb0), CAROL = addr(0xca);
  test("deploy, transfer, balance_of, allowances, events and errors on both engines", () => {
    onBothEngines(token, eq, (s) => {
      const d = s.deploy([1000n]);
      expect(d.status).toBe("ok");
      expect(d.events).toEqual([{ name: "Transfer", values: { from: new Uint8Array(32), to: ALICE, amount: 1000n }, hashes: {} }]);
      const t = s.call("transfer", [BOB, 10n]);
      expect(t).toMatchObject({ status: "ok", value: true });
      expect(t.events).toEqual([{ name: "Transfer", values: { from: ALICE, to: BOB, amount: 10n }, hashes: {} }]);
      expect(s.call("balance_of", [ALICE]).value).toBe(990n);
      expect(s.call("balance_of", [BOB]).value).toBe(10n);
      expect(s.call("balance_of", [CAROL]).value).toBe(0n);
      const bad = s.call("transfer", [CAROL, 11n], { from: BOB });
      expect(bad).toMatchObject({ status: "revert", error: { kind: "error", name: "InsufficientBalance", values: { have: 10n, need: 11n } }, events: [] });
      expect(s.call("balance_of", [BOB]).value).toBe(10n);
      expect(s.call("approve", [BOB, 100n]).events).toEqual([{ name: "Approval", values: { owner: ALICE, spender: BOB, amount: 100n }, hashes: {} }]);
      expect(s.call("allowance", [ALICE, BOB]).value).toBe(100n);
      expect(s.call("transfer_from", [ALICE, CAROL, 101n], { from: BOB })).toMatchObject({ status: "revert", error: { name: "InsufficientAllowance", values: { have: 100n, need: 101n } } });
      expect(s.call("transfer_from", [ALICE, CAROL, 60n], { from: BOB })).toMatchObject({ status: "ok", value: true });
      expect(s.call("allowance", [ALICE, BOB]).value).toBe(40n);
      expect(s.call("balance_of", [CAROL]).value).toBe(60n);
      expect(s.call("total_supply").value).toBe(1000n);
      expect(s.call("transfer", [BOB, 1n], { value: 5n })).toMatchObject(message("silk: not payable"));
    });
  });

  test("abi.json loads and describes the contract", () => {
    const abi = loadAbi(JSON.stringify(token.abi));
    expect(token.abi.functions.find((f) => f.name === "transfer")).toMatchObject({ selector: "0x63252e1a", view: false, payable: false, docs: "Moves `amount` from the caller to `to`." });
    expect(token.abi.docs).toBe("A fungible token with allowances.");
    expect(token.abi.init).toEqual({ inputs: [{ name: "supply", type: "u256" }], payable: false, docs: "Mints the whole supply to the deployer." });
    expect(abi.functions.get("balance_of")!.view).toBe(true);
    expect(token.abi.storage.map((s) => [s.name, s.slot, s.type])).toEqual([
      ["supply", 0, "u256"], ["balances", 1, "Map<address,u256>"], ["allowances", 2, "Map<address,Map<address,u256>>"],
    ]);
    expect(token.abi.codeHash).toMatch(/^0x[0-9a-f]{64}$/);
  });
});

describe("builds", () => {
  const src = readFileSync(fileURLToPath(new URL("../../examples/token.silk", import.meta.url)), "utf8");
  test("every optimisation level passes the VM validator and is deterministic", () => {
    for (const O of [0, 1, 2, 3]) {
      const a = compileOne(src, { optimize: O }), b = compileOne(src, { optimize: O });
      expect(Buffer.from(a.wasm).equals(Buffer.from(b.wasm))).toBe(true);
      expect(a.abi).toEqual(b.abi);
      expect(() => validateModule(decodeModule(a.wasm), { byteLength: a.wasm.length })).not.toThrow();
    }
  });

  test("#[reentrant] entry points are listed in the silk.reentrant section", () => {
    const c = compileOne(`contract R { #[reentrant] pub fn poke() -> u8 { return 1; } pub fn other() {} }`);
    const m = decodeModule(c.wasm);
    const sec = m.customs.find((s) => s.name === "silk.reentrant");
    expect(sec && Buffer.from(sec.bytes).toString("hex")).toBe(c.abi.functions[0]!.selector.slice(2));
    expect(c.abi.functions[0]!.reentrant).toBe(true);
  });

  test("unsupported constructs are reported, not thrown", () => {
    // A struct of more than 4096 bools as a parameter (its checks are unrolled per field).
    const r = compileSource(`struct B { ${Array.from({ length: 4097 }, (_, i) => `b${i}: bool`).join(", ")} } contract S { pub fn f(b: B) -> bool { return b.b0; } }`);
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["E9003"]);
    expect(r.diagnostics[0]!.message).toContain("not supported by the back end yet");
  });
});
