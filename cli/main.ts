#!/usr/bin/env node
// The `silk` command. Thin: each command group lives in its own file and only wires
// arguments to the library. Exit codes: 0 success, 1 errors in the input (e.g. diagnostics),
// 2 usage error, 3 module rejected by the VM.

import { Command, CommanderError } from "commander";
import { registerVm } from "./vm.js";
import { registerFmt } from "./fmt.js";
import { registerCheck } from "./check.js";
import { registerCompile } from "./compile.js";
import { registerRun } from "./run.js";
import { EXIT_USAGE } from "./util.js";

const program = new Command();
program
  .name("silk")
  .description("Silk: a contract language, its Wasm compiler and a deterministic, gas-metered VM")
  .version("0.1.0")
  .exitOverride()
  .showHelpAfterError();

registerVm(program);
registerFmt(program);
registerCheck(program);
registerCompile(program);
registerRun(program);

try {
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
