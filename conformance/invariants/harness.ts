// A deployed test build on a Vm, with its invariants checked on demand (docs/cli.md "silk test",
// "silk fuzz"). A check calls every invariant read-only, from the first actor, once for every
// combination of its parameters' edge values (values.ts): an `address` parameter ranges over the
// actors, the contract's own address and the zero address. The first invariant that returns
// false, reverts or traps is the failure.

import { decodeError, encodeTuple, formatValue, type AbiInvariant, type AbiType, type AbiValue, type ContractAbi, type DecodedRevert } from "../../stdlib/abi/index.js";
import type { Vm } from "../../vm/exec/vm.js";
import type { ExecResult } from "../../vm/exec/result.js";
import { combinations, edgeValues, type ValuePool } from "./values.js";

export interface Actor {
  /** As written in call expressions and reports, e.g. `@bob`. */
  name: string;
  address: Uint8Array;
}

export type CheckOutcome =
  | { kind: "false" }
  | { kind: "revert"; error: DecodedRevert | { raw: Uint8Array } }
  | { kind: "trap"; trap: string }
  | { kind: "rejected"; reason: string }
  | { kind: "bad-return"; data: Uint8Array };

export interface InvariantFailure {
  invariant: AbiInvariant;
  args: AbiValue[];
  outcome: CheckOutcome;
}

export const CHECK_GAS = 100_000_000n;

export class InvariantHarness {
  address: Uint8Array | undefined;
  pool: ValuePool = { addresses: [] };
  /** Read-only invariant calls made so far. */
  checks = 0;
  private readonly argSets = new Map<AbiInvariant, AbiValue[][]>();

  constructor(readonly vm: Vm, readonly code: Uint8Array, readonly abi: ContractAbi, readonly actors: readonly Actor[]) {}

  deploy(from: Uint8Array, input: Uint8Array, value = 0n, gas = CHECK_GAS): ExecResult {
    const d = this.vm.deploy({ from, code: this.code, input, value, gas });
    if (d.result.status === "ok") {
      this.address = d.address;
      this.pool = { addresses: [...this.actors.map((a) => a.address), d.address, new Uint8Array(32)] };
    }
    return d.result;
  }

  call(from: Uint8Array, input: Uint8Array, value = 0n, gas = CHECK_GAS): ExecResult {
    return this.vm.call({ from, to: this.deployed(), input, value, gas });
  }

  /** The argument combinations an invariant is checked with (fixed for the session). */
  argumentsOf(inv: AbiInvariant): AbiValue[][] {
    let sets = this.argSets.get(inv);
    if (!sets) {
      sets = combinations(inv.params.map((p) => edgeValues(p.type, this.pool)));
      this.argSets.set(inv, sets);
    }
    return sets;
  }

  /** Checks every invariant with every argument combination; the first failure, if any. */
  check(): InvariantFailure | undefined {
    for (const inv of this.abi.invariants) {
      for (const args of this.argumentsOf(inv)) {
        const outcome = this.checkOne(inv, args);
        if (outcome) return { invariant: inv, args, outcome };
      }
    }
    return undefined;
  }

  /** One read-only call of an invariant: undefined when it holds. */
  checkOne(inv: AbiInvariant, args: AbiValue[]): CheckOutcome | undefined {
    const input = new Uint8Array([...inv.selector, ...encodeTuple(inv.params.map((p) => p.type), args)]);
    this.checks++;
    const r = this.vm.call({ from: this.actors[0]!.address, to: this.deployed(), input, gas: CHECK_GAS, readOnly: true });
    switch (r.status) {
      case "ok":
        if (r.returnData.length === 1 && r.returnData[0] === 1) return undefined;
        return r.returnData.length === 1 && r.returnData[0] === 0 ? { kind: "false" } : { kind: "bad-return", data: r.returnData };
      case "revert":
        try {
          return { kind: "revert", error: decodeError(this.abi, r.returnData) };
        } catch {
          return { kind: "revert", error: { raw: r.returnData } };
        }
      case "trap":
        return { kind: "trap", trap: r.trap ?? "unknown" };
      case "rejected":
        return { kind: "rejected", reason: r.rejection ?? "unknown" };
    }
  }

  /** Call-expression text of a value, with actors by name (`@bob`). */
  format(t: AbiType, v: AbiValue): string {
    return formatValue(t, v, (a) => this.actors.find((x) => bytesEq(x.address, a))?.name);
  }

  /** `Token.balance_within_supply(who: @bob)` */
  describeCheck(f: InvariantFailure): string {
    return `${f.invariant.owner}.${f.invariant.name}(${f.invariant.params.map((p, i) => `${p.name}: ${this.format(p.type, f.args[i]!)}`).join(", ")})`;
  }

  private deployed(): Uint8Array {
    if (!this.address) throw new Error("InvariantHarness: deploy first");
    return this.address;
  }
}

function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One line for why a check failed: `is false`, `reverted: Panic(ArithmeticOverflow)`, … */
export function outcomeText(o: CheckOutcome): string {
  switch (o.kind) {
    case "false": return "is false";
    case "revert": {
      const e = o.error as Record<string, unknown>;
      const what = e.kind === "message" ? `"${String(e.message)}"` : e.kind === "panic" ? `Panic(${String(e.name ?? e.code)})` : e.kind === "error" ? String(e.name) : "revert data " + Buffer.from(e.raw as Uint8Array).toString("hex");
      return `reverted: ${what}`;
    }
    case "trap": return `trapped: ${o.trap}`;
    case "rejected": return `was rejected by the VM: ${o.reason}`;
    case "bad-return": return `returned ${Buffer.from(o.data).toString("hex") || "nothing"}, not a bool`;
  }
}
