// Differential check of ranges.ts: random loop programs over u32/u8 locals and fixed arrays,
// compiled at -O0 (no range analysis) and -O3 (checks dropped where proven); every call must
// give the same outcome — value, or revert with the same panic. Seeded; FC_SEED / FUZZ_RUNS.
import { expect, test } from "vitest";
import { compileOne, onBothEngines, type Outcome } from "../driver/compile-testkit.js";

// FC_SEED like the fast-check suites (FUZZ_SEED still works); SILK_PROPERTY_RUNS raises the count.
const SEED = Number(process.env.FC_SEED || process.env.FUZZ_SEED || Date.now() % 1_000_000);
const RUNS = Math.max(Number(process.env.FUZZ_RUNS ?? 40), Number(process.env.SILK_PROPERTY_RUNS ?? 0) || 0);

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { int, pick };
}

function program(seed: number): string {
  const r = rng(seed);
  const N = r.pick([4, 8]);
  const vars = ["x", "y", "p", "q"];
  const consts = ["0", "1", "2", "3", String(N - 1), String(N), String(N + 1), "4294967295"];
  const atom = (): string => r.pick([...vars, ...vars, ...consts, `a[${idx()}]`]);
  const idx = (): string => r.pick(["x", "y", "p", "q", "0", String(N - 1), String(N), "(x & 3)", "(y >> 1)"]);
  const expr = (): string => {
    switch (r.int(6)) {
      case 0: return `${atom()} + ${r.pick(consts.slice(0, 4))}`;
      case 1: return `${atom()} - ${r.pick(consts.slice(0, 4))}`;
      case 2: return `${atom()} * ${r.pick(["2", "3", String(N)])}`;
      case 3: return `(${atom()} >> ${r.int(3)})`;
      default: return atom();
    }
  };
  const cond = (): string => `${r.pick(vars)} ${r.pick(["<", "<=", ">", ">=", "==", "!="])} ${r.pick([...vars, ...consts])}`;
  const target = () => r.pick(["x", "y", `a[${idx()}]`, `a[${idx()}]`]);
  const stmts = (depth: number, inLoop: boolean): string[] => {
    const out: string[] = [];
    const n = 2 + r.int(3);
    for (let i = 0; i < n; i++) {
      const k = r.int(depth > 0 ? 10 : 6);
      if (k <= 1) out.push(`${target()} = ${expr()};`);
      else if (k === 2) out.push(`${target()} += ${r.pick(["1", "2", "x", "p"])};`);
      else if (k === 3) out.push(`${target()} -= ${r.pick(["1", "y", "q"])};`);
      else if (k === 4) out.push(`z += ${r.pick(["1", "7", "100"])};`);
      else if (k === 5) out.push(inLoop && r.int(3) === 0 ? "break;" : `y = ${expr()};`);
      else if (k === 6) out.push(`if ${cond()} {`, ...stmts(depth - 1, inLoop), "} else {", ...stmts(depth - 1, inLoop), "}");
      else {
        // A loop bounded by a guard counter (checked: g never exceeds 64).
        const v = r.pick(["x", "y"]);
        out.push(`while ${v} ${r.pick(["<", "<=", ">", "!="])} ${r.pick([...vars, ...consts])} {`, "g += 1;", "if g > 64 { break; }",
          ...stmts(depth - 1, true), `${v} ${r.pick(["+=", "-="])} 1;`, "}");
      }
    }
    return out;
  };
  const pre = r.int(2) ? [`require(p <= ${N});`] : [];
  return `contract F {
  pub fn f(p: u32, q: u32) -> u32 {
    ${pre.join("")}
    let mut a: [u32; ${N}] = [0; ${N}];
    let mut x: u32 = ${r.pick(consts.slice(0, 6))};
    let mut y: u32 = ${r.pick(consts.slice(0, 6))};
    let mut z: u8 = ${r.int(250)};
    let mut g: u32 = 0;
    ${stmts(3, false).join("\n    ")}
    return x ^ y ^ a[0] ^ a[${N - 1}] ^ (z as u32) ^ g;
  }
}`;
}

const INPUTS: [bigint, bigint][] = [[0n, 0n], [1n, 3n], [3n, 1n], [4n, 8n], [8n, 4n], [9n, 2n], [4294967295n, 5n], [2n, 4294967295n]];
const strip = (o: Outcome) => ({ status: o.status, value: o.value, error: o.error, trap: o.trap });

test(`random loop programs: -O0 and -O3 agree (seed ${SEED})`, () => {
  for (let i = 0; i < RUNS; i++) {
    const src = program(SEED + i);
    if (process.env.FUZZ_SHOW) console.error(src);
    const run = (optimize: number) => {
      const c = compileOne(src, { optimize });
      return onBothEngines(c, (a, b) => expect(a).toEqual(b), (s) => {
        s.deploy();
        return INPUTS.map(([p, q]) => strip(s.call("f", [p, q])));
      });
    };
    expect(run(3), `seed ${SEED + i}:\n${src}`).toEqual(run(0));
  }
}, 120_000);
