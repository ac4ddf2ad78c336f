import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { typedValueArb, propertyParams } from "./arbitrary.js";
import { formatValue, parseCallExpression, parseValue } from "./call-expr.js";
import { encode, type AbiValue } from "./codec.js";
import { encodeCall } from "./contract.js";
import { AbiError, type AbiErrorCode } from "./errors.js";
import { loadAbi } from "./schema.js";
import type { AbiType } from "./types.js";

const abi = loadAbi(readFileSync(new URL("./testdata/token.abi.json", import.meta.url), "utf8"));
const A = "0x" + "ab".repeat(32);
const show = (b: Uint8Array) => Buffer.from(b).toString("hex");

function expectCode(f: () => unknown, code: AbiErrorCode, offset?: number): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof AbiError)) throw new Error(`expected an AbiError, got ${String(e)}`);
    expect(e.code, e.message).toBe(code);
    if (offset !== undefined) expect(e.offset, e.message).toBe(offset);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/** Prints a value as call-expression text (the inverse the property below checks). */
function literal(t: AbiType, v: AbiValue): string {
  const hex = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");
  const fields = (fs: readonly { name: string; type: AbiType }[], o: AbiValue) =>
    `{ ${fs.map((f) => `${f.name}: ${literal(f.type, (o as Record<string, AbiValue>)[f.name]!)}`).join(", ")} }`;
  switch (t.kind) {
    case "bool": return String(v);
    case "int": return (v as bigint) < 0n || (v as bigint) % 2n === 0n ? String(v) : "0x" + (v as bigint).toString(16);
    case "address": case "bytes32": case "bytes": return hex(v as Uint8Array);
    case "string": return JSON.stringify(v);
    case "array": case "vec": return `[${(v as AbiValue[]).map((x) => literal(t.elem, x)).join(", ")}]`;
    case "tuple": return t.elems.length === 1 ? `(${literal(t.elems[0]!, (v as AbiValue[])[0]!)},)` : `(${t.elems.map((e, i) => literal(e, (v as AbiValue[])[i]!)).join(", ")})`;
    case "struct": return `${t.name} ${fields(t.fields, v)}`;
    case "enum": {
      const e = v as { tag: string; value?: AbiValue };
      const variant = t.variants.find((x) => x.name === e.tag)!;
      const p = variant.payload;
      const body = p === undefined ? "" : p.kind === "struct" ? ` ${fields(p.fields, e.value!)}` : `(${p.elems.map((x, i) => literal(x, (e.value as AbiValue[])[i]!)).join(", ")})`;
      return `${t.name}::${e.tag}${body}`;
    }
    case "option": {
      const e = v as { tag: string; value?: AbiValue };
      return e.tag === "None" ? "None" : `Some(${literal(t.inner, e.value!)})`;
    }
    case "result": {
      const e = v as { tag: string; value?: AbiValue };
      return `${e.tag}(${literal(e.tag === "Ok" ? t.ok : t.err, e.value!)})`;
    }
  }
}

describe("parseCallExpression", () => {
  it("transfer(0x…, 10)", () => {
    const c = parseCallExpression(`transfer(${A}, 10)`, abi);
    expect(c.fn.name).toBe("transfer");
    expect(show(c.input)).toBe(show(encodeCall(abi, "transfer", [new Uint8Array(32).fill(0xab), 10n])));
  });
  it("structs, enums, Vec, tuples, Option and Result", () => {
    const c = parseCallExpression(
      `place( Order { shape: Shape::Rect { w: 2, h: 3 }, maker: ${A}, amount: 1_000 }, [Empty, Circle(0xff), Shape::Rect{h:1,w:0},] )`,
      abi,
    );
    expect(c.args).toEqual([
      { maker: new Uint8Array(32).fill(0xab), amount: 1000n, shape: { tag: "Rect", value: { w: 2n, h: 3n } } },
      [{ tag: "Empty" }, { tag: "Circle", value: [255n] }, { tag: "Rect", value: { w: 0n, h: 1n } }],
    ]);
    const t = parseCallExpression(`touch((-128, [0b11, 65535]), Ok({ v: 1, kids: [{ v: 2, kids: [] }] }))`, abi);
    expect(t.args).toEqual([[-128n, [3n, 65535n]], { tag: "Ok", value: { v: 1n, kids: [{ v: 2n, kids: [] }] } }]);
    expect(parseCallExpression(`touch((0, [0, 0]), Err("a\\n\\u00e9"))`, abi).args[1]).toEqual({ tag: "Err", value: "a\né" });
    expect(parseCallExpression("deposit()", abi).input.length).toBe(4);
    expect(parseCallExpression(` balance_of( ${A} , ) `, abi).args).toEqual([new Uint8Array(32).fill(0xab)]);
  });
  const bad: [string, AbiErrorCode, number?][] = [
    ["transfr(1)", "abi.unknown-function", 0],
    [`transfer(${A})`, "abi.arity"],
    [`transfer(${A}, 1, 2)`, "abi.arity"],
    [`transfer(${A}, -1)`, "call.bad-literal", 77],
    [`transfer(${A}, 1e3)`, "call.bad-literal"],
    [`transfer(0xabcd, 1)`, "call.bad-literal", 9],
    [`transfer(${A}, 1`, "call.syntax"],
    [`transfer(${A}, 1) x`, "call.syntax", 80],
    [`touch((1, [1]), Ok({ v: 1, kids: [] }))`, "call.bad-literal"],
    [`touch((1, [1, 2]), Ok({ v: 1 }))`, "call.bad-literal"],
    [`touch((1, [1, 2]), Ok({ v: 1, v: 2, kids: [] }))`, "call.bad-literal"],
    [`touch((1, [1, 2]), Maybe(1))`, "call.bad-literal"],
    [`touch((1, [1, 2]), Err("\\ud800"))`, "call.bad-literal"],
    [`touch((1, [1, 2]), Err("open))`, "call.syntax"],
    [`place(Order { maker: ${A}, amount: 1, shape: Triangle }, [])`, "call.bad-literal"],
    ["", "call.syntax", 0],
  ];
  for (const [text, code, offset] of bad) it(`rejects ${JSON.stringify(text.length > 40 ? text.slice(0, 40) + "…" : text)}`, () => {
    expectCode(() => parseCallExpression(text, abi), code, offset);
  });
  it("parses the printed form of any generated value back to the same encoding", () => {
    fc.assert(
      fc.property(typedValueArb(), ({ type, value }) => {
        const text = literal(type, value);
        expect(show(encode(type, parseValue(text, type)))).toBe(show(encode(type, value)));
      }),
      propertyParams(400),
    );
  });
  it("formatValue prints what parseValue reads back (addresses by name when asked)", () => {
    fc.assert(
      fc.property(typedValueArb(), ({ type, value }) => {
        const text = formatValue(type, value);
        expect(show(encode(type, parseValue(text, type)))).toBe(show(encode(type, value)));
      }),
      propertyParams(400),
    );
    expect(formatValue({ kind: "tuple", elems: [{ kind: "address" }, { kind: "int", signed: true, bits: 8 }] }, [new Uint8Array(32), -3n], () => "@zero")).toBe("(@zero, -3)");
  });
});
