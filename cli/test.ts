// `silk test <file.silk> [--init 'args'] [--script file] [--call 'f(args)']… [--engine v8|interp]
// [--json]`: compile the test build, deploy it, make the calls of the script in order, and check
// every invariant after init and after every call, for every actor (docs/cli.md). Deterministic;
// exit 1 with a report naming the invariant, its arguments and the call after which it failed.

import type { Command } from "commander";
import type { CompileIo } from "./compile.js";
import { EXIT_ERRORS, EXIT_OK, parseBigIntArg, processIo, toHex } from "./util.js";
import { ACCOUNTS, accountAddress, describeOutcome, initInput, loadContract, newVm, parseAccount, parseEngine, plain, plural, printHuman, readCalls, runScriptCall, usageGuard, withCallOptions, type CallCliOptions, type ScriptCall } from "./session.js";
import { InvariantHarness, outcomeText, type Actor, type InvariantFailure } from "../conformance/invariants/harness.js";

/** The options of `silk test` are those of `silk run` (withCallOptions). */
export type TestCliOptions = CallCliOptions;

/** The named accounts as actors (`@alice` …), alice first: she deploys and asks the invariants. */
export function actors(): Actor[] {
  return ACCOUNTS.map((name) => ({ name: `@${name}`, address: accountAddress(name) }));
}

/** A violated invariant as JSON: names, arguments as call-expression text, why. */
export function failureJson(h: InvariantHarness, f: InvariantFailure): Record<string, unknown> {
  return {
    invariant: `${f.invariant.owner}.${f.invariant.name}`,
    args: Object.fromEntries(f.invariant.params.map((p, i) => [p.name, h.format(p.type, f.args[i]!)])),
    outcome: f.outcome.kind,
    message: `invariant ${h.describeCheck(f)} ${outcomeText(f.outcome)}`,
    ...(f.outcome.kind === "revert" ? { error: plain(f.outcome.error) } : {}),
  };
}

export function runTest(file: string, opts: TestCliOptions, io: CompileIo): number {
  return usageGuard("test", io, () => {
    const engine = parseEngine(opts.engine);
    const from = parseAccount(opts.from, "--from");
    const value = parseBigIntArg(opts.value ?? "0", "--value");
    const loaded = loadContract(file, { ...opts, test: true }, io);
    if (typeof loaded === "number") return loaded;
    const { contract: c, abi } = loaded;
    const init = initInput(abi, opts.init);
    const calls = readCalls(opts, abi, { from, value }, io.cwd);

    const h = new InvariantHarness(newVm(engine), c.wasm, abi, actors());
    const results: Record<string, unknown>[] = [];
    const say = (s: string) => {
      if (!opts.json) io.out(s);
    };
    const finish = (ok: boolean, extra: Record<string, unknown> = {}): number => {
      if (opts.json) {
        io.out(JSON.stringify({ contract: c.name, ok, invariants: abi.invariants.map((v) => `${v.owner}.${v.name}`), checks: h.checks, results, ...extra }) + "\n");
      }
      return ok ? EXIT_OK : EXIT_ERRORS;
    };
    /** Checks every invariant; on a failure prints the report and returns it for the JSON. */
    const check = (label: string, call: ScriptCall | undefined, index: number): Record<string, unknown> | undefined => {
      const before = h.checks;
      const f = h.check();
      if (!f) {
        if (abi.invariants.length) say(`  invariants hold (${plural(h.checks - before, "check")})\n`);
        return undefined;
      }
      say(`FAIL: invariant ${h.describeCheck(f)} ${outcomeText(f.outcome)}\n  after ${index === 0 ? "deploy" : `call ${index} (${call!.where}): ${label}`}\n`);
      return { failure: { ...failureJson(h, f), after: index === 0 ? "deploy" : label, index, ...(call ? { where: call.where } : {}) } };
    };

    say(`contract ${c.name} (test build, ${plural(abi.invariants.length, "invariant")})\n`);
    if (abi.invariants.length === 0) io.err(`silk test: warning: ${c.name} declares no invariants; only running the calls\n`);
    const deployed = h.deploy(accountAddress(from), init);
    const deployOut = { call: "deploy", ...describeOutcome(abi, deployed, undefined) };
    results.push(deployOut);
    if (!opts.json) printHuman(io, "deploy", deployOut);
    if (deployed.status !== "ok") {
      io.err(`silk test: the deploy did not succeed (${deployed.status}); no invariant can be checked\n`);
      return finish(false);
    }
    say(`  at 0x${toHex(h.address!)}\n`);
    const initFail = check("deploy", undefined, 0);
    if (initFail) return finish(false, initFail);
    for (const [i, call] of calls.entries()) {
      const label = call.text;
      const r = runScriptCall(h.vm, h.address!, call);
      const o: Record<string, unknown> = { call: label, ...describeOutcome(abi, r, call.fn) };
      results.push(o);
      if (!opts.json) printHuman(io, label, o);
      // A failed `assert` is a bug, not a revert (docs/language.md), as in `silk fuzz`.
      const err = o.error as Record<string, unknown> | undefined;
      if (err?.kind === "panic" && err.code === 1) {
        say(`FAIL: assert failed in call ${i + 1} (${call.where}): ${label}\n`);
        return finish(false, { failure: { assert: call.fn, after: label, index: i + 1, where: call.where, message: `assert failed in ${call.fn}` } });
      }
      const fail = check(label, call, i + 1);
      if (fail) return finish(false, fail);
    }
    say(`PASS: ${plural(calls.length, "call")}, ${plural(abi.invariants.length, "invariant")}, ${plural(h.checks, "check")}\n`);
    return finish(true);
  });
}

export function registerTest(program: Command): void {
  const cmd = program
    .command("test")
    .description("deploy the test build of a contract, make calls and check its invariants after each")
    .argument("<file|dir>", "a Silk source file, or a directory whose .silk files are compiled together");
  withCallOptions(cmd, { from: "deployer and default caller", value: "default value attached to calls", contract: "the contract to test when there are several" })
    .action((file: string, opts: TestCliOptions) => {
      process.exitCode = runTest(file, opts, processIo());
    });
}
