// `silk vm run` and `silk vm validate`: run a Wasm module on the VM of this project, as a
// contract on a fresh in-memory chain, or check it against the deterministic policy.

import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { decodeModule } from "../vm/decode/decode.js";
import { DecodeError, ValidationError, rejectionKind } from "../vm/errors.js";
import { validateModule } from "../vm/validate/validate.js";
import { V8Engine } from "../vm/engine/v8/engine.js";
import { InterpEngine } from "../vm/engine/interp/engine.js";
import type { Engine } from "../vm/engine/types.js";
import { MemoryState } from "../vm/state/memory.js";
import { Vm } from "../vm/exec/vm.js";
import type { ExecResult } from "../vm/exec/result.js";
import { EXIT_OK, EXIT_REJECTED, UsageError, guarded, parseBigIntArg, parseHex, toHex } from "./util.js";

const DEFAULT_GAS = 10_000_000n;
/** The account that deploys and calls in `silk vm run` (a fixed, documented address). */
const RUNNER = new Uint8Array(32).fill(0xaa);

async function loadModuleBytes(path: string): Promise<Uint8Array> {
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!path.endsWith(".wat")) return new Uint8Array(raw);
  // Text modules are a convenience of the CLI: wabt is loaded only here, never by the VM.
  const { default: wabtInit } = await import("wabt");
  const wabt = await wabtInit();
  try {
    const parsed = wabt.parseWat(path, raw.toString("utf8"), {
      bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true,
    });
    return new Uint8Array(parsed.toBinary({}).buffer);
  } catch (e) {
    throw new UsageError(`cannot parse ${path} as WebAssembly text: ${(e as Error).message}`);
  }
}

function engineOf(name: string): Engine {
  if (name === "v8") return new V8Engine();
  if (name === "interp") return new InterpEngine();
  throw new UsageError(`--engine must be v8 or interp, got "${name}"`);
}

interface Rejected { rule: string; kind: string; message: string }

function check(bytes: Uint8Array): Rejected | undefined {
  try {
    validateModule(decodeModule(bytes), { byteLength: bytes.length });
    return undefined;
  } catch (e) {
    if (e instanceof DecodeError || e instanceof ValidationError) return { rule: e.rule, kind: rejectionKind(e), message: e.message };
    throw e;
  }
}

function jsonResult(r: ExecResult): Record<string, unknown> {
  return {
    status: r.status,
    trap: r.trap ?? null,
    gasUsed: r.gasUsed.toString(),
    returnData: toHex(r.returnData),
    events: r.events.map((e) => ({ address: toHex(e.address), topics: e.topics.map(toHex), data: toHex(e.data) })),
    writes: r.writes.map((w) => ({ address: toHex(w.address), key: toHex(w.key), value: w.value === null ? null : toHex(w.value) })),
    ...(r.rejection ? { rule: r.rejection } : {}),
  };
}

function printHuman(r: ExecResult): void {
  const head = r.status === "trap" ? `trap (${r.trap})` : r.status === "rejected" ? `rejected (${r.rejection})` : r.status;
  console.log(`status:     ${head}`);
  console.log(`gas used:   ${r.gasUsed}`);
  console.log(`return:     0x${toHex(r.returnData)}`);
  for (const e of r.events) console.log(`event:      topics [${e.topics.map((t) => "0x" + toHex(t)).join(", ")}] data 0x${toHex(e.data)}`);
  for (const w of r.writes) console.log(`write:      0x${toHex(w.key)} = ${w.value === null ? "(removed)" : "0x" + toHex(w.value)}`);
}

export function registerVm(program: Command): void {
  const vm = program.command("vm").description("run and validate WebAssembly modules on the Silk VM");

  vm.command("validate")
    .description("decode and validate a module against the deterministic policy (exit 3 if rejected)")
    .argument("<module>", "a .wasm or .wat file")
    .option("--json", "print one JSON object")
    .action((path: string, opts: { json?: boolean }) => guarded(async () => {
      const rej = check(await loadModuleBytes(path));
      if (opts.json) console.log(JSON.stringify(rej ? { status: "rejected", ...rej } : { status: "valid" }));
      else if (rej) console.log(`rejected: ${rej.message}`);
      else console.log("valid");
      return rej ? EXIT_REJECTED : EXIT_OK;
    }));

  vm.command("run")
    .description("deploy a module on a fresh in-memory chain and call one export")
    .argument("<module>", "a .wasm or .wat file")
    .requiredOption("--export <name>", "the exported function to call")
    .option("--input <hex>", "call input (hex bytes)", "")
    .option("--gas <n>", "gas limit of the call", DEFAULT_GAS.toString())
    .option("--engine <name>", "v8 | interp", "v8")
    .option("--json", "print one JSON object")
    .action((path: string, opts: { export: string; input: string; gas: string; engine: string; json?: boolean }) => guarded(async () => {
      const input = parseHex(opts.input, "--input");
      const gas = parseBigIntArg(opts.gas, "--gas");
      const engine = engineOf(opts.engine);
      const bytes = await loadModuleBytes(path);
      const rej = check(bytes);
      if (rej) {
        if (opts.json) console.log(JSON.stringify({ status: "rejected", trap: null, gasUsed: "0", returnData: "", rule: rej.rule, message: rej.message }));
        else console.log(`rejected: ${rej.message}`);
        return EXIT_REJECTED;
      }
      const machine = new Vm({ state: new MemoryState(), engine });
      machine.state.setBalance(RUNNER, 10n ** 30n);
      const deployed = machine.deploy({ from: RUNNER, code: bytes, gas: 1n << 40n, init: false });
      if (deployed.result.status !== "ok") {
        const r = deployed.result;
        if (opts.json) console.log(JSON.stringify(jsonResult(r)));
        else printHuman(r);
        return r.status === "rejected" ? EXIT_REJECTED : EXIT_OK;
      }
      const r = machine.call({ from: RUNNER, to: deployed.address, input, gas, export: opts.export });
      if (r.status === "rejected" && r.rejection === "no_export") {
        const names = decodeModule(bytes).exports.filter((e) => e.kind === "func").map((e) => e.name);
        throw new UsageError(`--export ${opts.export}: no such entry point (exported functions: ${names.join(", ") || "none"})`);
      }
      if (opts.json) console.log(JSON.stringify(jsonResult(r)));
      else printHuman(r);
      return EXIT_OK;
    }));
}
