// Runs the official WebAssembly test suite's module commands through decode + validate:
// every `assert_invalid` binary module must be refused, every valid module must be accepted
// by pure spec validation and refused by the default policy only with a policy/limit rule.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { DecodeError, ValidationError } from "../errors.js";
import { decodeModule } from "../decode/decode.js";
import { validateModule } from "./validate.js";
import { DEFAULT_LIMITS, type Policy, type PolicyLimits } from "./policy.js";

const SUITE = resolve(import.meta.dirname, "../../../shared/wasm-testsuite");

/** Wasm 2.0 as specified: every feature, any import, no size limits. */
const SPEC_ONLY: Policy = {
  allowFloat: true,
  allowReferenceTypes: true,
  hostImport: "any",
  limits: Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, Infinity])) as unknown as PolicyLimits,
};

interface Cmd { type: string; filename?: string; module_type?: string; line: number; text?: string }

function loadSuite(): { name: string; dir: string; commands: Cmd[] }[] {
  return readdirSync(SUITE, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(SUITE, d.name, `${d.name}.json`)))
    .map((d) => d.name)
    .sort()
    .map((name) => ({
      name,
      dir: join(SUITE, name),
      commands: (JSON.parse(readFileSync(join(SUITE, name, `${name}.json`), "utf8")) as { commands: Cmd[] }).commands,
    }));
}

function tryDecode(bytes: Uint8Array) {
  try {
    return decodeModule(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
}

function verdict(run: () => void): ValidationError | undefined {
  try {
    run();
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e; // any other exception fails the test
  }
}

describe.skipIf(!existsSync(SUITE))("official spec test suite", () => {
  const suite = loadSuite();

  it("refuses every assert_invalid binary module", () => {
    let decodeRejected = 0, specRejected = 0;
    const notRejected: string[] = [];
    const wrongRule: string[] = [];
    for (const { name, dir, commands } of suite) {
      for (const c of commands) {
        if (c.type !== "assert_invalid" || c.module_type !== "binary" || !c.filename) continue;
        const bytes = new Uint8Array(readFileSync(join(dir, c.filename)));
        const m = tryDecode(bytes);
        if (m instanceof DecodeError) { decodeRejected++; continue; }
        const where = `${name}/${c.filename} (line ${c.line}, "${c.text}")`;
        // The default policy must refuse it (for whatever reason) …
        if (verdict(() => validateModule(m, { byteLength: bytes.length })) === undefined) notRejected.push(`${where} [default policy]`);
        // … and pure spec validation must refuse it with a spec rule.
        const e = verdict(() => validateModule(m, { policy: SPEC_ONLY }));
        if (e === undefined) notRejected.push(`${where} [spec only]`);
        else if (!e.rule.startsWith("spec.")) wrongRule.push(`${where}: ${e.rule}`);
        else specRejected++;
      }
    }
    console.log(`assert_invalid: ${specRejected} rejected by validation (spec.*), ${decodeRejected} by the decoder`);
    expect(notRejected).toEqual([]);
    expect(wrongRule).toEqual([]);
    expect(specRejected).toBeGreaterThan(500);
  });

  it("accepts every valid module under spec validation, and the default policy refuses only by policy", () => {
    let accepted = 0, policyRejected = 0, undecodable = 0;
    const byRule = new Map<string, number>();
    const bad: string[] = [];
    for (const { name, dir, commands } of suite) {
      for (const c of commands) {
        const validKind = c.type === "module" || c.type === "assert_unlinkable" || c.type === "assert_uninstantiable";
        if (!validKind || !c.filename || !c.filename.endsWith(".wasm")) continue;
        const bytes = new Uint8Array(readFileSync(join(dir, c.filename)));
        const m = tryDecode(bytes);
        if (m instanceof DecodeError) { undecodable++; continue; }
        const where = `${name}/${c.filename} (line ${c.line})`;
        const spec = verdict(() => validateModule(m, { policy: SPEC_ONLY }));
        if (spec !== undefined) bad.push(`${where} [spec only]: ${spec.message}`);
        const pol = verdict(() => validateModule(m, { byteLength: bytes.length }));
        if (pol === undefined) accepted++;
        else if (pol.rule.startsWith("policy.") || pol.rule.startsWith("limit.")) {
          policyRejected++;
          byRule.set(pol.rule, (byRule.get(pol.rule) ?? 0) + 1);
        } else bad.push(`${where} [default policy]: ${pol.message}`);
      }
    }
    const rules = [...byRule.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([r, n]) => `${r}=${n}`).join(", ");
    console.log(`valid modules: ${accepted} accepted by the default policy, ${policyRejected} refused by policy (${rules}), ${undecodable} not decodable`);
    expect(bad).toEqual([]);
    expect(accepted).toBeGreaterThan(100);
  });
});
