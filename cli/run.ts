// `silk run <file.silk> [--init 'args'] [--call 'f(args)']… [--from name] [--value n]
// [--engine v8|interp] [--json]`: compile, deploy on a fresh in-memory chain, run the calls and
// print decoded return values, events, gas and decoded reverts. Named accounts (alice, bob,
// carol, dave, eve) are funded; write `@bob` in a call expression for bob's address.

import * as path from "node:path";
import { existsSync, statSync } from "node:fs";
import type { Command } from "commander";
import { sha256 } from "@noble/hashes/sha2.js";
import { compileFiles } from "../compiler/driver/compile.js";
import { AbiError, decodeError, decodeEvent, decodeReturn, encodeTuple, loadAbi, parseCallExpression, parseValue, type ContractAbi } from "../stdlib/abi/index.js";
import { V8Engine } from "../vm/engine/v8/engine.js";
import { InterpEngine } from "../vm/engine/interp/engine.js";
import { MemoryState } from "../vm/state/memory.js";
import { Vm } from "../vm/exec/vm.js";
import type { ExecResult } from "../vm/exec/result.js";
import { parseOptLevel, printDiagnostics, type CompileIo } from "./compile.js";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, parseBigIntArg, toHex } from "./util.js";

export const ACCOUNTS = ["alice", "bob", "carol", "dave", "eve"] as const;
export const ACCOUNT_FUNDS = 10n ** 24n;
const GAS = 100_000_000n;

/** A named account's address: sha256("silk/account/" + name). */
export function accountAddress(name: string): Uint8Array {
  return sha256(new TextEncoder().encode(`silk/account/${name}`));
}

export interface RunCliOptions {
  init?: string;
  call?: string[];
  from?: string;
  value?: string;
  engine?: string;
  json?: boolean;
  contract?: string;
  optimize?: string;
}

/** Replaces `@name` by the named account's address (hex). */
function withAccounts(text: string): string {
  return text.replace(/@([a-z]+)/g, (m, name: string) => ((ACCOUNTS as readonly string[]).includes(name) ? "0x" + toHex(accountAddress(name)) : m));
}

/** JSON-friendly rendering of decoded ABI values (bigint → string, bytes → 0x hex). */
export function plain(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return "0x" + toHex(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function show(v: unknown): string {
  const p = plain(v);
  return typeof p === "string" ? p : JSON.stringify(p);
}

function describeOutcome(abi: ContractAbi, r: ExecResult, fn: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { status: r.status, gasUsed: r.gasUsed.toString() };
  if (r.status === "ok" && fn) out.returns = plain(decodeReturn(abi, fn, r.returnData));
  if (r.status === "revert") {
    try {
      out.error = plain(decodeError(abi, r.returnData));
    } catch {
      out.error = { raw: "0x" + toHex(r.returnData) };
    }
  }
  if (r.trap) out.trap = r.trap;
  if (r.rejection) out.rejection = r.rejection;
  out.events = r.events.map((e) => {
    try {
      const d = decodeEvent(abi, e.topics, e.data);
      return plain({ name: d.event.name, values: d.values, ...(Object.keys(d.hashes).length ? { hashes: d.hashes } : {}) });
    } catch {
      return { topics: e.topics.map((t) => "0x" + toHex(t)), data: "0x" + toHex(e.data) };
    }
  });
  return out;
}

function printHuman(io: CompileIo, label: string, o: Record<string, unknown>): void {
  const err = o.error as Record<string, unknown> | undefined;
  let head = String(o.status);
  if (o.trap) head += ` (${o.trap})`;
  if (o.rejection) head += ` (${o.rejection})`;
  io.out(`${label}: ${head}, gas ${o.gasUsed}\n`);
  if ("returns" in o) io.out(`  returns ${show(o.returns)}\n`);
  if (err) {
    const what = err.kind === "message" ? `"${err.message}"` : err.kind === "panic" ? `Panic(${err.name ?? err.code})` : err.kind === "error" ? `${err.name} ${show(err.values)}` : show(err);
    io.out(`  reverted: ${what}\n`);
  }
  for (const e of o.events as Record<string, unknown>[]) io.out(`  event ${e.name ?? "?"} ${show(e.values ?? e)}\n`);
}

export function runRun(file: string, opts: RunCliOptions, io: CompileIo): number {
  const engineName = opts.engine ?? "v8";
  if (engineName !== "v8" && engineName !== "interp") {
    io.err(`silk run: --engine must be v8 or interp, got "${engineName}"\n`);
    return EXIT_USAGE;
  }
  const from = opts.from ?? "alice";
  if (!(ACCOUNTS as readonly string[]).includes(from)) {
    io.err(`silk run: --from must be one of ${ACCOUNTS.join(", ")}\n`);
    return EXIT_USAGE;
  }
  let value: bigint;
  try {
    value = parseBigIntArg(opts.value ?? "0", "--value");
  } catch (e) {
    io.err(`silk run: ${(e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const level = parseOptLevel(opts.optimize);
  if (level === undefined) {
    io.err(`silk run: -O must be 0, 1, 2 or 3\n`);
    return EXIT_USAGE;
  }
  const abs = path.resolve(io.cwd, file);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    io.err(`silk run: no such file: ${file}\n`);
    return EXIT_USAGE;
  }
  const r = compileFiles([abs], { optimize: level, contract: opts.contract });
  printDiagnostics(r, io);
  if (!r.ok) return EXIT_ERRORS;
  if (r.contracts.length !== 1) {
    io.err(`silk run: the file has ${r.contracts.length} contracts; choose one with --contract\n`);
    return EXIT_USAGE;
  }
  const c = r.contracts[0]!;
  const abi = loadAbi(JSON.stringify(c.abi));

  let initInput: Uint8Array;
  const calls: { text: string; fn: string; input: Uint8Array }[] = [];
  try {
    const types = abi.init?.inputs.map((f) => f.type) ?? [];
    const initText = withAccounts(opts.init ?? "").trim();
    const initArgs = types.length === 0 && initText === "" ? [] : (parseValue(`(${initText}${types.length === 1 ? "," : ""})`, { kind: "tuple", elems: types }) as unknown[]);
    initInput = encodeTuple(types, initArgs);
    for (const text of opts.call ?? []) {
      const p = parseCallExpression(withAccounts(text), abi);
      calls.push({ text, fn: p.fn.name, input: p.input });
    }
  } catch (e) {
    if (e instanceof AbiError) {
      io.err(`silk run: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  const state = new MemoryState();
  for (const a of ACCOUNTS) state.setBalance(accountAddress(a), ACCOUNT_FUNDS);
  const vm = new Vm({ state, engine: engineName === "v8" ? new V8Engine() : new InterpEngine(), block: { height: 1n, time: 1_700_000_000n, chainId: 1n } });
  const sender = accountAddress(from);
  const d = vm.deploy({ from: sender, code: c.wasm, input: initInput, gas: GAS });
  const results: Record<string, unknown>[] = [];
  const deployOut = { call: "deploy", address: "0x" + toHex(d.address), ...describeOutcome(abi, d.result, undefined) };
  results.push(deployOut);
  if (!opts.json) {
    io.out(`contract ${c.name} at 0x${toHex(d.address)}\n`);
    printHuman(io, "deploy", deployOut);
  }
  if (d.result.status === "ok") {
    for (const call of calls) {
      const res = vm.call({ from: sender, to: d.address, input: call.input, value, gas: GAS });
      const o = { call: call.text, ...describeOutcome(abi, res, call.fn) };
      results.push(o);
      if (!opts.json) printHuman(io, call.text, o);
    }
  }
  if (opts.json) io.out(JSON.stringify({ contract: c.name, accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, "0x" + toHex(accountAddress(a))])), results }) + "\n");
  return EXIT_OK;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("compile a Silk contract, deploy it on an in-memory chain and make calls")
    .argument("<file>", "a Silk source file (.silk)")
    .option("--init <args>", "init arguments, e.g. '1000'", "")
    .option("--call <expr>", "a call, e.g. 'transfer(@bob, 10)' (repeatable)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--from <name>", `caller: ${ACCOUNTS.join(", ")}`, "alice")
    .option("--value <n>", "value attached to every call (not the deploy)", "0")
    .option("--engine <name>", "v8 | interp", "v8")
    .option("--contract <name>", "the contract to run when the file has several")
    .option("-O, --optimize <n>", "binaryen optimisation level 0-3", "2")
    .option("--json", "print one JSON object")
    .action((file: string, opts: RunCliOptions) => {
      process.exitCode = runRun(file, opts, {
        out: (s) => process.stdout.write(s),
        err: (s) => process.stderr.write(s),
        isTty: process.stderr.isTTY === true,
        cwd: process.cwd(),
      });
    });
}
