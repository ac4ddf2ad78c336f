// `silk fuzz <file.silk> [--runs N] [--depth N] [--seed S] [--engine v8|interp] [--init 'args']
// [--json]`: random call sequences against the test build, all invariants checked after every
// successful call (conformance/invariants/fuzz.ts; docs/cli.md). Prints the seed always; a
// failure is reported with the shrunk sequence, a replay command and the same sequence as a
// `silk test` command. Exit 0 when every invariant held, 1 on a failure or compile errors.

import { randomInt } from "node:crypto";
import type { Command } from "commander";
import type { CompileIo } from "./compile.js";
import { EXIT_ERRORS, EXIT_OK, processIo, UsageError } from "./util.js";
import { accountAddress, describeRevert, initInput, loadContract, newVm, parseEngine, plural, revertText, usageGuard } from "./session.js";
import { actors, failureJson } from "./test.js";
import { InvariantHarness, outcomeText } from "../conformance/invariants/harness.js";
import { fuzzInvariants, fuzzTargets, stepLines, type StepResult } from "../conformance/invariants/fuzz.js";

export interface FuzzCliOptions {
  runs?: string;
  depth?: string;
  seed?: string;
  path?: string;
  engine?: string;
  init?: string;
  json?: boolean;
  contract?: string;
  optimize?: string;
}

function intOption(s: string | undefined, what: string, dflt: number, min: number, max: number): number {
  if (s === undefined) return dflt;
  if (!/^[0-9]+$/.test(s) || Number(s) < min || Number(s) > max) throw new UsageError(`${what} must be an integer from ${min} to ${max}, got "${s}"`);
  return Number(s);
}

/** Quotes one shell word (POSIX sh) when it needs it. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

export function runFuzz(file: string, opts: FuzzCliOptions, io: CompileIo): number {
  return usageGuard("fuzz", io, () => {
    const engine = parseEngine(opts.engine);
    const runs = intOption(opts.runs, "--runs", 100, 1, 1_000_000);
    const depth = intOption(opts.depth, "--depth", 20, 1, 1000);
    const seed = opts.seed === undefined ? randomInt(0, 2 ** 31) : intOption(opts.seed, "--seed", 0, 0, 2 ** 31 - 1);
    if (opts.path !== undefined && !/^[0-9]+(:[0-9]+)*$/.test(opts.path)) throw new UsageError(`--path must look like 12:0:3, got "${opts.path}"`);
    const loaded = loadContract(file, { ...opts, test: true }, io);
    if (typeof loaded === "number") return loaded;
    const { contract: c, abi } = loaded;
    const init = initInput(abi, opts.init);
    const say = (s: string) => {
      if (!opts.json) io.out(s);
    };

    const h = new InvariantHarness(newVm(engine), c.wasm, abi, actors());
    const deployed = h.deploy(accountAddress("alice"), init);
    if (deployed.status !== "ok") {
      const why = deployed.status === "revert" ? `: ${revertText(describeRevert(abi, deployed.returnData))}` : deployed.trap ? ` (${deployed.trap})` : "";
      io.err(`silk fuzz: the deploy did not succeed (${deployed.status}${why}); check --init\n`);
      return EXIT_ERRORS;
    }
    const invs = abi.invariants.map((v) => `${v.owner}.${v.name}`);
    say(`fuzzing ${c.name} (test build): ${invs.length ? `invariants ${invs.join(", ")}` : "no invariants, only failed asserts are findings"}; seed ${seed}\n`);
    const targets = fuzzTargets(abi);
    say(`calling ${targets.called.map((f) => f.name).join(", ") || "nothing: no entry point can be called"}\n`);
    for (const s of targets.skipped) say(`skipped ${s.fn.name}: ${s.reason}\n`);
    const report = fuzzInvariants(h, { runs, depth, seed }, opts.path);

    const base = [file, "--seed", String(seed), "--runs", String(runs), "--depth", String(depth)];
    if (opts.init) base.push("--init", opts.init);
    if (opts.contract) base.push("--contract", opts.contract);
    if (engine !== "v8") base.push("--engine", engine);
    const ok = !report.initFailure && !report.failure;
    const json: Record<string, unknown> = {
      contract: c.name, ok, seed, runs: report.runs, depth, invariants: invs,
      called: report.called.map((f) => f.name), skipped: report.skipped.map((s) => ({ function: s.fn.name, reason: s.reason })),
      stats: report.stats,
    };

    if (report.initFailure) {
      say(`FAIL: invariant ${h.describeCheck(report.initFailure)} ${outcomeText(report.initFailure.outcome)}\n  right after deploy (no call made)\n`);
      json.failure = { ...failureJson(h, report.initFailure), after: "deploy", sequence: [] };
    } else if (report.failure) {
      const f = report.failure;
      const lines = stepLines(h, f.steps);
      const what = f.what.kind === "invariant"
        ? `invariant ${h.describeCheck(f.what.check)} ${outcomeText(f.what.check.outcome)}`
        : `assert failed (Panic(AssertFailed)) in ${f.steps.at(-1)!.call.fn.name}`;
      say(`FAIL: ${what}\n  after this sequence (shrunk ${plural(f.shrinks, "time")}):\n`);
      f.steps.forEach((s, i) => say(`    ${i + 1}. ${lines[i]}  → ${statusText(h, s)}\n`));
      const script = ["silk", "test", file, ...(opts.init ? ["--init", opts.init] : []), ...(opts.contract ? ["--contract", opts.contract] : []), ...lines.flatMap((l) => ["--call", l])];
      // The seed with the same runs and depth reproduces the run, shrinking included; the
      // (long) fast-check path in the JSON output skips straight to the counterexample.
      const replay = ["silk", "fuzz", ...base];
      say(`replay:    ${replay.map(shellWord).join(" ")}\nas a test: ${script.map(shellWord).join(" ")}\n`);
      json.failure = {
        ...(f.what.kind === "invariant" ? failureJson(h, f.what.check) : { assert: f.steps.at(-1)!.call.fn.name, message: what }),
        sequence: f.steps.map((s, i) => ({ call: lines[i], status: s.result.status })),
        shrinks: f.shrinks,
        path: f.path,
      };
      json.replay = replay.map(shellWord).join(" ");
      json.test = script.map(shellWord).join(" ");
    } else {
      const st = report.stats;
      if (report.called.length === 0) say(`PASS: the invariants hold after the deploy (${plural(st.checks, "check")}); there is nothing to call\n`);
      else say(`PASS: ${report.runs} runs of up to ${depth} calls: ${st.calls} calls (${st.ok} ok, ${st.failed} reverted or failed), ${st.checks} invariant checks\n`);
    }
    say(`seed ${seed}\n`);
    if (opts.json) io.out(JSON.stringify(json) + "\n");
    return ok ? EXIT_OK : EXIT_ERRORS;
  });
}


function statusText(h: InvariantHarness, s: StepResult): string {
  const r = s.result;
  if (r.status === "revert") return `reverted ${revertText(describeRevert(h.abi, r.returnData))}`;
  if (r.status === "trap") return `trapped (${r.trap})`;
  if (r.status === "rejected") return `rejected (${r.rejection})`;
  return "ok";
}

export function registerFuzz(program: Command): void {
  program
    .command("fuzz")
    .description("call a contract's test build with random sequences and check its invariants after each call")
    .argument("<file|dir>", "a Silk source file, or a directory whose .silk files are compiled together")
    .option("--runs <n>", "call sequences to try", "100")
    .option("--depth <n>", "most calls per sequence", "20")
    .option("--seed <s>", "seed (default: random, always printed)")
    .option("--path <p>", "replay: fast-check's path of a reported counterexample (with its --seed)")
    .option("--engine <name>", "v8 | interp", "v8")
    .option("--init <args>", "init arguments, e.g. '1000'", "")
    .option("--contract <name>", "the contract to fuzz when the file has several")
    .option("-O, --optimize <n>", "binaryen optimisation level 0-3", "2")
    .option("--json", "print one JSON object")
    .action((file: string, opts: FuzzCliOptions) => {
      process.exitCode = runFuzz(file, opts, processIo());
    });
}
