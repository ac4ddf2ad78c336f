// Programs agree with a reference evaluator: random well-typed programs (lets, assignments and
// checked compound assignments, if/else, bounded while and for loops with break/continue,
// `for … in` over vectors, `match` on integers, storage fields, map entries and the storage
// vector, memory vectors, struct locals, events, require, early returns) are compiled by the Silk compiler and
// run on both engines (v8 and interp); every call's status, return value or revert reason
// (Panic code / Error message), decoded events, and the storage read back through view getters
// must equal what the AST evaluator of model.ts computes.
//
// One run = one program: compiled once, deployed once per engine, then `run(a, b)` is called
// CALLS times in a row on the same state (storage carries over; the model threads it through,
// and a revert leaves it unchanged). After each call every storage field and the map entries at
// keys 0..3, every argument and every key the model wrote, and every element of the storage
// vector are read back with the getters.
// Replay: FC_SEED (printed below) and FC_PATH (printed on failure).

import fc from "fast-check";
import { afterAll, describe, it } from "vitest";
import { fcParams } from "../gen/arbitrary.js";
import { compileOne, ENGINES, Session, type Outcome } from "../../compiler/driver/compile-testkit.js";
import { makeWorld } from "../../vm/exec/testkit.js";
import { generateProgram, type ProgramCase } from "./gen.js";
import { countStmts, emptyStorage, evaluate, source, stmtKinds, type Program, type Stmt, type Storage } from "./model.js";

/** Programs per CI run (SILK_PROPERTY_RUNS raises it), calls per program, choices per program. */
const RUNS = 200;
const CALLS = 3;
const CHOICES = 600;

const seed = process.env.FC_SEED !== undefined && process.env.FC_SEED !== "" ? Number(process.env.FC_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
const ENGINE_NAMES = ["v8", "interp"] as const;

/** What one call is compared on (the same shape from the model and from an engine). */
interface Observed {
  status: string;
  value?: string;
  revert?: string;
  events: string[];
  storage: string[];
}

const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x instanceof Uint8Array ? Buffer.from(x).toString("hex") : x));

function keysToRead(c: ProgramCase, model: Storage[]): bigint[] {
  const ks = new Set<bigint>([0n, 1n, 2n, 3n]);
  for (const [a, b] of c.calls) ks.add(a).add(b);
  for (const st of model) for (const k of st.m.keys()) ks.add(k);
  return [...ks].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

function storageLines(x: bigint, y: bigint, f: boolean, m: (k: bigint) => bigint, keys: bigint[], v: readonly bigint[]): string[] {
  return [`x=${x}`, `y=${y}`, `f=${f}`, ...keys.map((k) => `m[${k}]=${m(k)}`), `v=[${v.join(",")}]`];
}

/** The model's observations of every call in a row. */
function expected(c: ProgramCase): { obs: Observed[]; keys: bigint[] } {
  let st = emptyStorage();
  const results = c.calls.map((args) => {
    const r = evaluate(c.program, st, args);
    st = r.storage;
    return r;
  });
  const keys = keysToRead(c, results.map((r) => r.storage));
  const obs = results.map((r): Observed => ({
    status: r.status,
    ...(r.status === "ok" ? { value: r.value.toString() } : { revert: "panic" in r ? `Panic(0x${r.panic.toString(16)})` : `Error(${JSON.stringify(r.message)})` }),
    events: r.events.map((e) => `E{k:${e.k},v:${e.v}}`),
    storage: storageLines(r.storage.x, r.storage.y, r.storage.f, (k) => r.storage.m.get(k) ?? 0n, keys, r.storage.v),
  }));
  return { obs, keys };
}

function revertText(o: Outcome): string {
  const e = o.error as { kind?: string; code?: number; message?: string } | undefined;
  if (e?.kind === "panic" && typeof e.code === "number") return `Panic(0x${e.code.toString(16)})`;
  if (e?.kind === "message") return `Error(${JSON.stringify(e.message)})`;
  return show(e);
}

function getter(s: Session, fn: string, args: unknown[] = []): unknown {
  const o = s.call(fn, args);
  if (o.status !== "ok") throw new Error(`getter ${fn}(${show(args)}) failed: ${show(o)}`);
  return o.value;
}

/** An engine's observations of every call in a row. */
function observe(mk: (typeof ENGINES)[number], contract: ReturnType<typeof compileOne>, c: ProgramCase, keys: bigint[]): Observed[] {
  const s = new Session(makeWorld(mk()), contract);
  const d = s.deploy();
  if (d.status !== "ok") throw new Error(`deploy failed: ${show(d)}`);
  return c.calls.map((args): Observed => {
    const o = s.call("run", args);
    const base: Observed = {
      status: o.status,
      ...(o.status === "ok" ? { value: String(o.value) } : o.status === "revert" ? { revert: revertText(o) } : { revert: `${o.status} ${o.trap ?? ""}` }),
      events: o.events.map((e) => {
        const ev = e as { name: string; values: { k: bigint; v: bigint } };
        return ev.name === "E" ? `E{k:${ev.values.k},v:${ev.values.v}}` : show(e);
      }),
      storage: [],
    };
    const m = new Map(keys.map((k) => [k, getter(s, "get_m", [k]) as bigint]));
    const v: bigint[] = [];
    for (let i = 0n, n = getter(s, "get_v_len") as bigint; i < n; i++) v.push(getter(s, "get_v", [i]) as bigint);
    base.storage = storageLines(getter(s, "get_x") as bigint, getter(s, "get_y") as bigint, getter(s, "get_f") as boolean, (k) => m.get(k)!, keys, v);
    return base;
  });
}

interface Failure {
  engine: string;
  call: number;
  args: [bigint, bigint];
  got: Observed;
  want: Observed;
}

function runCase(c: ProgramCase, contract = compileOne(source(c.program))): Failure | undefined {
  const { obs: want, keys } = expected(c);
  for (const [i, mk] of ENGINES.entries()) {
    const got = observe(mk, contract, c, keys);
    for (let j = 0; j < c.calls.length; j++) {
      if (show(got[j]) !== show(want[j])) return { engine: ENGINE_NAMES[i]!, call: j, args: c.calls[j]!, got: got[j]!, want: want[j]! };
    }
  }
  return undefined;
}

/** Programs with one statement removed or one block emptied/flattened (a greedy reducer's steps). */
function* smallerBodies(ss: Stmt[]): Generator<Stmt[]> {
  for (let i = 0; i < ss.length; i++) yield [...ss.slice(0, i), ...ss.slice(i + 1)];
  for (let i = 0; i < ss.length; i++) {
    const s = ss[i]!;
    const put = (x: Stmt[]) => [...ss.slice(0, i), ...x, ...ss.slice(i + 1)];
    if (s.k === "if") {
      for (const t of smallerBodies(s.then)) yield put([{ ...s, then: t }]);
      for (const e of smallerBodies(s.else)) yield put([{ ...s, else: e }]);
    } else if (s.k === "while" || s.k === "for" || s.k === "forIn") {
      for (const b of smallerBodies(s.body)) yield put([{ ...s, body: b }]);
    }
  }
}

/**
 * Greedy reduction (fast-check does not shrink here: a step would recompile): fewer calls, then
 * fewer statements, while some engine still disagrees with the model. Candidates the compiler
 * or the model reject (a removed `let` still read) are skipped. Bounded.
 */
function minimise(c: ProgramCase, f: Failure): { c: ProgramCase; f: Failure } {
  let best = { c, f };
  const attempt = (cand: ProgramCase): boolean => {
    try {
      const r = runCase(cand);
      if (r) best = { c: cand, f: r };
      return r !== undefined;
    } catch {
      return false;
    }
  };
  // The failing call and the calls before it are needed (storage carries over); try it alone first.
  if (f.call > 0) attempt({ ...c, calls: [c.calls[f.call]!] }) || attempt({ ...c, calls: c.calls.slice(0, f.call + 1) });
  else attempt({ ...c, calls: [c.calls[0]!] });
  let steps = 0;
  for (let progress = true; progress && steps < 150; ) {
    progress = false;
    for (const body of smallerBodies(best.c.program.body)) {
      if (++steps >= 150) break;
      const program: Program = { ...best.c.program, body };
      if (attempt({ ...best.c, program })) {
        progress = true;
        break;
      }
    }
  }
  return best;
}

function describeFailure(c: ProgramCase, f: Failure): string {
  return `${f.engine} disagrees with the model on call ${f.call} run(${f.args.join(", ")}) (calls in a row: ${c.calls.map((a) => `(${a.join(", ")})`).join(" ")})\n  got   ${show(f.got)}\n  model ${show(f.want)}\n${source(c.program)}`;
}

const counts = { programs: 0, calls: 0, ok: 0, panic: new Map<string, number>(), message: 0, events: 0, stmts: 0, compileMs: 0, runMs: 0 };
const kinds = new Map<string, number>();

function check(c: ProgramCase): void {
  let t0 = performance.now();
  const contract = compileOne(source(c.program));
  counts.compileMs += performance.now() - t0;
  t0 = performance.now();
  const failure = runCase(c, contract);
  counts.runMs += performance.now() - t0;
  counts.programs++;
  counts.stmts += countStmts(c.program.body);
  for (const k of stmtKinds(c.program.body)) kinds.set(k, (kinds.get(k) ?? 0) + 1);
  for (const o of expected(c).obs) {
    counts.calls++;
    counts.events += o.events.length;
    if (o.status === "ok") counts.ok++;
    else if (o.revert!.startsWith("Error")) counts.message++;
    else counts.panic.set(o.revert!, (counts.panic.get(o.revert!) ?? 0) + 1);
  }
  if (failure) {
    const small = minimise(c, failure);
    throw new Error(`${describeFailure(c, failure)}\nminimised:\n${describeFailure(small.c, small.f)}`);
  }
}

describe("programs agree with a reference evaluator (v8 and interp)", () => {
  console.log(`programs property: seed ${seed} (replay with FC_SEED=${seed}; FC_PATH as printed on failure)`);

  it("random programs: same value or revert, events and storage", () => {
    const arb = fc.array(fc.nat(0xffff), { minLength: CHOICES, maxLength: CHOICES }).map((cs) => {
      const c = generateProgram(cs, CALLS);
      return Object.assign(c, { [fc.toStringMethod]: () => `ProgramCase(calls ${c.calls.map((a) => `(${a.join(", ")})`).join(" ")})\n${source(c.program)}` });
    });
    // No shrinking (endOnFailure): `check` reduces the failing program itself.
    const params = fcParams<[ProgramCase]>(RUNS);
    fc.assert(fc.property(arb, check), { ...params, seed: params.seed ?? seed, endOnFailure: true });
  });

  afterAll(() => {
    const ks = [...kinds.entries()].sort().map(([k, n]) => `${k}:${n}`).join(" ");
    const panics = [...counts.panic.entries()].sort().map(([k, n]) => `${k} ${n}`).join(", ");
    console.log(
      `programs property: ${counts.programs} programs (${counts.stmts} statements), ${counts.calls} calls on both engines — ` +
        `ok ${counts.ok}, ${panics || "no panics"}, Error(msg) ${counts.message}; ${counts.events} events; ` +
        `compile ${(counts.compileMs / 1000).toFixed(1)} s, run ${(counts.runMs / 1000).toFixed(1)} s\n  programs using each statement kind: ${ks}`,
    );
  });
});
