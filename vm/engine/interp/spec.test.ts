// A small cross-check of the interpreter's semantics against the official spec test suite
// (/work/shared/wasm-testsuite): assert_return / assert_trap / assert_exhaustion /
// assert_uninstantiable commands of integer-only modules. Modules with floats, or with
// imports other than functions, are skipped (the full spec runner, through the whole VM
// pipeline, lives in conformance/). Gas is effectively unlimited; the stack limit is the
// schedule's, which the suite's deliberate infinite recursions must hit.

import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeModule } from "../../decode/decode.js";
import { Trap, type Instance, type TrapCode, type Value } from "../types.js";
import { SCHEDULE_V1 } from "../../meter/schedule.js";
import { InterpEngine } from "./engine.js";

const SUITE = resolve(import.meta.dirname, "../../../../shared/wasm-testsuite");

// Suites with integer-only modules. (br_table, block, loop, if, call, select, local_*, ...
// put float functions in every module, so the interpreter refuses them whole; global.wast
// imports spectest globals, which the policy refuses.)
const SUITES = [
  "i32", "i64", "int_exprs", "int_literals", "labels", "switch", "call_indirect", "fac", "forward",
  "func_ptrs", "nop", "stack", "traps", "start", "address", "load", "store", "memory",
  "memory_size", "memory_grow", "memory_trap", "memory_copy", "memory_fill", "memory_init", "bulk",
  "data", "elem",
];

/** The spec's trap texts (wast) → the VM's trap codes. */
const TRAP_TEXTS: [RegExp, TrapCode][] = [
  [/^integer divide by zero/, "div_by_zero"],
  [/^integer overflow/, "int_overflow"],
  [/^out of bounds memory access/, "memory_oob"],
  [/^out of bounds table access|^undefined element/, "table_oob"],
  [/^uninitialized element|^indirect call type mismatch/, "indirect_call_mismatch"],
  [/^unreachable/, "unreachable"],
  [/^call stack exhausted/, "stack_overflow"],
];

interface Arg { type: string; value?: string }
interface Action { type: "invoke" | "get"; module?: string; field: string; args?: Arg[] }
interface Cmd { type: string; line: number; filename?: string; name?: string; action?: Action; expected?: Arg[]; text?: string; module_type?: string }

function toValue(a: Arg): Value | undefined {
  if (a.type === "i32") return Number(BigInt.asIntN(32, BigInt(a.value!)));
  if (a.type === "i64") return BigInt.asIntN(64, BigInt(a.value!));
  return undefined; // floats, references: outside the integer-only policy
}

function trapCodeOf(text: string): TrapCode | undefined {
  for (const [re, code] of TRAP_TEXTS) if (re.test(text)) return code;
  return undefined;
}

// The spec's memories may grow to 65536 pages; the VM's own page cap is tested elsewhere.
const engine = new InterpEngine({ ...SCHEDULE_V1, maxPages: 65536 });

/**
 * Instantiate a suite module; undefined when it is outside what this cross-check covers, and
 * "linked" when it imports a table, memory or global of another suite module (it may change
 * that module's state, so nothing after it in the script can be checked). Skipping a module
 * that imports spectest's table or memory is harmless: only skipped modules share them.
 */
function load(dir: string, file: string): (() => Instance) | "linked" | undefined {
  const bytes = new Uint8Array(readFileSync(join(dir, file)));
  let prepared;
  try {
    const m = decodeModule(bytes);
    const shared = m.imports.filter((i) => i.desc.kind !== "func");
    if (shared.some((i) => i.module !== "spectest")) return "linked";
    if (shared.length > 0) return undefined;
    prepared = engine.prepare(m, bytes);
  } catch {
    return undefined; // floats (or anything else the interpreter refuses at prepare)
  }
  // The spectest module's print functions do nothing.
  return () => engine.instantiate(prepared, () => () => undefined, { gas: 10n ** 15n, stackUsed: 0 });
}

interface Tally { passed: number; skipped: number; failures: string[] }

function runSuite(name: string): Tally {
  const dir = join(SUITE, name);
  const { commands } = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")) as { commands: Cmd[] };
  const t: Tally = { passed: 0, skipped: 0, failures: [] };
  let current: Instance | undefined;
  const named = new Map<string, Instance | undefined>();
  const fail = (c: Cmd, msg: string) => t.failures.push(`${name}.wast:${c.line}: ${msg}`);

  const act = (c: Cmd): { values: Value[] } | { trap: TrapCode } | "skip" => {
    const a = c.action!;
    const inst = a.module !== undefined ? named.get(a.module) : current;
    if (!inst) return "skip";
    if (a.type === "get") {
      const v = inst.getGlobal(a.field);
      return v === undefined ? "skip" : { values: [v] };
    }
    const args = (a.args ?? []).map(toValue);
    if (args.some((v) => v === undefined)) return "skip";
    try {
      return { values: inst.invoke(a.field, args as Value[]) };
    } catch (e) {
      if (e instanceof Trap) return { trap: e.code };
      throw e;
    }
  };

  let linked = false;
  for (const c of commands) {
    if (linked) { t.skipped++; continue; }
    switch (c.type) {
      case "module": {
        const make = load(dir, c.filename!);
        if (make === "linked") { linked = true; t.skipped++; break; }
        try {
          current = make?.();
          current?.runStart();
        } catch (e) {
          current = undefined;
          fail(c, `instantiation failed: ${String(e)}`);
        }
        if (c.name) named.set(c.name, current);
        if (!current) t.skipped++;
        break;
      }
      case "register":
        break;
      case "action": {
        const r = act(c);
        if (r === "skip") t.skipped++;
        else if ("trap" in r) fail(c, `unexpected trap ${r.trap}`);
        else t.passed++;
        break;
      }
      case "assert_return": {
        const expected = c.expected!.map(toValue);
        const r = act(c);
        if (r === "skip" || expected.some((v) => v === undefined)) { t.skipped++; break; }
        if ("trap" in r) fail(c, `${c.action!.field}: trapped ${r.trap}, expected ${String(expected)}`);
        else if (JSON.stringify(r.values, big) !== JSON.stringify(expected, big)) {
          fail(c, `${c.action!.field}: got ${JSON.stringify(r.values, big)}, expected ${JSON.stringify(expected, big)}`);
        } else t.passed++;
        break;
      }
      case "assert_trap": case "assert_exhaustion": {
        const want = trapCodeOf(c.text!);
        const r = act(c);
        if (r === "skip" || want === undefined) { t.skipped++; break; }
        if (!("trap" in r)) fail(c, `${c.action!.field}: returned ${JSON.stringify(r.values, big)}, expected trap ${want}`);
        else if (r.trap !== want) fail(c, `${c.action!.field}: trapped ${r.trap}, expected ${want}`);
        else t.passed++;
        break;
      }
      case "assert_uninstantiable": {
        const make = load(dir, c.filename!);
        const want = trapCodeOf(c.text!);
        if (!make || make === "linked" || want === undefined) { t.skipped++; break; }
        try {
          const i = make();
          i.runStart();
          fail(c, `instantiated, expected trap ${want}`);
        } catch (e) {
          if (e instanceof Trap && e.code === want) t.passed++;
          else fail(c, `instantiation threw ${String(e)}, expected trap ${want}`);
        }
        break;
      }
      default:
        break; // assert_invalid / assert_malformed / assert_unlinkable: the decoder's and validator's business
    }
  }
  return t;
}

function big(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

describe.skipIf(!existsSync(SUITE))("spec test suite cross-check", () => {
  for (const name of SUITES) {
    it.skipIf(!existsSync(join(SUITE, name, `${name}.json`)))(name, () => {
      const t = runSuite(name);
      if (process.env.SPEC_TALLY) console.log(name, t.passed, t.skipped);
      expect(t.failures).toEqual([]);
      expect(t.passed).toBeGreaterThan(0);
    });
  }
});
