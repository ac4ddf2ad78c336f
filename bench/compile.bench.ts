// Silk against AssemblyScript (`node dist/bench/compile.bench.js [--write]` after `npm run build`):
//
// (a) the four VM kernels of bench/kernels.ts (fib, sieve, hash64, isort) written in Silk
//     (bench/asc/*.silk, `silk` -O3) and in AssemblyScript (bench/asc/*.ts, `asc -O3 --runtime
//     stub`), same algorithm and same n: run time on V8 without metering (plain
//     `new WebAssembly.Instance`, no gas instrumentation) and .wasm size. The Silk kernels are
//     written the way a contract author would: checked arithmetic everywhere (`wrapping_*` only
//     where the algorithm needs wrapping: hash64's mixing, isort's LCG, sieve's `i * i`, which wraps
//     in the AS and WAT versions too), fixed arrays `[u8; N]` / `[u32; N]` with `require(n <= N)`
//     for the in-memory data (index-checked; out of range reverts);
// (b) a cold `node dist/cli/main.js compile examples/token.silk` process against a cold `asc -O3
//     --runtime stub` of bench/asc/token.ts (a token of similar size), whole processes;
// (c) a warm in-process compile of examples/token.silk (`compileFiles`, the CLI's default -O2).
//
// What (a) measures, exactly. Silk: the contract's only Wasm export is `call` (ABI dispatch), so
// one run is one `call()` of a fresh instance whose input is the ABI-encoded call of
// `run(n)` (4-byte selector + arguments), with host stubs in JS for the imports the module
// declares (input_size/input_read/value/return/revert); `return` copies the return data and
// throws to end the call, as the VM does. The time covers selector dispatch, input decoding, the
// payable check, the kernel and the return encoding — the kernel dominates by 4+ orders of
// magnitude. The module's code is byte-for-byte what `silk compile -O 3` emits; only an export of
// the memory is appended to the export section (the stubs must read it; Silk modules do not
// export their memory). AssemblyScript: one `run(n)` call of a fresh instance. Instantiation is
// outside the timing for both. V8 runs new code in its baseline tier first and recompiles hot
// functions with TurboFan in the background, so each side warms up for at least WARMUP runs and
// WARMUP_MS (BENCH_WARMUP_MS) of run time; then each figure is the median of RUNS (BENCH_RUNS)
// runs, Silk and AS alternating, with equal checksums checked on every run.
// BENCH_PARTS=runtime,cold,warm picks parts, BENCH_KERNELS=fib,… kernels, BENCH_VERBOSE=1 prints
// every run. `--write` replaces/appends the "## Compiler (Silk vs AssemblyScript)" section of
// bench/RESULTS.md.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { compileFiles } from "../compiler/driver/compile.js";
import { checkFiles } from "../compiler/driver/driver.js";
import { decodeReturn, encodeCall, loadAbi } from "../stdlib/abi/index.js";
import { KERNELS } from "./kernels.js";
import { median, geomean } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const COLD_RUNS = Math.max(5, Number(process.env.BENCH_COLD_RUNS ?? 7));
const WARMUP = 3;
/** Minimum warm-up run time per side and kernel (see timePair). */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const RUNTIME_TARGET = 1.2;
const COLD_TARGET = 0.5;
const WARM_TARGET_MS = 50;

const here = dirname(fileURLToPath(import.meta.url));
// dist/bench → the package root (dist/..), where node_modules, bench/asc and examples live.
const root = resolvePath(here, "..", "..");
const cliMain = join(root, "dist", "cli", "main.js");
const ascBin = join(root, "node_modules", "assemblyscript", "bin", "asc.js");
const srcDir = join(root, "bench", "asc");
const tokenSilk = join(root, "examples", "token.silk");
const tokenAsc = join(srcDir, "token.ts");



function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const lines = (file: string) => readFileSync(file, "utf8").split("\n").filter((l) => l.trim() !== "").length;

// ---- compiling the kernels --------------------------------------------------------------------

function asc(file: string, out: string): { ok: boolean; stderr: string } {
  const r = spawnSync(process.execPath, [ascBin, file, "-O3", "--runtime", "stub", "-o", out], { cwd: root, encoding: "utf8" });
  return { ok: r.status === 0, stderr: r.stderr + r.stdout };
}

function silk(file: string): { wasm: Uint8Array; abi: ReturnType<typeof loadAbi> } {
  const r = compileFiles([file], { optimize: 3 });
  if (!r.ok || r.contracts.length !== 1) throw new Error(`${file}: ${r.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const c = r.contracts[0]!;
  return { wasm: c.wasm, abi: loadAbi(JSON.stringify(c.abi)) };
}

// ---- exporting the memory of a Silk module (code bytes untouched) ----------------------------

function readLeb(b: Uint8Array, at: number): [number, number] {
  let v = 0, shift = 0, i = at;
  for (;;) {
    const byte = b[i++]!;
    v |= (byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [v >>> 0, i];
    shift += 7;
  }
}

function leb(v: number): number[] {
  const out: number[] = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

/** Appends `(export "memory" (memory 0))` to the export section (which every Silk module has). */
function exportMemory(wasm: Uint8Array): Uint8Array {
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at]!;
    const [size, body] = readLeb(wasm, at + 1);
    if (id === 7) {
      const [count, entries] = readLeb(wasm, body);
      const name = [...new TextEncoder().encode("memory")];
      const content = [...leb(count + 1), ...wasm.subarray(entries, body + size), ...leb(name.length), ...name, 0x02, 0x00];
      return Uint8Array.from([...wasm.subarray(0, at), 7, ...leb(content.length), ...content, ...wasm.subarray(body + size)]);
    }
    at = body + size;
  }
  throw new Error("no export section");
}

// ---- running ------------------------------------------------------------------------------------

class Returned extends Error {}
class Reverted extends Error {}

type Runner = (n: number) => { t: number; value: bigint };

/** A Silk contract's `run(n)` through its `call` export, with JS host stubs (see the header). */
function silkRunner(wasm: Uint8Array, abi: ReturnType<typeof loadAbi>): Runner {
  const mod = new WebAssembly.Module(exportMemory(wasm));
  return (n) => {
    const input = encodeCall(abi, "run", [BigInt(n)]);
    const storage = new Map<string, Uint8Array>();
    let mem: WebAssembly.Memory | undefined;
    let out = new Uint8Array(0);
    const bytes = (p: number, l: number) => new Uint8Array(mem!.buffer, p >>> 0, l >>> 0);
    const keyOf = (p: number, l: number) => Buffer.from(bytes(p, l)).toString("hex");
    const host: Record<string, (...a: number[]) => number | bigint | void> = {
      input_size: () => input.length,
      input_read: (dst, off, len) => { bytes(dst, len).set(input.subarray(off, off + len)); },
      value: (dst) => { bytes(dst, 32).fill(0); },
      return: (p, l) => { out = bytes(p, l).slice(); throw new Returned(); },
      revert: (p, l) => { out = bytes(p, l).slice(); throw new Reverted(Buffer.from(out).toString("hex")); },
      storage_get: (k, kl, dst, cap) => {
        const v = storage.get(keyOf(k, kl));
        if (v === undefined) return -1;
        bytes(dst, Math.min(v.length, cap >>> 0)).set(v.subarray(0, cap >>> 0));
        return v.length;
      },
      storage_set: (k, kl, v, vl) => { storage.set(keyOf(k, kl), bytes(v, vl).slice()); },
    };
    const imports: Record<string, Record<string, unknown>> = { silk: {} };
    for (const imp of WebAssembly.Module.imports(mod)) {
      imports.silk![imp.name] = host[imp.name] ?? (() => { throw new Error(`host stub ${imp.name} not provided`); });
    }
    const inst = new WebAssembly.Instance(mod, imports as WebAssembly.Imports);
    mem = inst.exports.memory as WebAssembly.Memory;
    const call = inst.exports.call as () => void;
    const t0 = process.hrtime.bigint();
    try {
      call();
      throw new Error("call returned without `return`");
    } catch (e) {
      if (!(e instanceof Returned)) throw e;
    }
    const t = since(t0);
    const v = decodeReturn(abi, "run", out);
    return { t, value: BigInt(v as bigint) };
  };
}

function ascRunner(wasm: Uint8Array, unsigned64: boolean): Runner {
  const mod = new WebAssembly.Module(wasm);
  const env = { abort: () => { throw new Error("asc abort"); } };
  return (n) => {
    const run = new WebAssembly.Instance(mod, { env }).exports.run as (n: number) => number | bigint;
    const t0 = process.hrtime.bigint();
    const r = run(n);
    const t = since(t0);
    return { t, value: unsigned64 ? BigInt.asUintN(64, r as bigint) : BigInt((r as number) >>> 0) };
  };
}

interface RuntimeRow {
  kernel: string;
  n: number;
  silkFile?: string;
  ascMs: number;
  silkMs?: number;
  ascBytes: number;
  silkBytes?: number;
  checksum: string;
}

function timePair(n: number, a: Runner, s: Runner | undefined): { ascMs: number; silkMs?: number; checksum: bigint; warmups: number } {
  const ta: number[] = [], ts: number[] = [];
  let checksum = 0n;
  // Warm-up: V8 runs new Wasm code in its baseline tier (Liftoff) and recompiles hot functions
  // with TurboFan in the background; the first runs of a kernel can be 3-8× slower. So at least
  // WARMUP runs and WARMUP_MS of each side's run time before measuring.
  let warm = 0, warmA = 0, warmS = 0;
  for (; warm < WARMUP || warmA < WARMUP_MS || (s && warmS < WARMUP_MS); warm++) {
    const x = a(n);
    const y = s?.(n);
    if (y && y.value !== x.value) throw new Error(`checksums differ at n=${n}: asc ${x.value}, silk ${y.value}`);
    warmA += x.t;
    warmS += y?.t ?? 0;
  }
  for (let r = 0; r < RUNS; r++) {
    const x = a(n);
    const y = s?.(n);
    if (y && y.value !== x.value) throw new Error(`checksums differ at n=${n}: asc ${x.value}, silk ${y.value}`);
    checksum = x.value;
    ta.push(x.t);
    if (y) ts.push(y.t);
  }
  if (process.env.BENCH_VERBOSE) console.error(`  ${warm} warm-ups\n  asc  ${ta.map((x) => x.toFixed(1)).join(" ")}\n  silk ${ts.map((x) => x.toFixed(1)).join(" ")}`);
  return { ascMs: median(ta), ...(s ? { silkMs: median(ts) } : {}), checksum, warmups: warm };
}

function measureRuntime(tmp: string): RuntimeRow[] {
  const rows: RuntimeRow[] = [];
  const plan: Array<{ kernel: string; silk: string; n: number }> = (process.env.BENCH_KERNELS?.split(",") ?? ["fib", "sieve", "hash64", "isort"]).map((k) => ({
    kernel: k, silk: `${k}.silk`, n: KERNELS.find((x) => x.name === k)!.n,
  }));
  const ascWasm = new Map<string, Uint8Array>();
  for (const p of plan) {
    if (!ascWasm.has(p.kernel)) {
      const out = join(tmp, `${p.kernel}.wasm`);
      const r = asc(join(srcDir, `${p.kernel}.ts`), out);
      if (!r.ok) throw new Error(`asc ${p.kernel}.ts failed: ${r.stderr}`);
      ascWasm.set(p.kernel, new Uint8Array(readFileSync(out)));
    }
    const aw = ascWasm.get(p.kernel)!;
    const a = ascRunner(aw, p.kernel === "hash64");
    let s: Runner | undefined;
    let silkBytes: number | undefined;
    if (p.silk) {
      const c = silk(join(srcDir, p.silk));
      silkBytes = c.wasm.length;
      s = silkRunner(c.wasm, c.abi);
    }
    const t = timePair(p.n, a, s);
    rows.push({
      kernel: p.kernel, n: p.n, ascMs: t.ascMs, ascBytes: aw.length, checksum: String(t.checksum),
      ...(p.silk ? { silkFile: p.silk, silkMs: t.silkMs!, silkBytes: silkBytes! } : {}),
    });
    console.error(`[compile-bench] ${p.kernel}${p.silk ? ` (${p.silk})` : ""} n=${p.n}: asc ${t.ascMs.toFixed(2)} ms${t.silkMs !== undefined ? `, silk ${t.silkMs.toFixed(2)} ms` : ""}`);
  }
  return rows;
}

// ---- (b) cold compiles, (c) warm compile --------------------------------------------------------

const TIME = "/usr/bin/time";
const haveTime = existsSync(TIME);

/** Wall ms of one process, and its CPU ms (user + system, via GNU time when installed, else NaN). */
function timeProcess(cmd: string, args: string[]): { wall: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const r = haveTime
    ? spawnSync(TIME, ["-f", "@@CPU@@ %U %S", cmd, ...args], { cwd: root, encoding: "utf8" })
    : spawnSync(cmd, args, { cwd: root, encoding: "utf8" });
  const wall = since(t0);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  const m = /@@CPU@@ ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
}

interface WallCpu { wall: number; cpu: number }
interface Cold { silk: WallCpu; silkO3: WallCpu; asc: WallCpu; npxAsc: WallCpu; node: WallCpu; silkBytes: number; ascBytes: number }

function measureCold(tmp: string): Cold {
  const silkOut = join(tmp, "silk-out");
  const ascOut = join(tmp, "token-asc.wasm");
  const runs = {
    silk: () => timeProcess(process.execPath, [cliMain, "compile", tokenSilk, "-o", silkOut]),
    silkO3: () => timeProcess(process.execPath, [cliMain, "compile", tokenSilk, "-o", silkOut, "-O", "3"]),
    asc: () => timeProcess(process.execPath, [ascBin, tokenAsc, "-O3", "--runtime", "stub", "-o", ascOut]),
    npxAsc: () => timeProcess("npx", ["asc", tokenAsc, "-O3", "--runtime", "stub", "-o", ascOut]),
    node: () => timeProcess(process.execPath, ["-e", "0"]),
  };
  const keys = Object.keys(runs) as (keyof typeof runs)[];
  for (const k of keys) runs[k](); // one discarded run each: the file cache, not the process, is warmed
  const times: Record<string, WallCpu[]> = {};
  for (let i = 0; i < COLD_RUNS; i++) for (const k of keys) (times[k] ??= []).push(runs[k]());
  runs.silk();
  const silkWasm = join(silkOut, "Token.wasm");
  const med = (xs: WallCpu[]): WallCpu => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) });
  return {
    silk: med(times.silk!), silkO3: med(times.silkO3!), asc: med(times.asc!), npxAsc: med(times.npxAsc!), node: med(times.node!),
    silkBytes: existsSync(silkWasm) ? statSync(silkWasm).size : NaN, ascBytes: statSync(ascOut).size,
  };
}

interface Warm { o2: number; o2min: number; o2cpu: number; o3: number; check: number }

function measureWarm(): Warm {
  let lastCpu = 0;
  const once = (optimize: number) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const r = compileFiles([tokenSilk], { optimize });
    const t = since(t0);
    const c = process.cpuUsage(c0);
    lastCpu = (c.user + c.system) / 1000;
    if (!r.ok) throw new Error("token did not compile");
    return t;
  };
  const checkOnce = () => {
    const t0 = process.hrtime.bigint();
    const r = checkFiles([tokenSilk]);
    const t = since(t0);
    if (r.diagnostics.some((d) => d.severity === "error")) throw new Error("token has errors");
    return t;
  };
  for (let i = 0; i < WARMUP + 2; i++) { once(2); once(3); checkOnce(); }
  const o2: number[] = [], o2cpu: number[] = [], o3: number[] = [], ch: number[] = [];
  for (let i = 0; i < Math.max(7, RUNS); i++) {
    o2.push(once(2));
    o2cpu.push(lastCpu);
    o3.push(once(3));
    ch.push(checkOnce());
  }
  return { o2: median(o2), o2min: Math.min(...o2), o2cpu: median(o2cpu), o3: median(o3), check: median(ch) };
}

// ---- report -------------------------------------------------------------------------------------

const f1 = (x: number) => x.toFixed(1);
const f2 = (x: number) => x.toFixed(2);
const met = (ok: boolean) => (ok ? "met" : "not met");

function report(rt: RuntimeRow[], cold: Cold, warm: Warm, loadBefore: number[]): string {
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type().toLowerCase()} ${os.release()} (${os.arch()})`;
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(" / ");
  const ascVersion = (JSON.parse(readFileSync(join(root, "node_modules", "assemblyscript", "package.json"), "utf8")) as { version: string }).version;
  const p: string[] = [];
  const w = (s = "") => p.push(s);
  w("## Compiler (Silk vs AssemblyScript)");
  w();
  w(`- date: ${new Date().toISOString()}`);
  w(`- machine: ${machine}; node ${process.version}, V8 ${process.versions.v8}; AssemblyScript ${ascVersion}`);
  w(`- load average (1/5/15 min) at the start: ${load(loadBefore)}; at the end: ${load(os.loadavg())}`);
  w(`- run times: median of ${RUNS} runs after at least ${WARMUP} warm-up runs and ${WARMUP_MS} ms of warm-up run time per side (V8 tiers hot code up to TurboFan in the background; Silk and AS alternating); cold compiles: median of ${COLD_RUNS} fresh processes (after one discarded run each, interleaved); warm compile: median of ${Math.max(7, RUNS)} after ${WARMUP + 2} warm-up compiles`);
  w("- regenerate with `npm run build && node dist/bench/compile.bench.js --write`");
  w();
  w("### a. Kernels on V8 without metering (Silk `-O 3` vs `asc -O3 --runtime stub`)");
  w();
  w("Sources: bench/asc/*.silk and bench/asc/*.ts (algorithms of bench/kernels.ts). Silk: one `call()` of the contract's");
  w("ABI entry with the encoded `run(n)` input on a plain `new WebAssembly.Instance` with JS host stubs (selector dispatch,");
  w("input decoding and return encoding included; checked arithmetic on, as always); AS: one `run(n)` call. Instantiation");
  w("excluded. Both results are checked equal on every run. Silk's .wasm size includes its ABI dispatcher, input decoder,");
  w("revert messages and allocator (~500 bytes for a one-function contract); AS exports the bare function.");
  w();
  w("| kernel | n | AS ms | Silk ms | Silk / AS | AS .wasm bytes | Silk .wasm bytes |");
  w("|---|---:|---:|---:|---:|---:|---:|");
  const comparable = rt.filter((r) => r.silkMs !== undefined);
  for (const r of rt) {
    const name = r.kernel;
    w(`| ${name} | ${r.n} | ${f2(r.ascMs)} | ${r.silkMs !== undefined ? f2(r.silkMs) : "—"} | ${r.silkMs !== undefined ? `${f2(r.silkMs / r.ascMs)}×` : "—"} | ${r.ascBytes} | ${r.silkBytes ?? "—"} |`);
  }
  const gm = geomean(comparable.map((r) => r.silkMs! / r.ascMs));
  w(`| **geomean (${comparable.map((r) => r.kernel).join(", ")})** | | | | **${f2(gm)}×** | | |`);
  w();
  w(`Target: geomean ≤ ${RUNTIME_TARGET}× with checked arithmetic on — **${met(gm <= RUNTIME_TARGET)}** on ${comparable.length} of 4 kernels.`);
  w();
  w("Notes:");
  w("- The kernels: bench/asc/{fib,sieve,hash64,isort}.silk. sieve and isort use a fixed array (`[u8; N]`, `[u32; N]`,");
  w("  `require(n <= N)`) and index it with checked indices; hash64 uses u64 `wrapping_add`/`wrapping_mul`, isort's LCG");
  w("  `wrapping_mul`/`wrapping_add`, sieve's `i * i` `wrapping_mul` (it wraps in the AS and WAT versions too); every other");
  w("  `+ - *` is checked.");
  w("- What makes this possible (compiler/codegen, docs/codegen-runtime.md): checked `+ - * / %` and casts on ≤ 64-bit");
  w("  integers are emitted inline (no helper call); a value-range analysis (compiler/codegen/ranges.ts, -O1 and up) drops the index");
  w("  and overflow checks it proves never fire (`while i < n` after `require(n <= N)` bounds `a[i]`, `i += 1`, `j -= 1`");
  w("  under `j > 0`); an entry point with a loop is not inlined into the ABI dispatcher (TurboFan allocates registers");
  w("  worse for loops in a function that calls `input_read`: sieve ran 1.4× slower inlined). In compiler/lower: writing");
  w("  an element of a fixed-array local that is never aliased is done in place (compiler/lower/unique.ts) instead of");
  w("  copying the array, and `[0; N]` is one `memory.fill` (re-filling the local's buffer when reassigned).");
  w("  hash64's rotate `(z << 17) | (z >> 47)` becomes `i64.rotl` after binaryen (compiler/codegen/rotate.ts; neither");
  w("  binaryen nor V8 forms it, AS calls `rotl`).");
  w("- What is left: the loops of hash64 and isort carry no check any more; sieve keeps the overflow checks of");
  w("  `count += 1` and `sum += count` (unbounded), fib that of `fib(n - 1) + fib(n - 2)` (`n - 1`, `n - 2` are proven");
  w("  under `n >= 2`); asc -O3 inlines fib's recursion one level, Silk's fib does not. The ratios are within the");
  w("  run-to-run noise of this shared 2-vCPU machine (a few per cent).");
  w("- Before these changes (RESULTS of 2026-11-25 16:01): fib 0.70× (3 warm-up runs only, partly Liftoff code on both");
  w("  sides), hash64 102× (written with checked u128 arithmetic, n = 200,000), sieve and isort only as storage-map");
  w("  workarounds (written before fixed arrays compiled), geomean 8.44× over fib and hash64. The compiler");
  w("  of that commit measured with this harness and these kernels: fib 1.68× (600 bytes), hash64 1.10× (620 bytes);");
  w("  sieve and isort compiled but copied the whole array on every element write (O(n) per write: not runnable here).");
  w();
  w("### b. Cold compile, whole process");
  w();
  w(`Silk: \`node dist/cli/main.js compile examples/token.silk -o <tmp>\` (${lines(tokenSilk)} non-blank lines; the CLI default -O2 — and -O 3).`);
  w(`AS: \`asc bench/asc/token.ts -O3 --runtime stub -o <tmp>\` (${lines(tokenAsc)} non-blank lines: the same token — balances, allowances,`);
  w("transfer/approve/transfer_from, events — with u64 accounts), run as `node node_modules/assemblyscript/bin/asc.js` and through `npx asc`.");
  w();
  w("| what | wall ms (median) | CPU ms, user + sys (median) | .wasm bytes |");
  w("|---|---:|---:|---:|");
  const row = (what: string, x: WallCpu, bytes = "", bold = false) =>
    w(`| ${what} | ${bold ? `**${f1(x.wall)}**` : f1(x.wall)} | ${f1(x.cpu)} | ${bytes} |`);
  row("cold `silk compile` (-O2, default)", cold.silk, String(cold.silkBytes), true);
  row("cold `silk compile -O 3`", cold.silkO3);
  row("cold `asc -O3 --runtime stub` (node …/asc.js)", cold.asc, String(cold.ascBytes), true);
  row("cold `npx asc -O3 --runtime stub`", cold.npxAsc);
  row("bare `node -e 0`", cold.node);
  w(`| **ratio silk / asc** (node …/asc.js) | **${f2(cold.silk.wall / cold.asc.wall)}×** | ${f2(cold.silk.cpu / cold.asc.cpu)}× | |`);
  w(`| ratio silk / \`npx asc\` | ${f2(cold.silk.wall / cold.npxAsc.wall)}× | ${f2(cold.silk.cpu / cold.npxAsc.cpu)}× | |`);
  w();
  w(`Target: ≤ ${COLD_TARGET}× (wall) — **${met(cold.silk.wall / cold.asc.wall <= COLD_TARGET)}** against asc run directly; ${met(cold.silk.wall / cold.npxAsc.wall <= COLD_TARGET)} against \`npx asc\` (npx adds its own start-up).`);
  w("");
  w("`silk compile` runs binaryen's Wasm on V8's baseline compiler only (`--liftoff-only`, set by cli/main.ts for short-lived");
  w("commands; `SILK_V8_TIERING=1` turns it off): optimising binaryen's ~10 MB of Wasm in the background cost a cold compile");
  w("about 0.4 s (1.08 s → 0.68 s measured when the flag was added). asc runs with V8's defaults.");
  w();
  w("### c. Warm compile of examples/token.silk (in process, `compileFiles`)");
  w();
  w("| what | ms (median) |");
  w("|---|---:|");
  w(`| compile, -O2 (the CLI default), wall | **${f1(warm.o2)}** (min ${f1(warm.o2min)}) |`);
  w(`| compile, -O2, CPU (user + system, all threads) | ${f1(warm.o2cpu)} |`);
  w(`| compile, -O 3 | ${f1(warm.o3)} |`);
  w(`|   of which the front end (\`checkFiles\`: parse, resolve, check) | ${f1(warm.check)} |`);
  w();
  w(`Target: ≤ ${WARM_TARGET_MS} ms — **${met(warm.o2 <= WARM_TARGET_MS)}**. The back end (lower, binaryen codegen and optimisation, both validators)`);
  w("is nearly all of it; the front end of a 62-line file is ~2 ms.");
  w();
  return p.join("\n");
}

async function main(): Promise<void> {
  if (!existsSync(cliMain)) throw new Error(`${cliMain} missing: run \`npm run build\` first`);
  if (!existsSync(ascBin)) throw new Error(`${ascBin} missing: run \`npm install\` (assemblyscript is a devDependency)`);
  const loadBefore = os.loadavg();
  const nan: WallCpu = { wall: NaN, cpu: NaN };
  const tmp = mkdtempSync(join(os.tmpdir(), "silk-compile-bench-"));
  try {
    const only = process.env.BENCH_PARTS?.split(",") ?? ["runtime", "cold", "warm"];
    const rt = only.includes("runtime") ? measureRuntime(tmp) : [];
    const warm = only.includes("warm") ? measureWarm() : { o2: NaN, o2min: NaN, o2cpu: NaN, o3: NaN, check: NaN };
    const cold = only.includes("cold") ? measureCold(tmp) : { silk: nan, silkO3: nan, asc: nan, npxAsc: nan, node: nan, silkBytes: NaN, ascBytes: NaN };
    const section = report(rt, cold, warm, loadBefore);
    console.log(section);
    if (process.argv.includes("--write")) {
      const resultsPath = join(root, "bench", "RESULTS.md");
      const title = "## Compiler (Silk vs AssemblyScript)";
      const old = existsSync(resultsPath) ? readFileSync(resultsPath, "utf8") : "";
      const start = old.indexOf(title);
      let next: string;
      if (start < 0) {
        next = (old === "" || old.endsWith("\n") ? old : `${old}\n`) + (old === "" ? "" : "\n") + section;
      } else {
        const after = old.indexOf("\n## ", start + 1);
        next = old.slice(0, start) + section + (after < 0 ? "" : old.slice(after + 1));
      }
      writeFileSync(resultsPath, next);
      console.error(`[compile-bench] written to ${resultsPath}`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
