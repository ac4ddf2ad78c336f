import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeModule } from "./decode.js";
import { encodeModule } from "../encode/encode.js";
import { DecodeError } from "../errors.js";
import { listSpecFiles } from "../../conformance/spectest/suite.js";

const SUITE = resolve(__dirname, "../../../shared/wasm-testsuite");
const files = listSpecFiles(SUITE);

describe("decoder", () => {
  it("rejects bad magic and version with offsets", () => {
    expect(() => decodeModule(new Uint8Array([1, 2, 3]))).toThrow(DecodeError);
    try { decodeModule(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0)); } catch (e) {
      expect(e).toBeInstanceOf(DecodeError);
      expect((e as DecodeError).offset).toBe(4);
    }
  });

  it("decodes the empty module", () => {
    const m = decodeModule(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
    expect(m.funcs).toEqual([]);
    expect(encodeModule(m)).toEqual(Uint8Array.of(0, 0x61, 0x73, 0x6d, 1, 0, 0, 0));
  });

  it.skipIf(files.length === 0)("round-trips every decodable spec-suite module (decode ∘ encode ∘ decode = decode)", () => {
    let decoded = 0;
    let malformed = 0;
    for (const f of files) {
      for (const c of f.commands) {
        if (!c.filename || !c.filename.endsWith(".wasm")) continue;
        const bytes = new Uint8Array(readFileSync(join(f.dir, c.filename)));
        let m;
        try { m = decodeModule(bytes); } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          if (c.type === "module") {
            // A valid spec module may only fail to decode for a policy reason (e.g. SIMD).
            expect((e as DecodeError).rule, `${f.name}:${c.line}`).toMatch(/^policy\./);
          }
          malformed++;
          continue;
        }
        decoded++;
        const again = decodeModule(encodeModule(m));
        expect(again, `${f.name}:${c.line}`).toEqual(m);
        if (c.type === "module") expect(WebAssembly.validate(encodeModule(m)), `${f.name}:${c.line}`).toBe(true);
      }
    }
    expect(decoded).toBeGreaterThan(500);
    console.log(`decoded ${decoded}, rejected at decode ${malformed}`);
  });

  it.skipIf(files.length === 0)("rejects every binary assert_malformed module with a DecodeError", () => {
    let n = 0;
    for (const f of files) {
      for (const c of f.commands) {
        if (c.type !== "assert_malformed" || c.module_type !== "binary") continue;
        const bytes = new Uint8Array(readFileSync(join(f.dir, c.filename!)));
        expect(() => decodeModule(bytes), `${f.name}:${c.line} ${c.text}`).toThrow(DecodeError);
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
  });

  it("throws only DecodeError on arbitrary bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (tail) => {
      const bytes = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...tail]);
      try { decodeModule(bytes); } catch (e) { if (!(e instanceof DecodeError)) throw e; }
    }), { numRuns: 2000 });
  });
});

describe("encoder", () => {
  it("throws on a missing or negative immediate instead of looping", () => {
    const m = {
      types: [{ params: [], results: [] }], imports: [], funcs: [0], tables: [], memories: [{ min: 1 }], globals: [], exports: [],
      elems: [], codes: [{ locals: [], body: [{ op: 0x41, a: 0 }, { op: 0x2d }, { op: 0x1a }, { op: 0x0b }] }], datas: [], customs: [],
    };
    expect(() => encodeModule(m)).toThrow(RangeError);
    m.codes[0].body = [{ op: 0x0c, a: -1 }, { op: 0x0b }];
    expect(() => encodeModule(m)).toThrow(RangeError);
  });
});
