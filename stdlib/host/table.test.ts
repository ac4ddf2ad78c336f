// The host table against its two readers: the validator's import policy admits exactly the
// table's functions with exactly their signatures, and the gas formulas are well-formed.

import { describe, expect, it } from "vitest";
import wabtInit from "wabt";
import { readFileSync } from "node:fs";
import { decodeModule } from "../../vm/decode/decode.js";
import { validateModule } from "../../vm/validate/validate.js";
import { ValidationError } from "../../vm/errors.js";
import { I32 as VM_I32, I64 as VM_I64, valTypeName } from "../../vm/wasm/module.js";
import { HOST_FUNCTIONS, I32, I64, HOST_MODULE, MAX_TOPICS, hostFnSpec, hostGas } from "./table.js";

const wabt = await wabtInit();
const wasm = (text: string) => decodeModule(new Uint8Array(wabt.parseWat("t.wat", text, { multi_value: true }).toBinary({}).buffer));
const sig = (params: readonly number[], results: readonly number[]) =>
  (params.length ? ` (param ${params.map(valTypeName).join(" ")})` : "") +
  (results.length ? ` (result ${results.map(valTypeName).join(" ")})` : "");

describe("host table", () => {
  it("uses the VM's value-type encodings", () => {
    expect([I32, I64]).toEqual([VM_I32, VM_I64]);
  });

  it("has unique names, integer signatures and non-negative integer prices", () => {
    const names = HOST_FUNCTIONS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of HOST_FUNCTIONS) {
      for (const t of [...f.params, ...f.results]) expect(["i32", "i64"]).toContain(valTypeName(t));
      expect(f.results.length).toBeLessThanOrEqual(1);
      expect(Number.isSafeInteger(f.gas.base) && f.gas.base >= 100).toBe(true);
      expect(Number.isSafeInteger(f.gas.perByte) && f.gas.perByte >= 0).toBe(true);
      expect(f.doc.length).toBeGreaterThan(10);
    }
  });

  it("the validator accepts a module importing every host function", () => {
    const imports = HOST_FUNCTIONS.map((f) => `(import "${HOST_MODULE}" "${f.name}" (func${sig(f.params, f.results)}))`).join("\n");
    expect(() => validateModule(wasm(`(module ${imports})`))).not.toThrow();
  });

  it("the validator rejects a wrong signature, an unknown name and another module", () => {
    for (const text of [
      `(module (import "${HOST_MODULE}" "sha256" (func (param i32 i32))))`,
      `(module (import "${HOST_MODULE}" "no_such_fn" (func)))`,
      `(module (import "env" "sha256" (func (param i32 i32 i32))))`,
    ]) {
      expect(() => validateModule(wasm(text))).toThrow(ValidationError);
    }
  });

  it("evaluates formulas over unsigned lengths, scaled quantities and the value quantity", () => {
    expect(hostGas(hostFnSpec("sha256")!, [0, 64, 0])).toBe(2000n + 7n * 64n);
    // -1 as an i32 length is 2^32 - 1 bytes, never a negative charge.
    expect(hostGas(hostFnSpec("sha256")!, [0, -1, 0])).toBe(2000n + 7n * 0xffffffffn);
    expect(hostGas(hostFnSpec("emit")!, [0, MAX_TOPICS, 0, 10])).toBe(1000n + 8n * (32n * 4n + 10n));
    expect(hostGas(hostFnSpec("storage_get")!, [0, 5, 0, 100], 40)).toBe(2000n + 3n * 45n);
    expect(hostGas(hostFnSpec("caller")!, [0])).toBe(100n);
  });

  it("docs/host.md lists every function with its current signature and formula", () => {
    const doc = readFileSync(new URL("../../docs/host.md", import.meta.url), "utf8");
    for (const f of HOST_FUNCTIONS) {
      const sig = `(${f.params.map(valTypeName).join(", ")}) → ${f.results.length ? f.results.map(valTypeName).join(", ") : "()"}`;
      const q = f.gas.bytes.map((b) => (b === "value" ? "value" : b.times ? `${b.times}×arg${b.arg}` : `arg${b.arg}`)).join(" + ");
      const gas = f.gas.perByte ? `${f.gas.base} + ${f.gas.perByte} × (${q})` : `${f.gas.base}`;
      expect(doc).toContain(`| \`${f.name}\` | \`${sig}\` | ${gas} |`);
    }
  });
});
