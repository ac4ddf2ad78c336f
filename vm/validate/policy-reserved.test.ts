import { describe, expect, it } from "vitest";
import { validateModule } from "./validate.js";
import { ValidationError } from "../errors.js";
import type { WasmModule } from "../wasm/module.js";

function withExport(name: string): WasmModule {
  return {
    types: [{ params: [], results: [] }], imports: [], funcs: [0], tables: [], memories: [], globals: [],
    exports: [{ name, kind: "func", index: 0 }], elems: [], codes: [{ locals: [], body: [{ op: 0x0b }] }], datas: [], customs: [],
  };
}

describe("reserved export names", () => {
  it("refuses exports named like the instrumentation's own", () => {
    let err: unknown;
    try { validateModule(withExport("__silk_gas")); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).rule).toBe("policy.reserved-export");
  });
  it("accepts other names", () => {
    expect(() => validateModule(withExport("call"))).not.toThrow();
  });
});
