// The VM benchmark (`npm run bench` after `npm run build`): metering overhead, interp
// slowdown, per-call cost and gas-per-second calibration, written to bench/RESULTS.md.
//
// The per-tier measurements run in child processes started with V8 flags, so each tier is
// measured on its own: `default` (Liftoff first, TurboFan on tier-up — what a node runs),
// `liftoff` (--liftoff --no-wasm-tier-up: the slower tier the schedule is calibrated to,
// DESIGN §5) and `turbofan` (--no-liftoff). Every figure is the median of several runs
// after warm-up runs; the instrumented and the original module are timed alternately so
// that drift (thermal, GC) hits both equally.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeResultsSection } from "./results.js";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import wabtInit from "wabt";
import { decodeModule } from "../vm/decode/decode.js";
import { validateModule } from "../vm/validate/validate.js";
import { V8Engine } from "../vm/engine/v8/engine.js";
import { InterpEngine } from "../vm/engine/interp/index.js";
import type { Engine, Value } from "../vm/engine/types.js";
import { Vm } from "../vm/exec/vm.js";
import { MemoryState } from "../vm/state/memory.js";
import { SCHEDULE_V1 } from "../vm/meter/schedule.js";
import { CALL_CONTRACT, KERNELS } from "./kernels.js";
import { median, geomean } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const WARMUP = 3;
const BIG_GAS = 1n << 62n;

const TIERS: Record<string, string[]> = {
  default: [],
  liftoff: ["--liftoff-only"],
  turbofan: ["--no-liftoff"],
};



function ms(f: () => unknown): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

async function compileAll(): Promise<Map<string, Uint8Array>> {
  const wabt = await wabtInit();
  const features = { bulk_memory: true, sign_extension: true, mutable_globals: true, multi_value: true };
  const out = new Map<string, Uint8Array>();
  for (const k of KERNELS) out.set(k.name, new Uint8Array(wabt.parseWat(`${k.name}.wat`, k.wat, features).toBinary({}).buffer));
  out.set("call-contract", new Uint8Array(wabt.parseWat("call.wat", CALL_CONTRACT, features).toBinary({}).buffer));
  return out;
}

interface KernelTiming {
  name: string;
  origMs: number;
  instrMs: number;
  gas: string; // bigint as text (JSON)
  checksum: string;
}

interface InterpTiming {
  name: string;
  n: number;
  v8Ms: number;
  interpMs: number;
  gas: string;
}

interface ChildResult {
  tier: string;
  kernels: KernelTiming[];
  interp?: InterpTiming[];
  callUs?: Record<string, number>;
}

/** An engine instance of `bytes` with ample gas; returns a function that times one `run(n)` and reports gas. */
function meteredRunner(engine: Engine, bytes: Uint8Array) {
  const m = decodeModule(bytes);
  validateModule(m, { byteLength: bytes.length });
  const prepared = engine.prepare(m, bytes);
  return (n: number): { t: number; gas: bigint; result: Value } => {
    const inst = engine.instantiate(prepared, () => undefined, { gas: BIG_GAS, stackUsed: 0 });
    let result: Value = 0;
    const t = ms(() => { result = inst.invoke("run", [n])[0]!; });
    return { t, gas: BIG_GAS - inst.gasLeft(), result };
  };
}

function plainRunner(bytes: Uint8Array) {
  const compiled = new WebAssembly.Module(bytes);
  return (n: number): { t: number; result: Value } => {
    const run = new WebAssembly.Instance(compiled, {}).exports.run as (n: number) => Value;
    let result: Value = 0;
    const t = ms(() => { result = run(n); });
    return { t, result };
  };
}

function measureKernels(bins: Map<string, Uint8Array>): KernelTiming[] {
  const v8 = new V8Engine();
  return KERNELS.map((k) => {
    const bytes = bins.get(k.name)!;
    const orig = plainRunner(bytes);
    const instr = meteredRunner(v8, bytes);
    const o: number[] = [], i: number[] = [];
    let gas = 0n, checksum: Value = 0;
    for (let r = 0; r < WARMUP + RUNS; r++) {
      const a = orig(k.n), b = instr(k.n);
      if (a.result !== b.result) throw new Error(`${k.name}: instrumented result ${b.result} differs from original ${a.result}`);
      gas = b.gas;
      checksum = b.result;
      if (r >= WARMUP) { o.push(a.t); i.push(b.t); }
    }
    return { name: k.name, origMs: median(o), instrMs: median(i), gas: String(gas), checksum: String(checksum) };
  });
}

function measureInterp(bins: Map<string, Uint8Array>): InterpTiming[] {
  const v8 = new V8Engine(), interp = new InterpEngine();
  return KERNELS.map((k) => {
    const bytes = bins.get(k.name)!;
    const a = meteredRunner(v8, bytes), b = meteredRunner(interp, bytes);
    const ta: number[] = [], tb: number[] = [];
    let gas = 0n;
    const runs = Math.max(5, Math.min(RUNS, 5));
    for (let r = 0; r < 1 + runs; r++) {
      const x = a(k.nInterp), y = b(k.nInterp);
      if (x.result !== y.result || x.gas !== y.gas) {
        throw new Error(`${k.name}: engines disagree (v8 ${x.result}/${x.gas} gas, interp ${y.result}/${y.gas} gas)`);
      }
      gas = x.gas;
      if (r >= 1) { ta.push(x.t); tb.push(y.t); }
    }
    return { name: k.name, n: k.nInterp, v8Ms: median(ta), interpMs: median(tb), gas: String(gas) };
  });
}

/** µs per contract call through the Vm (instantiation included; the compiled-module cache is warm). */
function measureCalls(bins: Map<string, Uint8Array>): Record<string, number> {
  const out: Record<string, number> = {};
  const code = bins.get("call-contract")!;
  const from = new Uint8Array(32).fill(1);
  for (const engine of [new V8Engine(), new InterpEngine()] as Engine[]) {
    const vm = new Vm({ state: new MemoryState(), engine });
    const d = vm.deploy({ from, code, gas: 10n ** 9n });
    if (d.result.status !== "ok") throw new Error(`call contract did not deploy on ${engine.name}: ${d.result.status}`);
    const input = new Uint8Array(36);
    const once = () => {
      const r = vm.call({ from, to: d.address, input, gas: 1_000_000n });
      if (r.status !== "ok" || r.returnData[0] !== 36) throw new Error(`call failed on ${engine.name}: ${r.status}`);
    };
    for (let i = 0; i < 500; i++) once();
    const per: number[] = [];
    const batch = 2000;
    for (let r = 0; r < RUNS; r++) per.push((ms(() => { for (let i = 0; i < batch; i++) once(); }) * 1000) / batch);
    out[`Vm.call (${engine.name})`] = median(per);
  }
  // The engine alone: instantiate + invoke an export of the (cached) prepared module.
  const v8 = new V8Engine();
  const kb = bins.get("fib")!;
  const prepared = v8.prepare(decodeModule(kb), kb);
  const once = () => v8.instantiate(prepared, () => undefined, { gas: 1_000_000n, stackUsed: 0 }).invoke("run", [1]);
  for (let i = 0; i < 500; i++) once();
  const per: number[] = [];
  for (let r = 0; r < RUNS; r++) per.push((ms(() => { for (let i = 0; i < 2000; i++) once(); }) * 1000) / 2000);
  out["V8Engine instantiate + invoke (no host calls)"] = median(per);
  return out;
}

async function child(tier: string): Promise<void> {
  const bins = await compileAll();
  const res: ChildResult = { tier, kernels: measureKernels(bins) };
  if (tier === "default") {
    res.interp = measureInterp(bins);
    res.callUs = measureCalls(bins);
  }
  process.stdout.write(`\n@@RESULT@@${JSON.stringify(res)}\n`);
}

function repoRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(d, "package.json"))) return d;
    const up = dirname(d);
    if (up === d) return process.cwd();
    d = up;
  }
}

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);

function report(results: ChildResult[]): string {
  const cpus = os.cpus();
  const lines: string[] = [];
  const p = (s = "") => lines.push(s);
  p("## VM (npm run bench)");
  p();
  p(`- date: ${new Date().toISOString()}`);
  p(`- machine: ${cpus[0]?.model ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()} (${os.arch()})`);
  p(`- node ${process.version}, V8 ${process.versions.v8}; schedule ${SCHEDULE_V1.version}`);
  // Timings on a loaded machine are not comparable: the load is recorded with them.
  p(`- load average when the report was written (1/5/15 min): ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")}`);
  p(`- every figure: median of ${RUNS} runs after ${WARMUP} warm-up runs; regenerate with \`npm run build && npm run bench\``);
  p();
  const byTier = new Map(results.map((r) => [r.tier, r]));

  p("### a. Metering overhead (instrumented / original, both on V8)");
  p();
  p(`| kernel | ${results.map((r) => `${r.tier}: original ms | instrumented ms | ratio`).join(" | ")} |`);
  p(`|---|${results.map(() => "---:|---:|---:").join("|")}|`);
  for (const k of KERNELS) {
    const cells = results.map((r) => {
      const t = r.kernels.find((x) => x.name === k.name)!;
      return `${f2(t.origMs)} | ${f2(t.instrMs)} | ${f3(t.instrMs / t.origMs)}×`;
    });
    p(`| ${k.name} (n=${k.n}) | ${cells.join(" | ")} |`);
  }
  p(`| **geomean** | ${results.map((r) => `| | **${f3(geomean(r.kernels.map((t) => t.instrMs / t.origMs)))}×**`).join(" | ")} |`);
  p();
  p("Target: ≤ 1.15× (geomean).");
  p();

  p("### d. Gas per second (instrumented module on V8): the schedule's calibration");
  p();
  p(`| kernel | gas | ${results.map((r) => `${r.tier}: Mgas/s | ns/gas`).join(" | ")} |`);
  p(`|---|---:|${results.map(() => "---:|---:").join("|")}|`);
  for (const k of KERNELS) {
    const gas = Number(results[0]!.kernels.find((x) => x.name === k.name)!.gas);
    const cells = results.map((r) => {
      const t = r.kernels.find((x) => x.name === k.name)!;
      return `${f1(gas / t.instrMs / 1000)} | ${f3((t.instrMs * 1e6) / gas)}`;
    });
    p(`| ${k.name} — ${k.about} | ${gas.toLocaleString("en-US")} | ${cells.join(" | ")} |`);
  }
  const spread = results.map((r) => {
    const rates = r.kernels.map((t) => Number(t.gas) / t.instrMs);
    return `${r.tier}: ${f2(Math.max(...rates) / Math.min(...rates))}× (slowest per gas: ${r.kernels[rates.indexOf(Math.min(...rates))]!.name})`;
  });
  p();
  p(`Spread of gas/s between kernels (max/min): ${spread.join("; ")}.`);
  p("Schedule target: 1 gas ≈ 1 ns on the Liftoff tier (1 Mgas ≈ 1 ms, i.e. 1000 Mgas/s).");
  p();

  const def = byTier.get("default");
  if (def?.interp) {
    p("### b. Interpreter slowdown (interp / v8, both metered, same inputs and gas)");
    p();
    p("| kernel | n | gas | v8 ms | interp ms | slowdown | interp Mgas/s |");
    p("|---|---:|---:|---:|---:|---:|---:|");
    for (const t of def.interp) {
      p(`| ${t.name} | ${t.n} | ${Number(t.gas).toLocaleString("en-US")} | ${f3(t.v8Ms)} | ${f2(t.interpMs)} | ${f1(t.interpMs / t.v8Ms)}× | ${f1(Number(t.gas) / t.interpMs / 1000)} |`);
    }
    p(`| **geomean** | | | | | **${f1(geomean(def.interp.map((t) => t.interpMs / t.v8Ms)))}×** | |`);
    p();
  }
  if (def?.callUs) {
    p("### c. Cost of one call, instantiation included (compiled-module cache warm)");
    p();
    p("| what | µs per call |");
    p("|---|---:|");
    for (const [k, v] of Object.entries(def.callUs)) p(`| ${k} | ${f1(v)} |`);
    p();
    p("The Vm call: a contract that calls `input_size` and `return` (fresh instance, state checkpoint, host frame, result encoding).");
    p();
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  const only = process.env.BENCH_TIERS?.split(",") ?? Object.keys(TIERS);
  const results: ChildResult[] = [];
  for (const tier of only) {
    const flags = TIERS[tier];
    if (!flags) throw new Error(`unknown tier ${tier}`);
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [...flags, self, "--child", tier], { encoding: "utf8", maxBuffer: 1 << 26 });
    const line = r.stdout.split("\n").find((l) => l.startsWith("@@RESULT@@"));
    if (r.status !== 0 || !line) throw new Error(`bench child (${tier}) failed: ${r.stderr || r.stdout}`);
    results.push(JSON.parse(line.slice("@@RESULT@@".length)) as ChildResult);
    console.error(`[bench] tier ${tier} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  const text = report(results);
  console.log(text);
  const out = writeResultsSection(repoRoot(), "## VM (npm run bench)", text);
  console.error(`[bench] written to ${out}`);
}

if (process.argv[2] === "--child") await child(process.argv[3] ?? "default");
else await main();
