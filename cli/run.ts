// `silk run <file.silk|dir> [--init 'args'] [--script file] [--call 'f(args)']… [--from name]
// [--value n] [--engine v8|interp] [--json]`: compile, deploy on a fresh in-memory chain, run the
// calls and print decoded return values, events, gas and decoded reverts. Named accounts (alice,
// bob, carol, dave, eve) are funded; write `@bob` in a call expression for bob's address.

import type { Command } from "commander";
import type { CompileIo } from "./compile.js";
import { ACCOUNTS, accountAddress, describeOutcome, GAS, initInput, loadContract, newVm, parseAccount, parseEngine, printHuman, readCalls, runScriptCall, usageGuard, withCallOptions, type CallCliOptions } from "./session.js";
import { EXIT_OK, parseBigIntArg, processIo, toHex } from "./util.js";

// Kept as exports of this module: tests and older callers import them from here.
export { ACCOUNTS, ACCOUNT_FUNDS, accountAddress, plain } from "./session.js";

export type RunCliOptions = CallCliOptions;

export function runRun(file: string, opts: RunCliOptions, io: CompileIo): number {
  return usageGuard("run", io, () => {
    const engine = parseEngine(opts.engine);
    const from = parseAccount(opts.from, "--from");
    const value = parseBigIntArg(opts.value ?? "0", "--value");
    const loaded = loadContract(file, opts, io);
    if (typeof loaded === "number") return loaded;
    const { contract: c, abi } = loaded;
    const init = initInput(abi, opts.init);
    const calls = readCalls(opts, abi, { from, value }, io.cwd);

    const vm = newVm(engine);
    const d = vm.deploy({ from: accountAddress(from), code: c.wasm, input: init, gas: GAS });
    const results: Record<string, unknown>[] = [];
    const deployOut = { call: "deploy", address: "0x" + toHex(d.address), ...describeOutcome(abi, d.result, undefined) };
    results.push(deployOut);
    if (!opts.json) {
      io.out(`contract ${c.name} at 0x${toHex(d.address)}\n`);
      printHuman(io, "deploy", deployOut);
    }
    if (d.result.status === "ok") {
      for (const call of calls) {
        const o = { call: call.text, ...describeOutcome(abi, runScriptCall(vm, d.address, call), call.fn) };
        results.push(o);
        if (!opts.json) printHuman(io, call.text, o);
      }
    }
    if (opts.json) io.out(JSON.stringify({ contract: c.name, accounts: Object.fromEntries(ACCOUNTS.map((a) => [a, "0x" + toHex(accountAddress(a))])), results }) + "\n");
    return EXIT_OK;
  });
}

export function registerRun(program: Command): void {
  const cmd = program
    .command("run")
    .description("compile a Silk contract, deploy it on an in-memory chain and make calls")
    .argument("<file|dir>", "a Silk source file, or a directory whose .silk files are compiled together");
  withCallOptions(cmd, { from: "caller", value: "value attached to every call (not the deploy)", contract: "the contract to run when there are several" })
    .action((file: string, opts: RunCliOptions) => {
      process.exitCode = runRun(file, opts, processIo());
    });
}
