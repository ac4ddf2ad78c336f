// Runs the official WebAssembly spec suite through the whole VM pipeline:
// decode → validate (with the deterministic policy) → instrument → both engines.
// A module outside the policy must be rejected BY POLICY (counted, not failed); every
// other command must give the expected result on every engine, and the engines must
// agree on the gas left after each command.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeModule } from "../../vm/decode/decode.js";
import { DecodeError, ValidationError, rejectionKind } from "../../vm/errors.js";
import { validateModule } from "../../vm/validate/validate.js";
import { DEFAULT_POLICY, type Policy } from "../../vm/validate/policy.js";
import type { WasmModule } from "../../vm/wasm/module.js";
import { I32, I64 } from "../../vm/wasm/module.js";
import { Trap, type Engine, type HostFunction, type Instance, type TrapCode, type Value } from "../../vm/engine/types.js";
import type { SpecCommand, SpecFile, SpecValue } from "./suite.js";
import { SCHEDULE_V1 } from "../../vm/meter/schedule.js";
import type { CostSchedule } from "../../vm/meter/types.js";

/**
 * The suite runs with the spec's own memory limit (65,536 pages) in place of the VM's
 * page cap, so that memory.grow is tested with the spec's expectations; the cap itself is a
 * policy parameter, tested by the adversarial suite. Everything else is SCHEDULE_V1.
 */
export const SPEC_SCHEDULE: CostSchedule = { ...SCHEDULE_V1, maxPages: 65536 };

/** The harness's own host module: the suite's `spectest.print*` functions, as no-ops. */
const SPECTEST_FUNCS: Record<string, { params: number[]; results: number[] }> = {
  print: { params: [], results: [] },
  print_i32: { params: [I32], results: [] },
  print_i64: { params: [I64], results: [] },
};
const noop: HostFunction = () => undefined;

export const SPEC_POLICY: Policy = {
  ...DEFAULT_POLICY,
  hostImport: (module, name) => {
    if (module !== "spectest") return undefined;
    const f = SPECTEST_FUNCS[name];
    return f ? { params: [...f.params], results: [...f.results] } : undefined;
  },
};

/** The spec's trap messages (prefixes) → the VM's trap codes. */
const SPEC_TRAPS: [string, TrapCode][] = [
  ["unreachable", "unreachable"],
  ["integer divide by zero", "div_by_zero"],
  ["integer overflow", "int_overflow"],
  ["out of bounds memory access", "memory_oob"],
  ["undefined element", "table_oob"],
  ["out of bounds table access", "table_oob"],
  ["uninitialized element", "indirect_call_mismatch"],
  ["indirect call type mismatch", "indirect_call_mismatch"],
  ["call stack exhausted", "stack_overflow"],
];

export function specTrapCode(text: string): TrapCode | undefined {
  for (const [prefix, code] of SPEC_TRAPS) if (text.startsWith(prefix)) return code;
  return undefined;
}

export interface SpecReport {
  passed: number;
  failed: number;
  /** Commands not run because their module was (correctly) rejected by the policy. */
  rejectedByPolicy: number;
  /** Modules rejected by policy, by rule. */
  policyRules: Record<string, number>;
  /**
   * Commands on a module that shares a table or memory with a module the policy refused
   * (the suite's cross-module linking tests): their expectations assume the refused module ran.
   */
  sharedWithRejected: number;
  /** assert_malformed in text form: the VM takes binaries only. */
  skippedText: number;
  failures: string[];
}

const GAS = 1n << 50n;

interface LoadedFile { bytes: Uint8Array; checked: { module?: WasmModule; error?: DecodeError | ValidationError } }

type Loaded =
  | { kind: "ok"; module: WasmModule; instances: Instance[]; tainted?: boolean }
  | { kind: "policy"; rule: string }
  | { kind: "failed" };

export class SpecRunner {
  readonly report: SpecReport = { passed: 0, failed: 0, rejectedByPolicy: 0, policyRules: {}, sharedWithRejected: 0, skippedText: 0, failures: [] };

  constructor(private readonly engines: Engine[]) {}

  private fail(file: SpecFile, c: SpecCommand, why: string): void {
    this.report.failed++;
    this.report.failures.push(`${file.name}.wast:${c.line} ${c.type}: ${why}`);
  }

  /** Decode + validate; returns the module or the rejection. */
  private check(bytes: Uint8Array): { module?: WasmModule; error?: DecodeError | ValidationError } {
    try {
      const module = decodeModule(bytes);
      validateModule(module, { policy: SPEC_POLICY, byteLength: bytes.length });
      return { module };
    } catch (e) {
      if (e instanceof DecodeError || e instanceof ValidationError) return { error: e };
      throw e;
    }
  }

  private instantiate(module: WasmModule, bytes: Uint8Array): Instance[] {
    return this.engines.map((engine) => {
      const inst = engine.instantiate(engine.prepare(module, bytes), (mod, name) =>
        mod === "spectest" && SPECTEST_FUNCS[name] ? noop : undefined, { gas: GAS, stackUsed: 0 });
      inst.runStart();
      return inst;
    });
  }

  runFile(file: SpecFile): void {
    let current: Loaded | undefined;
    const named = new Map<string, Loaded>();
    const registered = new Map<string, Loaded>();
    for (const c of file.commands) {
      try {
        if (c.type === "register") {
          const target = c.name ? named.get(c.name) : current;
          if (target) registered.set(c.as!, target);
        }
        // Each module file is read, decoded and validated once, here.
        const mod = c.filename?.endsWith(".wasm") ? this.load(file, c) : undefined;
        if (mod) this.taintImported(mod, registered);
        current = this.runCommand(file, c, current, named, mod);
      } catch (e) {
        this.fail(file, c, `unexpected exception: ${(e as Error)?.stack ?? String(e)}`);
      }
    }
  }

  /**
   * A module the policy refuses may import (and, in the suite, write to) a table or memory
   * of a registered module; from then on that module's state is not what the suite expects.
   */
  private taintImported({ bytes, checked }: LoadedFile, registered: Map<string, Loaded>): void {
    if (!checked.error || !(checked.error instanceof ValidationError) || rejectionKind(checked.error) !== "policy") return;
    let m: WasmModule;
    try { m = decodeModule(bytes); } catch { return; }
    for (const imp of m.imports) {
      const target = registered.get(imp.module);
      if (target?.kind === "ok" && imp.desc.kind !== "func") target.tainted = true;
    }
  }

  private load(file: SpecFile, c: SpecCommand): LoadedFile {
    const bytes = new Uint8Array(readFileSync(join(file.dir, c.filename!)));
    return { bytes, checked: this.check(bytes) };
  }

  private countPolicy(rule: string): void {
    this.report.policyRules[rule] = (this.report.policyRules[rule] ?? 0) + 1;
  }

  private runCommand(file: SpecFile, c: SpecCommand, current: Loaded | undefined, named: Map<string, Loaded>, mod: LoadedFile | undefined): Loaded | undefined {
    switch (c.type) {
      case "module": {
        const { bytes, checked } = mod!;
        let loaded: Loaded;
        if (checked.error) {
          if (rejectionKind(checked.error) === "policy") {
            this.countPolicy(checked.error.rule);
            this.report.rejectedByPolicy++;
            loaded = { kind: "policy", rule: checked.error.rule };
          } else {
            this.fail(file, c, `valid module rejected: ${checked.error.message}`);
            loaded = { kind: "failed" };
          }
        } else {
          try {
            loaded = { kind: "ok", module: checked.module!, instances: this.instantiate(checked.module!, bytes) };
            this.report.passed++;
          } catch (e) {
            this.fail(file, c, `instantiation failed: ${(e as Error).message}`);
            loaded = { kind: "failed" };
          }
        }
        if (c.name) named.set(c.name, loaded);
        return loaded;
      }
      case "register":
        return current; // cross-module linking needs non-host imports, which the policy refuses
      case "assert_malformed":
      case "assert_invalid": {
        if (c.module_type === "text") { this.report.skippedText++; return current; }
        const { checked } = mod!;
        if (!checked.error) this.fail(file, c, `accepted a module expected ${c.type === "assert_malformed" ? "malformed" : "invalid"}: ${c.text}`);
        else if (c.type === "assert_malformed" && !(checked.error instanceof DecodeError)) this.fail(file, c, `expected a decode error (${c.text}), got ${checked.error.message}`);
        else if (rejectionKind(checked.error) === "policy") { this.countPolicy(checked.error.rule); this.report.rejectedByPolicy++; }
        else this.report.passed++;
        return current;
      }
      case "assert_unlinkable":
      case "assert_uninstantiable": {
        if (c.module_type === "text") { this.report.skippedText++; return current; }
        const { bytes, checked } = mod!;
        if (checked.error) {
          if (rejectionKind(checked.error) === "policy") { this.countPolicy(checked.error.rule); this.report.rejectedByPolicy++; }
          else this.fail(file, c, `rejected as invalid: ${checked.error.message}`);
          return current;
        }
        try {
          this.instantiate(checked.module!, bytes);
          this.fail(file, c, "instantiated a module expected to fail");
        } catch (e) {
          const want = specTrapCode(c.text ?? "");
          if (c.type === "assert_uninstantiable" && !(e instanceof Trap && e.code === want)) this.fail(file, c, `wrong failure: ${(e as Error).message}, want ${want}`);
          else this.report.passed++;
        }
        return current;
      }
      case "action":
      case "assert_return":
      case "assert_trap":
      case "assert_exhaustion": {
        const target = c.action!.module ? named.get(c.action!.module) : current;
        if (!target || target.kind === "failed") { this.fail(file, c, "no module to run"); return current; }
        if (target.kind === "policy") { this.report.rejectedByPolicy++; return current; }
        if (target.tainted) { this.report.sharedWithRejected++; return current; }
        this.runAction(file, c, target);
        return current;
      }
      default:
        this.fail(file, c, `unknown command type ${c.type}`);
        return current;
    }
  }

  private runAction(file: SpecFile, c: SpecCommand, target: Extract<Loaded, { kind: "ok" }>): void {
    const action = c.action!;
    const args = (action.args ?? []).map(specValue);
    const outcomes = target.instances.map((inst) => {
      try {
        if (action.type === "get") return { values: [inst.getGlobal(action.field)!] };
        return { values: inst.invoke(action.field, args as Value[]) };
      } catch (e) {
        if (e instanceof Trap) return { trap: e.code };
        return { error: (e as Error)?.message ?? String(e) };
      }
    });
    // Engines must agree on everything, including the gas left.
    const gas = target.instances.map((i) => i.gasLeft());
    const descr = outcomes.map((o) => JSON.stringify(o, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)));
    if (new Set(descr).size > 1 || new Set(gas).size > 1) {
      this.fail(file, c, `engines disagree: ${descr.join(" vs ")} gas ${gas.join(" vs ")}`);
      return;
    }
    const o = outcomes[0];
    if ("error" in o) { this.fail(file, c, `exception: ${o.error}`); return; }
    if (c.type === "action") { this.report.passed++; return; }
    if (c.type === "assert_return") {
      if ("trap" in o) { this.fail(file, c, `trapped ${o.trap}`); return; }
      const want = (c.expected ?? []).map(specValue);
      const got = o.values!;
      const same = want.length === got.length && want.every((w, i) => w === got[i]);
      if (same) this.report.passed++;
      else this.fail(file, c, `got ${got.join(",")} want ${want.join(",")}`);
      return;
    }
    const want = specTrapCode(c.text ?? "");
    if ("trap" in o && o.trap === want) this.report.passed++;
    else this.fail(file, c, `got ${"trap" in o ? o.trap : "values " + o.values!.join(",")}, want ${want} (${c.text})`);
  }
}

function specValue(v: SpecValue): Value {
  if (v.type === "i32") return Number(BigInt.asIntN(32, BigInt(v.value as string)));
  if (v.type === "i64") return BigInt.asIntN(64, BigInt(v.value as string));
  throw new Error(`non-integer value type ${v.type} reached a module the policy accepted`);
}
