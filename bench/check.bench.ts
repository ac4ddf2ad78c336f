// The front-end benchmark (`node dist/bench/check.bench.js` after `npm run build`): what
// `silk check` costs on a generated 5,000-line file, warm (in process, split by pass) and cold
// (a whole `node dist/cli/main.js check` process), plus the start-up costs that a cold run
// pays: importing Chevrotain and constructing the parser (grammar recording + analysis).
//
// The import and construction figures are measured in fresh child processes (each module is
// loaded once per process, so a second in-process measurement would read the cache).
// `--write` appends/replaces the "## Front end (silk check)" section of bench/RESULTS.md.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { writeResultsSection } from "./results.js";
import os from "node:os";
import { dirname, join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { check } from "../compiler/check/translate.js";
import { checkFiles } from "../compiler/driver/driver.js";
import { DiagnosticSink } from "../compiler/diagnostics/sink.js";
import { resolve } from "../compiler/resolve/translate.js";
import type * as C from "../compiler/syntax/cst.generated.js";
import { lex } from "../compiler/syntax/lex.js";
import { getParser } from "../compiler/syntax/parser.js";
import { BuildContext } from "../compiler/syntax/visit-context.js";
import { buildSourceFile } from "../compiler/syntax/visit-items.js";
import { median } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 7);
const WARMUP = 3;
const TARGET_LINES = 5000;
const WARM_TARGET_MS = 200;

const here = dirname(fileURLToPath(import.meta.url));
// dist/bench → the package root (dist/..), where node_modules and dist/cli live.
const root = resolvePath(here, "..", "..");
const cliMain = join(root, "dist", "cli", "main.js");


function now(): bigint {
  return process.hrtime.bigint();
}

function since(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// ---- the generated program ----------------------------------------------------------------

/**
 * One unit of ~100 lines in the style of compiler/testdata/valid/: a struct, an enum, constants
 * and an alias, free functions with loops, matches, tuples and casts, and a contract with
 * storage, events, errors, init and entry points. Every name carries `i`, so units never clash
 * and the whole file is one clean program (every pass runs to the end).
 */
function unit(i: number): string {
  return `/// Unit ${i}: a position book with its helpers.
struct Pos${i} { owner: address, amount: u128, open: bool }

enum Shape${i} {
    Circle(u32),
    Rect { w: u32, h: u32 },
    Empty,
}

const LIMIT${i}: u32 = ${i + 4} * 2;
type Amount${i} = u256;

fn area${i}(s: Shape${i}) -> u32 {
    match s {
        Shape${i}::Circle(r) => 3 * r * r,
        Shape${i}::Rect { w, h } => w * h + LIMIT${i},
        Shape${i}::Empty => 0,
    }
}

fn sum${i}(n: u32) -> u32 {
    let mut total: u32 = 0;
    for k in 0..=n {
        if k % 2 == 0 {
            continue;
        }
        total += k;
    }
    return total;
}

fn classify${i}(n: u8) -> u8 {
    match n {
        0 => 0,
        1 => 1,
        x if x > 100 => 2,
        _ => 3,
    }
}

fn mix${i}(x: u64, y: u64) -> (u64, u64) {
    let (a, b) = (x + y * 3, (x << 2) >> 1);
    let c = if a > b { a - b } else { b - a };
    let arr: [u8; 4] = [1, 2, 3, 4];
    return (c + arr.len() as u64, a ^ b);
}

/// The contract of unit ${i}.
contract Book${i} {
    storage {
        owner: address,
        count: u64,
        positions: Map<u64, Pos${i}>,
        allowances: Map<address, Map<address, u256>>,
        history: Vec<u64>,
        total: Amount${i},
    }

    event Opened { #[indexed] who: address, id: u64, amount: u128 }
    error NotOwner;
    error TooLarge { value: u256, limit: u256 }

    init(start: u64) {
        self.owner = msg.sender;
        self.count = start;
    }

    pub fn open(amount: u128) -> u64 {
        let id = self.count;
        self.positions[id] = Pos${i} { owner: msg.sender, amount, open: true };
        self.count = id + 1;
        self.history.push(id);
        emit Opened { who: msg.sender, id, amount };
        return id;
    }

    pub fn close(id: u64) {
        let p = self.positions[id];
        require(p.owner == msg.sender, "not yours");
        self.positions[id].open = false;
        if self.positions.contains(id) {
            self.positions.remove(id);
        }
    }

    pub fn approve(spender: address, amount: u256) {
        if msg.sender != self.owner {
            revert NotOwner;
        }
        require(amount <= 1_000_000, TooLarge { value: amount, limit: 1_000_000 });
        self.allowances[msg.sender][spender] = amount;
        self.total += amount;
    }

    pub view fn allowance(owner: address, spender: address) -> u256 {
        return self.allowances[owner][spender];
    }

    pub view fn score(n: u32) -> u32 {
        let mut steps: u32 = 0;
        let mut k = n;
        while k > 0 {
            k -= 1;
            steps += sum${i}(k) % 7;
        }
        return steps + area${i}(Shape${i}::Rect { w: n, h: 2 }) + classify${i}(3) as u32;
    }
}

`;
}

/** The first whole units whose line count reaches `lines`. */
export function generateProgram(lines: number): string {
  let text = "";
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const u = unit(i);
    text += u;
    count += u.split("\n").length - 1;
  }
  return text;
}

// ---- child-process measurements -------------------------------------------------------------

/** Runs `node --input-type=module -e script` and reads the JSON it prints. */
function childJson<T>(script: string): T {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as T;
}

interface Startup {
  /** `import("chevrotain")`: the package's entry point (lib/src/api.js and lodash-es). */
  chevrotainEntry: number;
  /** compiler/syntax/chevrotain.js: the one door, which loads the pre-bundled lib/chevrotain.mjs. */
  chevrotainDoor: number;
  /** compiler/syntax/parser.js (tokens, the lexer) once Chevrotain is loaded. */
  parserModule: number;
  /** `getParser()`: grammar recording and analysis (`performSelfAnalysis`). */
  construct: number;
  /** The first parse of a small program, which builds the lookahead it uses (lookahead.ts). */
  firstSmallParse: number;
}

const SMALL = "contract C { storage { a: u64 } pub fn f(x: u64) -> u64 { let y = x + 1; if y > 2 { return y; } return self.a * y; } }";

/** Start-up costs, each in a fresh process (a module is loaded once per process). */
function startupOnce(): Startup {
  const url = (rel: string) => JSON.stringify(new URL(`file://${join(root, "dist", "compiler", "syntax", rel)}`).href);
  const entry = childJson<{ ms: number }>(`
    const t = process.hrtime.bigint();
    await import("chevrotain");
    console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t) / 1e6 }));
  `).ms;
  // Before compiler/syntax/chevrotain.js existed the parser imported the entry point itself.
  const door = existsSync(join(root, "dist", "compiler", "syntax", "chevrotain.js"));
  const rest = childJson<Omit<Startup, "chevrotainEntry">>(`
    const ms = (t) => Number(process.hrtime.bigint() - t) / 1e6;
    let t = process.hrtime.bigint();
    await import(${door ? url("chevrotain.js") : JSON.stringify("chevrotain")});
    const chevrotainDoor = ${door ? "ms(t)" : "NaN"};
    t = process.hrtime.bigint();
    const m = await import(${url("parser.js")});
    const parserModule = ms(t);
    const p = await import(${url("parse.js")});
    t = process.hrtime.bigint();
    m.getParser();
    const construct = ms(t);
    t = process.hrtime.bigint();
    const r = p.parse(${JSON.stringify(SMALL)}, "small.silk");
    const firstSmallParse = ms(t);
    if (r.diagnostics.length > 0) throw new Error("small program has diagnostics");
    console.log(JSON.stringify({ chevrotainDoor, parserModule, construct, firstSmallParse }));
  `);
  return { chevrotainEntry: entry, ...rest };
}

function nodeBaseline(): number {
  const t0 = now();
  const r = spawnSync(process.execPath, ["-e", "0"]);
  if (r.status !== 0) throw new Error("node -e 0 failed");
  return since(t0);
}

function coldCheck(file: string): number {
  const t0 = now();
  const r = spawnSync(process.execPath, [cliMain, "check", file], { encoding: "utf8" });
  const t = since(t0);
  if (r.status !== 0) throw new Error(`silk check failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return t;
}

// ---- warm, in process -----------------------------------------------------------------------

interface Split {
  lex: number;
  parse: number;
  ast: number;
  resolve: number;
  check: number;
}

/** The driver's passes one by one, timed (the same calls parse.ts and driver.ts make). */
function splitOnce(file: string, text: string): Split {
  let t = now();
  const lexed = lex(text, file);
  for (const tok of lexed.tokens) tok.endOffset = tok.startOffset + tok.image.length - 1;
  const lexMs = since(t);

  t = now();
  const parser = getParser();
  parser.noStruct = false;
  parser.input = lexed.tokens;
  const cst = parser.sourceFile() as C.SourceFileCstNode;
  if (parser.errors.length > 0) throw new Error(`parse errors: ${parser.errors[0]!.message}`);
  const parseMs = since(t);

  t = now();
  const ctx = new BuildContext(file, text, lexed.comments, []);
  const ast = buildSourceFile(ctx, cst);
  const astMs = since(t);

  const sink = new DiagnosticSink();
  t = now();
  const resolved = resolve({ roots: [file], files: new Map([[file, ast]]), importTargets: new Map() }, sink);
  const resolveMs = since(t);

  t = now();
  check(resolved, sink);
  const checkMs = since(t);
  if (sink.hasErrors()) throw new Error("the generated program has errors");
  return { lex: lexMs, parse: parseMs, ast: astMs, resolve: resolveMs, check: checkMs };
}

/** Wall and CPU (user + system, all threads: GC helpers included) milliseconds of one check. */
function warmCheck(file: string): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = now();
  const r = checkFiles([file]);
  const wall = since(t0);
  const c = process.cpuUsage(c0);
  if (r.diagnostics.length > 0) throw new Error(`diagnostics: ${r.diagnostics[0]!.message}`);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

// ---- report ---------------------------------------------------------------------------------

function fmt(x: number | null): string {
  return x === null || Number.isNaN(x) ? "—" : x.toFixed(1);
}

function main(): void {
  if (!existsSync(cliMain)) throw new Error(`${cliMain} missing: run \`npm run build\` first`);
  const text = generateProgram(TARGET_LINES);
  const lines = text.split("\n").length - 1;
  const dir = mkdtempSync(join(os.tmpdir(), "silk-check-bench-"));
  const file = join(dir, "big.silk");
  writeFileSync(file, text);
  const tokens = lex(text, file).tokens.length;

  // Start-up (fresh processes).
  const startups = Array.from({ length: COLD_RUNS }, () => startupOnce());
  const startup = (k: keyof Startup): number => median(startups.map((s) => s[k]));

  // Warm, in process: warm-up runs first (JIT, parser construction), then the medians.
  for (let i = 0; i < WARMUP; i++) warmCheck(file);
  const warm: Array<{ wall: number; cpu: number }> = [];
  const splits: Split[] = [];
  for (let i = 0; i < RUNS; i++) {
    warm.push(warmCheck(file));
    splits.push(splitOnce(file, text));
  }
  const split = {
    lex: median(splits.map((s) => s.lex)),
    parse: median(splits.map((s) => s.parse)),
    ast: median(splits.map((s) => s.ast)),
    resolve: median(splits.map((s) => s.resolve)),
    check: median(splits.map((s) => s.check)),
  };
  const warmMs = median(warm.map((w) => w.wall));
  const warmCpu = median(warm.map((w) => w.cpu));
  const warmMin = Math.min(...warm.map((w) => w.wall));

  // Cold, whole process.
  const baseline = median(Array.from({ length: COLD_RUNS }, () => nodeBaseline()));
  coldCheck(file);
  const cold = median(Array.from({ length: COLD_RUNS }, () => coldCheck(file)));

  const rows: Array<[string, string]> = [
    ["input", `${lines} lines, ${text.length} chars, ${tokens} tokens`],
    ["import `chevrotain` (package entry point, fresh process)", fmt(startup("chevrotainEntry"))],
    ["import compiler/syntax/chevrotain.js (the bundle, fresh process)", fmt(startup("chevrotainDoor"))],
    ["import compiler/syntax/parser.js after it (tokens, lexer)", fmt(startup("parserModule"))],
    ["construct the parser (`getParser()`, performSelfAnalysis)", fmt(startup("construct"))],
    ["first parse of a 1-line contract (builds the lookahead it needs)", fmt(startup("firstSmallParse"))],
    ["warm `checkFiles` (whole pipeline), wall", `**${fmt(warmMs)}** (min ${fmt(warmMin)}; target ≤ ${WARM_TARGET_MS}: ${warmMs <= WARM_TARGET_MS ? "met" : "not met"})`],
    ["warm `checkFiles`, CPU (user + system)", fmt(warmCpu)],
    ["  lex (tokenize + literal checks)", fmt(split.lex)],
    ["  parse (Chevrotain → CST)", fmt(split.parse)],
    ["  AST (CST → AST visitor)", fmt(split.ast)],
    ["  resolve", fmt(split.resolve)],
    ["  check", fmt(split.check)],
    ["cold `node dist/cli/main.js check` (whole process), wall", `**${fmt(cold)}**`],
    ["  of which a bare `node -e 0`", fmt(baseline)],
  ];
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? "unknown CPU"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type().toLowerCase()} ${os.release()} (${os.arch()})`;
  const load = os.loadavg().map((x) => x.toFixed(2)).join(" / ");
  const table = ["| what | ms (median) |", "|---|---:|", ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join("\n");
  const section = [
    "## Front end (silk check)",
    "",
    `- date: ${new Date().toISOString()}`,
    `- machine: ${machine}; node ${process.version}`,
    `- load average when measured (1/5/15 min): ${load}`,
    `- warm: median of ${RUNS} runs after ${WARMUP} warm-up runs; cold and start-up: median of ${COLD_RUNS} fresh processes`,
    "- regenerate with `npm run build && node dist/bench/check.bench.js --write`",
    "",
    table,
    "",
  ].join("\n");
  console.log(section);
  rmSync(dir, { recursive: true, force: true });

  if (process.argv.includes("--write")) {
    const resultsPath = writeResultsSection(root, "## Front end (silk check)", section);
    console.log(`written to ${resultsPath}`);
  }
}

main();
