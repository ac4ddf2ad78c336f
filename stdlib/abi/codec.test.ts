import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { abiTypeArb, abiValueArb, propertyParams, typedValueArb } from "./arbitrary.js";
import { decode, encode, MAX_DEPTH, MAX_ZERO_SIZED_ITEMS, type AbiValue } from "./codec.js";
import { AbiError, type AbiErrorCode } from "./errors.js";
import * as T from "./types.js";
import type { AbiType } from "./types.js";

const hex = (s: string) => Uint8Array.from((s.replace(/\s+/g, "").match(/../g) ?? []).map((b) => parseInt(b, 16)));
const show = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Runs `f`, expecting an AbiError; returns it (a different exception fails the test). */
function abiError(f: () => unknown): AbiError {
  try {
    f();
  } catch (e) {
    if (e instanceof AbiError) return e;
    throw new Error(`expected an AbiError, got ${String(e)}`);
  }
  throw new Error("expected an AbiError, nothing was thrown");
}
function expectCode(f: () => unknown, code: AbiErrorCode, offset?: number): void {
  const e = abiError(f);
  expect(e.code, e.message).toBe(code);
  if (offset !== undefined) expect(e.offset, e.message).toBe(offset);
}

const shape = T.enumType("Shape", [
  { name: "Empty" },
  { name: "Circle", payload: { kind: "tuple", elems: [T.u32] } },
  { name: "Rect", payload: { kind: "struct", fields: [{ name: "w", type: T.u8 }, { name: "h", type: T.u8 }] } },
]);

describe("known-answer vectors", () => {
  const vectors: [string, AbiType, AbiValue, string][] = [
    ["u8", T.u8, 5n, "05"],
    ["u16", T.uint(16), 0x1234n, "3412"],
    ["i8 -1", T.int(8), -1n, "ff"],
    ["i16 -2", T.int(16), -2n, "feff"],
    ["i32 min", T.int(32), -(2n ** 31n), "00000080"],
    ["u64", T.u64, 0x0102030405060708n, "0807060504030201"],
    ["u256 1", T.u256, 1n, "01" + "00".repeat(31)],
    ["u256 max", T.u256, 2n ** 256n - 1n, "ff".repeat(32)],
    ["i256 -1", T.int(256), -1n, "ff".repeat(32)],
    ["i128 min", T.int(128), -(2n ** 127n), "00".repeat(15) + "80"],
    ["bool true", T.bool, true, "01"],
    ["bool false", T.bool, false, "00"],
    ["address", T.address, hex("11".repeat(32)), "11".repeat(32)],
    ["bytes empty", T.bytes, new Uint8Array(), "00000000"],
    ["bytes", T.bytes, hex("dead"), "02000000dead"],
    ["string hé", T.string, "hé", "03000000 68 c3a9"],
    ["string with BOM", T.string, "\uFEFFa", "04000000 efbbbf 61"],
    ["Vec<u16>", T.vec(T.uint(16)), [1n, 2n], "02000000 0100 0200"],
    ["[u8;3]", T.array(T.u8, 3), [1n, 2n, 3n], "010203"],
    ["(u8,bool)", T.tuple(T.u8, T.bool), [7n, false], "0700"],
    ["()", T.tuple(), [], ""],
    ["Option None", T.option(T.u32), { tag: "None" }, "00"],
    ["Option Some", T.option(T.u32), { tag: "Some", value: 1n }, "01 01000000"],
    ["Result Ok", T.result(T.u8, T.string), { tag: "Ok", value: 9n }, "00 09"],
    ["Result Err", T.result(T.u8, T.string), { tag: "Err", value: "a" }, "01 01000000 61"],
    ["struct", T.struct("P", [{ name: "a", type: T.u8 }, { name: "b", type: T.int(16) }]), { a: 1n, b: -1n }, "01 ffff"],
    ["enum unit", shape, { tag: "Empty" }, "00"],
    ["enum tuple", shape, { tag: "Circle", value: [0x0100n] }, "01 00010000"],
    ["enum struct", shape, { tag: "Rect", value: { w: 2n, h: 3n } }, "02 02 03"],
  ];
  for (const [name, t, v, want] of vectors) {
    it(name, () => {
      expect(show(encode(t, v))).toBe(want.replace(/\s+/g, ""));
      expect(decode(t, hex(want))).toEqual(v);
    });
  }
});

describe("round trip (generated types and values)", () => {
  it("decode(encode(v)) = v, and re-encoding gives the same bytes", () => {
    fc.assert(
      fc.property(typedValueArb(), ({ type, value }) => {
        const bytes = encode(type, value);
        const back = decode(type, bytes);
        expect(back).toEqual(value);
        expect(show(encode(type, back))).toBe(show(bytes));
      }),
      propertyParams(600),
    );
  });

  it("decoding arbitrary bytes either fails with an AbiError or yields the value that encodes to exactly them", () => {
    fc.assert(
      fc.property(abiTypeArb(), fc.uint8Array({ maxLength: 64 }), (type, bytes) => {
        let v: AbiValue;
        try {
          v = decode(type, bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(AbiError);
          return;
        }
        expect(show(encode(type, v))).toBe(show(bytes));
      }),
      propertyParams(1500),
    );
  });
});

describe("strict decoding (properties)", () => {
  it("rejects every non-empty trailing suffix at the end of the value", () => {
    fc.assert(
      fc.property(typedValueArb(), fc.uint8Array({ minLength: 1, maxLength: 8 }), ({ type, value }, extra) => {
        const bytes = encode(type, value);
        const padded = new Uint8Array([...bytes, ...extra]);
        expectCode(() => decode(type, padded), "decode.trailing-bytes", bytes.length);
      }),
      propertyParams(300),
    );
  });

  it("rejects every strict prefix as truncated, at an offset within the prefix", () => {
    fc.assert(
      fc.property(typedValueArb().filter(({ type, value }) => encode(type, value).length > 0), fc.nat(), ({ type, value }, k) => {
        const bytes = encode(type, value);
        const cut = k % bytes.length;
        const e = abiError(() => decode(type, bytes.subarray(0, cut)));
        expect(e.code, e.message).toBe("decode.truncated");
        expect(e.offset).toBeLessThanOrEqual(cut);
      }),
      propertyParams(300),
    );
  });

  // Place the interesting type after a generated prefix and before a generated suffix, so the
  // byte under test sits at a known offset inside an arbitrary encoding.
  const framed = (middle: fc.Arbitrary<{ type: AbiType; value: AbiValue }>) =>
    fc.tuple(typedValueArb({ maxDepth: 2, namePrefix: "Pre" }), middle, typedValueArb({ maxDepth: 2, namePrefix: "Post" })).map(([pre, mid, post]) => ({
      type: T.tuple(pre.type, mid.type, post.type),
      value: [pre.value, mid.value, post.value] as AbiValue,
      at: encode(pre.type, pre.value).length,
      mid,
    }));

  it("rejects a bool byte other than 0/1 at its offset", () => {
    const mid = fc.boolean().map((value) => ({ type: T.bool, value: value as AbiValue }));
    fc.assert(
      fc.property(framed(mid), fc.integer({ min: 2, max: 255 }), ({ type, value, at }, bad) => {
        const bytes = encode(type, value);
        bytes[at] = bad;
        expectCode(() => decode(type, bytes), "decode.bad-bool", at);
      }),
      propertyParams(300),
    );
  });

  it("rejects an enum / Option / Result tag with no variant at its offset", () => {
    const tagged = abiTypeArb({ maxDepth: 2, namePrefix: "Mid" })
      .filter((t) => t.kind === "enum" || t.kind === "option" || t.kind === "result")
      .chain((type) => abiValueArb(type).map((value) => ({ type, value })));
    fc.assert(
      fc.property(framed(tagged), fc.integer({ min: 0, max: 255 }), ({ type, value, at, mid }, k) => {
        const count = mid.type.kind === "enum" ? mid.type.variants.length : 2;
        const bad = count + (k % (256 - count));
        const bytes = encode(type, value);
        bytes[at] = bad;
        expectCode(() => decode(type, bytes), "decode.bad-tag", at);
      }),
      propertyParams(300),
    );
  });

  const INVALID_UTF8 = [
    [0x80], // lone continuation byte
    [0xc0, 0x80], // overlong NUL
    [0xe0, 0x80, 0x80], // overlong
    [0xed, 0xa0, 0x80], // UTF-16 surrogate D800
    [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
    [0xf5], [0xff], // never valid
    [0xe2, 0x82], // truncated sequence
  ];
  it("rejects ill-formed UTF-8 in a string at the start of its bytes", () => {
    const mid = fc.constant({ type: T.string, value: "" as AbiValue });
    fc.assert(
      fc.property(framed(mid), fc.string({ maxLength: 4 }), fc.constantFrom(...INVALID_UTF8), fc.string({ maxLength: 4 }), ({ type, value, at }, a, bad, b) => {
        const before = encode(type, value);
        const data = [...new TextEncoder().encode(a), ...bad, ...new TextEncoder().encode(b)];
        const len = [data.length & 0xff, (data.length >> 8) & 0xff, 0, 0];
        const bytes = new Uint8Array([...before.subarray(0, at), ...len, ...data, ...before.subarray(at + 4)]);
        expectCode(() => decode(type, bytes), "decode.bad-utf8", at + 4);
      }),
      propertyParams(300),
    );
  });
});

describe("strict decoding (examples)", () => {
  it("a Vec count larger than the bytes left is refused before allocating", () => {
    expectCode(() => decode(T.vec(T.u256), hex("ffffffff")), "decode.truncated", 0);
    expectCode(() => decode(T.bytes, hex("05000000 0102")), "decode.truncated", 0);
  });
  it("a Vec of zero-sized items is bounded", () => {
    const t = T.vec(T.tuple());
    expect(decode(t, hex("03000000"))).toEqual([[], [], []]);
    expectCode(() => decode(t, hex("ffffffff")), "decode.too-many-items", 0);
    expectCode(() => encode(t, Array.from({ length: MAX_ZERO_SIZED_ITEMS + 1 }, () => [])), "encode.too-many-items");
  });
  it("recursion through Vec works and nesting is bounded", () => {
    const node = T.struct("Node", []);
    (node.fields as T.AbiField[]).push({ name: "v", type: T.u8 }, { name: "kids", type: T.vec(node) });
    const tree = { v: 1n, kids: [{ v: 2n, kids: [] }, { v: 3n, kids: [{ v: 4n, kids: [] }] }] };
    expect(decode(node, encode(node, tree))).toEqual(tree);
    // a chain of 1-child nodes deeper than MAX_DEPTH: 01 01000000 repeated
    const deep = new Uint8Array(5 * (MAX_DEPTH + 1) + 5).fill(0);
    for (let i = 0; i <= MAX_DEPTH; i++) deep.set([1, 1, 0, 0, 0], 5 * i);
    expectCode(() => decode(node, deep), "decode.too-deep");
  });
  it("u32 lengths are little-endian", () => {
    const s = "x".repeat(300);
    expect(show(encode(T.string, s).subarray(0, 4))).toBe("2c010000");
  });
});

describe("encoding refuses values that do not fit", () => {
  const cases: [string, AbiType, unknown, AbiErrorCode][] = [
    ["u8 256", T.u8, 256n, "encode.out-of-range"],
    ["u8 -1", T.u8, -1n, "encode.out-of-range"],
    ["i8 128", T.int(8), 128n, "encode.out-of-range"],
    ["i8 -129", T.int(8), -129n, "encode.out-of-range"],
    ["number for u8", T.u8, 1, "encode.bad-value"],
    ["address of 20 bytes", T.address, new Uint8Array(20), "encode.out-of-range"],
    ["lone surrogate", T.string, "a\uD800", "encode.bad-string"],
    ["[u8;2] with 3", T.array(T.u8, 2), [1n, 2n, 3n], "encode.bad-value"],
    ["struct missing field", shape.variants[2]!.payload!.kind === "struct" ? T.struct("R", [...shape.variants[2]!.payload!.fields]) : T.bool, { w: 1n }, "encode.bad-value"],
    ["struct extra field", T.struct("R", [{ name: "w", type: T.u8 }]), { w: 1n, x: 2n }, "encode.bad-value"],
    ["unknown variant", shape, { tag: "Square" }, "encode.bad-value"],
    ["payload on unit variant", shape, { tag: "Empty", value: [] }, "encode.bad-value"],
    ["None with a value", T.option(T.u8), { tag: "None", value: 1n }, "encode.bad-value"],
    ["bool as number", T.bool, 1, "encode.bad-value"],
  ];
  for (const [name, t, v, code] of cases) it(name, () => expectCode(() => encode(t, v), code));

  it("reports the path of the bad value", () => {
    const t = T.struct("Outer", [{ name: "items", type: T.vec(T.tuple(T.u8, T.bool)) }]);
    const e = abiError(() => encode(t, { items: [[1n, true], [2n, 3]] }));
    expect(e.path).toBe("value.items[1][1]");
  });
});

describe("type model", () => {
  it("canonical type strings", () => {
    expect(T.typeString(T.tuple(T.u8, T.bool))).toBe("(u8,bool)");
    expect(T.typeString(T.array(T.u32, 4))).toBe("[u32;4]");
    expect(T.typeString(T.vec(T.string))).toBe("Vec<string>");
    expect(T.typeString(T.result(T.option(T.int(64)), shape))).toBe("Result<Option<i64>,Shape>");
    expect(T.signature("transfer", [T.address, T.u256])).toBe("transfer(address,u256)");
  });
  it("parseType inverts typeString for generated types", () => {
    fc.assert(
      fc.property(abiTypeArb(), (t) => {
        const named = new Map<string, AbiType>();
        const collect = (x: AbiType): void => {
          if (x.kind === "struct" || x.kind === "enum") named.set(x.name, x);
          if (x.kind === "struct") x.fields.forEach((f) => collect(f.type));
          else if (x.kind === "enum") x.variants.forEach((v) => v.payload && T.payloadTypes(v.payload).forEach(collect));
          else if (x.kind === "array" || x.kind === "vec") collect(x.elem);
          else if (x.kind === "tuple") x.elems.forEach(collect);
          else if (x.kind === "option") collect(x.inner);
          else if (x.kind === "result") (collect(x.ok), collect(x.err));
        };
        collect(t);
        const s = T.typeString(t);
        expect(T.typeString(T.parseType(s, (n) => named.get(n)))).toBe(s);
        expect(T.parseType(s.replaceAll(",", " , "), (n) => named.get(n))).toEqual(T.parseType(s, (n) => named.get(n)));
      }),
      propertyParams(300),
    );
  });
  it("parseType rejects malformed strings with an offset", () => {
    expectCode(() => T.parseType("Vec<u8"), "type.invalid", 6);
    expectCode(() => T.parseType("u7"), "type.invalid", 0);
    expectCode(() => T.parseType("[u8;]"), "type.invalid", 4);
    expectCode(() => T.parseType("(u8,bool) x"), "type.invalid", 10);
  });
  it("checkType rejects infinite types and duplicate names", () => {
    const a = T.struct("A", []);
    (a.fields as T.AbiField[]).push({ name: "me", type: T.option(a) });
    expectCode(() => T.checkType(a), "type.invalid");
    expectCode(() => encode(a, {}), "type.invalid");
    const twin = T.tuple(T.struct("X", []), T.struct("X", [{ name: "f", type: T.u8 }]));
    expectCode(() => T.checkType(twin), "type.invalid");
    expectCode(() => T.checkType(T.struct("P", [{ name: "a", type: T.u8 }, { name: "a", type: T.u8 }])), "type.invalid");
    expectCode(() => T.checkType(T.enumType("Z", [])), "type.invalid");
  });
  it("an inline cycle is found even when the same type is also reached through a Vec first", () => {
    const x = T.struct("X", []), y = T.struct("Y", []);
    (x.fields as T.AbiField[]).push({ name: "viaVec", type: T.vec(y) }, { name: "inline", type: y });
    (y.fields as T.AbiField[]).push({ name: "back", type: x });
    expectCode(() => T.checkType(x), "type.invalid");
  });
});
