#!/usr/bin/env node
// The `silk` command. Thin: each command group lives in its own file and only wires
// arguments to the library. Exit codes: 0 success, 1 errors in the input (e.g. diagnostics),
// 2 usage error, 3 module rejected by the VM.

import { setFlagsFromString } from "node:v8";
import { Command, CommanderError } from "commander";
import { EXIT_USAGE } from "./util.js";

type Register = (program: Command) => void;

// Command groups are loaded on demand: `silk check` should not pay for loading binaryen or
// the VM. Only a run that needs them all (help, or an unknown command) loads every group.
const GROUPS: Record<string, () => Promise<Register>> = {
  check: async () => (await import("./check.js")).registerCheck,
  fmt: async () => (await import("./fmt.js")).registerFmt,
  compile: async () => (await import("./compile.js")).registerCompile,
  run: async () => (await import("./run.js")).registerRun,
  test: async () => (await import("./test.js")).registerTest,
  fuzz: async () => (await import("./fuzz.js")).registerFuzz,
  vm: async () => (await import("./vm.js")).registerVm,
};

// binaryen.js is a ~10 MB Wasm module. In a short-lived process V8's default tiering spends
// ~0.4 s of a 1.1 s `silk compile` optimising binaryen's code in the background and waiting for
// it; Liftoff's baseline code is ready at once and fast enough for one compile (measured in
// bench/RESULTS.md, "Compiler"). The flag must be set before the first Wasm module is compiled,
// i.e. before a command group imports binaryen. It changes speed only, never results. Commands
// that run for long (a future node) are not in this list.
const SHORT_LIVED = new Set(["compile", "run", "test", "fuzz", "vm"]);
if (SHORT_LIVED.has(process.argv[2] ?? "") && process.env.SILK_V8_TIERING === undefined) setFlagsFromString("--liftoff-only");

const program = new Command();
program
  .name("silk")
  .description("Silk: a contract language, its Wasm compiler and a deterministic, gas-metered VM")
  .version("0.1.0")
  .exitOverride()
  .showHelpAfterError();

try {
  const group = process.argv[2];
  const wanted = group !== undefined && Object.hasOwn(GROUPS, group) ? [GROUPS[group]] : Object.values(GROUPS);
  for (const load of wanted) (await load())(program);
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Help and version end with exit code 0; everything else commander raises is a usage error.
    process.exitCode = e.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    console.error(`silk: internal error: ${(e as Error)?.stack ?? String(e)}`);
    process.exitCode = 70;
  }
}
