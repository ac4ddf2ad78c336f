// What `silk run`, `silk test` and `silk fuzz` share: the named accounts, compiling a file to
// the one contract to run, deploy arguments, call scripts (docs/cli.md "Call scripts"), a fresh
// in-memory chain, and the decoding and printing of transaction outcomes.

import * as path from "node:path";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { sha256 } from "@noble/hashes/sha2.js";
import { compileFiles, type CompiledContract } from "../compiler/driver/compile.js";
import { AbiError, decodeError, decodeEvent, decodeReturn, encodeTuple, loadAbi, parseCallExpression, parseValue, type ContractAbi } from "../stdlib/abi/index.js";
import { V8Engine } from "../vm/engine/v8/engine.js";
import { InterpEngine } from "../vm/engine/interp/engine.js";
import { MemoryState } from "../vm/state/memory.js";
import { Vm } from "../vm/exec/vm.js";
import type { ExecResult } from "../vm/exec/result.js";
import { parseOptLevel, printDiagnostics, type CompileIo } from "./compile.js";
import { EXIT_ERRORS, EXIT_USAGE, parseBigIntArg, toHex, UsageError } from "./util.js";

export const ACCOUNTS = ["alice", "bob", "carol", "dave", "eve"] as const;
export const ACCOUNT_FUNDS = 10n ** 24n;
export const GAS = 100_000_000n;
export const BLOCK = { height: 1n, time: 1_700_000_000n, chainId: 1n };
export type EngineName = "v8" | "interp";

/** A named account's address: sha256("silk/account/" + name). */
export function accountAddress(name: string): Uint8Array {
  return sha256(new TextEncoder().encode(`silk/account/${name}`));
}

const isAccount = (name: string): boolean => (ACCOUNTS as readonly string[]).includes(name);

/** Replaces `@name` by the named account's address (hex). */
export function withAccounts(text: string): string {
  return text.replace(/@([a-z]+)/g, (m, name: string) => (isAccount(name) ? "0x" + toHex(accountAddress(name)) : m));
}

/** The name of an account (`@bob`), for reports; undefined for any other address. */
export function accountName(a: Uint8Array): string | undefined {
  const hex = toHex(a);
  const name = ACCOUNTS.find((n) => toHex(accountAddress(n)) === hex);
  return name === undefined ? undefined : `@${name}`;
}

export function parseEngine(name: string | undefined): EngineName {
  const e = name ?? "v8";
  if (e !== "v8" && e !== "interp") throw new UsageError(`--engine must be v8 or interp, got "${e}"`);
  return e;
}

export function parseAccount(name: string | undefined, what: string): string {
  const a = name ?? "alice";
  if (!isAccount(a)) throw new UsageError(`${what} must be one of ${ACCOUNTS.join(", ")}, got "${a}"`);
  return a;
}

export interface LoadOptions {
  optimize?: string;
  contract?: string;
  test?: boolean;
}

/**
 * Compiles `file` and returns its one contract (or the one named) with its loaded ABI; prints
 * diagnostics. Throws UsageError for a missing file or an ambiguous contract; returns the exit
 * code 1 on compile errors.
 */
export function loadContract(file: string, opts: LoadOptions, io: CompileIo): { contract: CompiledContract; abi: ContractAbi } | number {
  const level = parseOptLevel(opts.optimize);
  if (level === undefined) throw new UsageError(`-O must be 0, 1, 2 or 3, got "${opts.optimize}"`);
  const abs = path.resolve(io.cwd, file);
  if (!existsSync(abs)) throw new UsageError(`no such file or directory: ${file}`);
  // A directory is a project: its `.silk` files (not its subdirectories), in name order, are
  // compiled together, and the contract is the only one they define or the one --contract names.
  const isDir = statSync(abs).isDirectory();
  const files = isDir ? readdirSync(abs).filter((f) => f.endsWith(".silk")).sort().map((f) => path.join(abs, f)).filter((f) => statSync(f).isFile()) : [abs];
  if (files.length === 0) throw new UsageError(`no .silk files in ${file}`);
  const r = compileFiles(files, { optimize: level, contract: opts.contract, test: opts.test });
  printDiagnostics(r, io);
  if (!r.ok) return EXIT_ERRORS;
  if (r.contracts.length !== 1) {
    const where = isDir ? `the directory ${file}` : file;
    throw new UsageError(r.contracts.length === 0
      ? `no contract${opts.contract ? ` named ${opts.contract}` : ""} in ${where}`
      : `${where} has ${r.contracts.length} contracts (${r.contracts.map((c) => c.name).join(", ")}); choose one with --contract`);
  }
  const contract = r.contracts[0]!;
  return { contract, abi: loadAbi(JSON.stringify(contract.abi)) };
}

/** The deploy input from `--init` text: the init arguments as in a call expression, without parentheses. */
export function initInput(abi: ContractAbi, text: string | undefined): Uint8Array {
  const types = abi.init?.inputs.map((f) => f.type) ?? [];
  const t = withAccounts(text ?? "").trim();
  try {
    const args = types.length === 0 && t === "" ? [] : (parseValue(`(${t}${types.length === 1 ? "," : ""})`, { kind: "tuple", elems: types }) as unknown[]);
    return encodeTuple(types, args);
  } catch (e) {
    if (e instanceof AbiError) throw new UsageError(`--init: ${e.message}`);
    throw e;
  }
}

/** One transaction of a call script. */
export interface ScriptCall {
  /** The line as written (trimmed), for reports. */
  text: string;
  /** `file:line` or `--call`. */
  where: string;
  fn: string;
  input: Uint8Array;
  from: string;
  value: bigint;
  /** The block height from this call on, when the line sets one. */
  height?: bigint;
}

/**
 * Reads one script line: `[@sender] [value=N] [height=N] f(args)` (docs/cli.md "Call scripts").
 * Returns undefined for a blank or `#` comment line. Throws UsageError naming `where`.
 */
export function parseScriptLine(line: string, where: string, abi: ContractAbi, defaults: { from: string; value: bigint }): ScriptCall | undefined {
  const text = line.trim();
  let rest = text;
  if (rest === "" || rest.startsWith("#")) return undefined;
  let from = defaults.from, value = defaults.value, height: bigint | undefined;
  for (;;) {
    const m = /^(@[a-z]+|value=\S+|height=\S+)\s+/.exec(rest);
    if (!m) break;
    const word = m[1]!;
    rest = rest.slice(m[0].length);
    if (word.startsWith("@")) from = parseAccount(word.slice(1), `${where}: the sender`);
    else if (word.startsWith("value=")) value = parseBigIntArg(word.slice(6), `${where}: value`);
    else height = parseBigIntArg(word.slice(7), `${where}: height`);
  }
  try {
    const p = parseCallExpression(withAccounts(rest), abi);
    return { text, where, fn: p.fn.name, input: p.input, from, value, ...(height !== undefined ? { height } : {}) };
  } catch (e) {
    if (e instanceof AbiError) throw new UsageError(`${where}: ${e.message}`);
    throw e;
  }
}

/** The calls of `--script file` (first) and of each `--call` (then), in order. */
export function readCalls(opts: { script?: string; call?: string[] }, abi: ContractAbi, defaults: { from: string; value: bigint }, cwd: string): ScriptCall[] {
  const out: ScriptCall[] = [];
  if (opts.script !== undefined) {
    let text: string;
    try {
      text = readFileSync(path.resolve(cwd, opts.script), "utf8");
    } catch {
      throw new UsageError(`cannot read script: ${opts.script}`);
    }
    text.split(/\r?\n/).forEach((line, i) => {
      const c = parseScriptLine(line, `${opts.script}:${i + 1}`, abi, defaults);
      if (c) out.push(c);
    });
  }
  for (const line of opts.call ?? []) {
    const c = parseScriptLine(line, "--call", abi, defaults);
    if (c) out.push(c);
  }
  return out;
}

/** A fresh in-memory chain: the named accounts funded, block height 1. */
export function newVm(engine: EngineName): Vm {
  const state = new MemoryState();
  for (const a of ACCOUNTS) state.setBalance(accountAddress(a), ACCOUNT_FUNDS);
  return new Vm({ state, engine: engine === "v8" ? new V8Engine() : new InterpEngine(), block: { ...BLOCK } });
}

/** Runs one script call on `vm` against the contract at `to`. */
export function runScriptCall(vm: Vm, to: Uint8Array, c: ScriptCall): ExecResult {
  if (c.height !== undefined) vm.block = { ...vm.block, height: c.height };
  return vm.call({ from: accountAddress(c.from), to, input: c.input, value: c.value, gas: GAS });
}

/** JSON-friendly rendering of decoded ABI values (bigint → string, bytes → 0x hex). */
export function plain(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return "0x" + toHex(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

export function show(v: unknown): string {
  const p = plain(v);
  return typeof p === "string" ? p : JSON.stringify(p);
}

/** An outcome decoded against the ABI: status, gas, return value, revert, trap and events. */
export function describeOutcome(abi: ContractAbi, r: ExecResult, fn: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { status: r.status, gasUsed: r.gasUsed.toString() };
  if (r.status === "ok" && fn) {
    try {
      out.returns = plain(decodeReturn(abi, fn, r.returnData));
    } catch {
      out.returns = { raw: "0x" + toHex(r.returnData) };
    }
  }
  if (r.status === "revert") out.error = describeRevert(abi, r.returnData);
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

export function describeRevert(abi: ContractAbi, data: Uint8Array): Record<string, unknown> {
  try {
    return plain(decodeError(abi, data)) as Record<string, unknown>;
  } catch {
    return { raw: "0x" + toHex(data) };
  }
}

/** One line for a decoded revert: `"message"`, `Panic(name)` or `Error {fields}`. */
export function revertText(err: Record<string, unknown>): string {
  return err.kind === "message" ? `"${err.message}"` : err.kind === "panic" ? `Panic(${err.name ?? err.code})` : err.kind === "error" ? `${err.name} ${show(err.values)}` : show(err);
}

export function printHuman(io: CompileIo, label: string, o: Record<string, unknown>): void {
  const err = o.error as Record<string, unknown> | undefined;
  let head = String(o.status);
  if (o.trap) head += ` (${o.trap})`;
  if (o.rejection) head += ` (${o.rejection})`;
  io.out(`${label}: ${head}, gas ${o.gasUsed}\n`);
  if ("returns" in o) io.out(`  returns ${show(o.returns)}\n`);
  if (err) io.out(`  reverted: ${revertText(err)}\n`);
  for (const e of o.events as Record<string, unknown>[]) io.out(`  event ${e.name ?? "?"} ${show(e.values ?? e)}\n`);
}

/** `1 call`, `2 calls`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Runs a command body, turning UsageError into a message and exit code 2. */
export function usageGuard(cmd: string, io: CompileIo, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`silk ${cmd}: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

/** What withCallOptions parses. */
export interface CallCliOptions {
  init?: string;
  script?: string;
  call?: string[];
  from?: string;
  value?: string;
  engine?: string;
  json?: boolean;
  contract?: string;
  optimize?: string;
}

/** The options `silk run` and `silk test` share (deploy, calls, engine, build); the help texts that differ are passed in. */
export function withCallOptions(cmd: Command, help: { from: string; value: string; contract: string }): Command {
  return cmd
    .option("--init <args>", "init arguments, e.g. '1000'", "")
    .option("--script <file>", "a call script: one call per line, `[@sender] [value=N] [height=N] f(args)`")
    .option("--call <expr>", "a call, e.g. 'transfer(@bob, 10)' (repeatable; after the script)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--from <name>", `${help.from}: ${ACCOUNTS.join(", ")}`, "alice")
    .option("--value <n>", help.value, "0")
    .option("--engine <name>", "v8 | interp", "v8")
    .option("--contract <name>", help.contract)
    .option("-O, --optimize <n>", "binaryen optimisation level 0-3", "2")
    .option("--json", "print one JSON object");
}
