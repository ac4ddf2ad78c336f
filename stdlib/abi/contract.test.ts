import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abiValueArb, propertyParams } from "./arbitrary.js";
import {
  decodeCall, decodeError, decodeEvent, decodeReturn, encodeCall, encodeError, encodeErrorString, encodeEvent, encodeInit, encodePanic, encodeReturn,
} from "./contract.js";
import { AbiError, type AbiErrorCode } from "./errors.js";
import { loadAbi, storageTypeString, type AbiJson } from "./schema.js";
import { ERROR_STRING_SELECTOR, PANIC_SELECTOR, PanicCode, selector, eventTopic, toHex } from "./selector.js";
import { typeString } from "./types.js";

const TEXT = readFileSync(new URL("./testdata/token.abi.json", import.meta.url), "utf8");
const abi = loadAbi(TEXT);
const fresh = (): AbiJson => JSON.parse(TEXT) as AbiJson;
const nodeSha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex");
const show = (b: Uint8Array) => Buffer.from(b).toString("hex");
const addr = (b: number) => new Uint8Array(32).fill(b);

function expectCode(f: () => unknown, code: AbiErrorCode): AbiError {
  try {
    f();
  } catch (e) {
    if (!(e instanceof AbiError)) throw new Error(`expected an AbiError, got ${String(e)}`);
    expect(e.code, e.message).toBe(code);
    return e;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

describe("selectors", () => {
  it("transfer(address,u256) is the first 4 bytes of sha256, computed independently", () => {
    expect(show(selector("transfer(address,u256)"))).toBe(nodeSha256("transfer(address,u256)").slice(0, 8));
    expect(show(selector("transfer(address,u256)"))).toBe("63252e1a");
  });
  it("built-in errors and event topics", () => {
    expect(show(ERROR_STRING_SELECTOR)).toBe("63739d5c");
    expect(show(PANIC_SELECTOR)).toBe("2bb1fc69");
    expect(show(eventTopic("Transfer(address,address,u256)"))).toBe("e8174806a25acc891c7172f74f9ed6dfeff215dffe35171598fce947bdb585c9");
  });
  it("agree with node's sha256 for arbitrary signatures", () => {
    fc.assert(fc.property(fc.string(), (s) => {
      fc.pre(!/\p{Cs}/u.test(s));
      expect(show(selector(s))).toBe(nodeSha256(s).slice(0, 8));
    }), propertyParams(200));
  });
});

describe("loading abi.json", () => {
  it("resolves types, functions, events, errors and storage", () => {
    expect([...abi.functions.keys()]).toEqual(["transfer", "balance_of", "place", "pair", "touch", "deposit"]);
    expect(abi.functions.get("place")!.signature).toBe("place(Order,Vec<Shape>)");
    expect(typeString(abi.functions.get("touch")!.inputs[1]!.type)).toBe("Result<Node,string>");
    expect(abi.events.get("Memo")!.signature).toBe("Memo(string,i16,bool,bytes)");
    expect(abi.storage.map((s) => storageTypeString(s.type))).toEqual(["string", "u256", "Map<address,u256>", "Map<address,Map<address,u256>>"]);
    expect(abi.functionsBySelector.get("0x63252e1a")!.name).toBe("transfer");
  });

  const broken: [string, (j: AbiJson) => void, AbiErrorCode][] = [
    ["wrong selector", (j) => (j.functions[0]!.selector = "0x00000000"), "schema.selector-mismatch"],
    ["wrong topic", (j) => (j.events[0]!.topic = "0x" + "00".repeat(32)), "schema.selector-mismatch"],
    ["unknown key", (j) => Object.assign(j.functions[0]!, { pure: true }), "schema.invalid"],
    ["missing key", (j) => delete (j as Partial<AbiJson>).storage, "schema.invalid"],
    ["unknown type", (j) => (j.functions[1]!.inputs[0]!.type = "Adress"), "schema.invalid"],
    ["bad type syntax", (j) => (j.functions[1]!.outputs[0]!.type = "Vec<u8"), "schema.invalid"],
    ["duplicate function", (j) => j.functions.push({ ...j.functions[0]! }), "schema.duplicate"],
    ["duplicate param", (j) => j.functions[0]!.inputs.push({ name: "to", type: "u8" }), "schema.duplicate"],
    ["view and payable", (j) => (j.functions[1]!.payable = true), "schema.invalid"],
    ["too many indexed", (j) => j.events[1]!.fields.forEach((f) => (f.indexed = true)), "schema.invalid"],
    ["infinite type", (j) => (j.types[2]!.kind === "struct" ? (j.types[2]!.fields[1]!.type = "Option<Node>") : undefined), "schema.invalid"],
    ["builtin type name", (j) => (j.types[0]!.name = "u8"), "schema.invalid"],
    ["error shadowing Error(string)", (j) => j.errors.push({ name: "Error", selector: "0x63739d5c", fields: [{ name: "m", type: "string" }] }), "schema.duplicate"],
    ["duplicate storage key", (j) => (j.storage[1]!.key = "0x00"), "schema.duplicate"],
    ["duplicate slot", (j) => (j.storage[1]!.slot = 0), "schema.duplicate"],
    ["bad codeHash", (j) => (j.codeHash = "0x1234"), "schema.invalid"],
    ["wrong format", (j) => ((j as { format: string }).format = "silk-abi/2"), "schema.invalid"],
    ["uppercase hex", (j) => (j.functions[0]!.selector = "0x63252E1A"), "schema.invalid"],
    ["variant with tuple and fields", (j) => Object.assign((j.types[1] as { variants: object[] }).variants[1]!, { fields: [] }), "schema.invalid"],
    ["enum with no variants", (j) => ((j.types[1] as { variants: object[] }).variants = []), "schema.invalid"],
    ["boolean as string", (j) => ((j.functions[0] as unknown as { view: string }).view = "false"), "schema.invalid"],
  ];
  for (const [name, edit, code] of broken) {
    it(`rejects: ${name}`, () => {
      const j = fresh();
      edit(j);
      expectCode(() => loadAbi(j), code);
    });
  }
  it("rejects text that is not JSON", () => expectCode(() => loadAbi("{"), "schema.invalid"));
});

describe("calls and returns", () => {
  it("encodeCall = selector ‖ arguments (known answer)", () => {
    const input = encodeCall(abi, "transfer", [addr(0xaa), 10n]);
    expect(show(input)).toBe("63252e1a" + "aa".repeat(32) + "0a" + "00".repeat(31));
    expect(show(encodeCall(abi, "transfer", { amount: 10n, to: addr(0xaa) }))).toBe(show(input));
    const back = decodeCall(abi, input);
    expect(back.fn.name).toBe("transfer");
    expect(back.args).toEqual([addr(0xaa), 10n]);
  });
  it("round-trips generated arguments for every function", () => {
    for (const f of abi.functions.values()) {
      fc.assert(
        fc.property(fc.tuple(...f.inputs.map((p) => abiValueArb(p.type))), (args) => {
          expect(decodeCall(abi, encodeCall(abi, f.name, args)).args).toEqual(args);
        }),
        propertyParams(50),
      );
    }
  });
  it("decodeReturn: one output is the value, several an array, none []", () => {
    expect(decodeReturn(abi, "transfer", Uint8Array.of(1))).toBe(true);
    expect(decodeReturn(abi, "pair", Uint8Array.of(7, 0))).toEqual([7n, false]);
    expect(decodeReturn(abi, "deposit", new Uint8Array())).toEqual([]);
    expect(decodeReturn(abi, "place", encodeReturn(abi, "place", { tag: "Some", value: 5n }))).toEqual({ tag: "Some", value: 5n });
    expectCode(() => decodeReturn(abi, "transfer", Uint8Array.of(1, 0)), "decode.trailing-bytes");
    expectCode(() => decodeReturn(abi, "transfer", Uint8Array.of(2)), "decode.bad-bool");
  });
  it("init input has no selector", () => {
    expect(show(encodeInit(abi, ["T", 1n]))).toBe("0100000054" + "01" + "00".repeat(31));
  });
  it("errors: unknown function, arity, unknown selector", () => {
    expectCode(() => encodeCall(abi, "transfr", []), "abi.unknown-function");
    expectCode(() => encodeCall(abi, "transfer", [addr(1)]), "abi.arity");
    expectCode(() => encodeCall(abi, "transfer", { to: addr(1) }), "abi.arity");
    expectCode(() => decodeCall(abi, Uint8Array.of(0, 0, 0, 0)), "decode.unknown-selector");
    expectCode(() => decodeCall(abi, Uint8Array.of(0x63, 0x25)), "decode.truncated");
  });
});

describe("events", () => {
  it("Transfer: topic 0 is sha256 of the signature, addresses are topics, amount is data", () => {
    const { topics, data } = encodeEvent(abi, "Transfer", [addr(1), addr(2), 300n]);
    expect(topics.map(show)).toEqual([nodeSha256("Transfer(address,address,u256)"), "01".repeat(32), "02".repeat(32)]);
    expect(show(data)).toBe("2c01" + "00".repeat(30));
    const ev = decodeEvent(abi, topics, data);
    expect(ev.name).toBe("Transfer");
    expect(ev.values).toEqual({ from: addr(1), to: addr(2), amount: 300n });
  });
  it("Memo: a string is hashed, integers and bools left-aligned and zero-padded", () => {
    const { topics, data } = encodeEvent(abi, "Memo", { note: "hi", delta: -2n, flag: true, data: Uint8Array.of(9) });
    expect(show(topics[1]!)).toBe(nodeSha256(Buffer.from("02000000" + Buffer.from("hi").toString("hex"), "hex")));
    expect(show(topics[2]!)).toBe("feff" + "00".repeat(30));
    expect(show(topics[3]!)).toBe("01" + "00".repeat(31));
    const ev = decodeEvent(abi, topics, data);
    expect(ev.values).toEqual({ delta: -2n, flag: true, data: Uint8Array.of(9) });
    expect(show(ev.hashes.note!)).toBe(show(topics[1]!));
  });
  it("strict: padding, topic count, bad bool, unknown topic, data", () => {
    const { topics, data } = encodeEvent(abi, "Memo", ["x", 1n, false, new Uint8Array()]);
    const padded = topics.map((t) => t.slice());
    padded[2]![5] = 1;
    expect(expectCode(() => decodeEvent(abi, padded, data), "decode.bad-padding").offset).toBe(5);
    const badBool = topics.map((t) => t.slice());
    badBool[3]![0] = 2;
    expectCode(() => decodeEvent(abi, badBool, data), "decode.bad-bool");
    expectCode(() => decodeEvent(abi, topics.slice(0, 3), data), "decode.truncated");
    expectCode(() => decodeEvent(abi, [...topics, new Uint8Array(32)], data), "decode.trailing-bytes");
    expectCode(() => decodeEvent(abi, [new Uint8Array(32)], data), "decode.unknown-selector");
    expectCode(() => decodeEvent(abi, topics, new Uint8Array([...data, 0])), "decode.trailing-bytes");
    expectCode(() => decodeEvent(abi, [topics[0]!.subarray(0, 31)], data), "decode.truncated");
  });
});

describe("revert data", () => {
  it("custom errors round-trip", () => {
    const bytes = encodeError(abi, "InsufficientBalance", [5n, 7n]);
    expect(show(bytes.subarray(0, 4))).toBe(nodeSha256("InsufficientBalance(u256,u256)").slice(0, 8));
    const d = decodeError(abi, bytes);
    expect(d).toMatchObject({ kind: "error", name: "InsufficientBalance", values: { have: 5n, need: 7n } });
    expect(decodeError(abi, encodeError(abi, "Paused", []))).toMatchObject({ kind: "error", name: "Paused", values: {} });
  });
  it("Error(string) and Panic(u32), with or without an ABI", () => {
    const msg = encodeErrorString("not owner");
    expect(show(msg)).toBe("63739d5c" + "09000000" + Buffer.from("not owner").toString("hex"));
    expect(decodeError(undefined, msg)).toEqual({ kind: "message", message: "not owner" });
    const panic = encodePanic(PanicCode.ArithmeticOverflow);
    expect(show(panic)).toBe("2bb1fc69" + "11000000");
    expect(decodeError(abi, panic)).toEqual({ kind: "panic", code: 0x11, name: "ArithmeticOverflow" });
    expect(decodeError(undefined, encodePanic(0x99))).toEqual({ kind: "panic", code: 0x99, name: undefined });
  });
  it("strict", () => {
    expectCode(() => decodeError(abi, Uint8Array.of(1, 2)), "decode.truncated");
    expectCode(() => decodeError(abi, Uint8Array.of(1, 2, 3, 4)), "decode.unknown-selector");
    expectCode(() => decodeError(undefined, encodeError(abi, "Paused", [])), "decode.unknown-selector");
    const m = encodeErrorString("é");
    m[m.length - 1] = 0xff;
    expect(expectCode(() => decodeError(abi, m), "decode.bad-utf8").offset).toBe(8);
    expectCode(() => decodeError(abi, new Uint8Array([...encodePanic(1), 0])), "decode.trailing-bytes");
  });
  it("the panic codes are distinct", () => {
    const codes = Object.values(PanicCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(toHex(Uint8Array.of(...codes))).toBe("0x011112213241");
  });
});
