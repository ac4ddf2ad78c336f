// Generation of random well-typed programs (model.ts) from a fast-check choice sequence
// (gen/choices.ts): an exhausted sequence gives the simplest program (`return a;`), and every
// name a statement reads is in scope by construction (a scope per block, unique names).

import { Choices } from "../gen/choices.js";
import type { AssignOp, BinOp, CmpOp, Cond, Expr, Place, Program, Stmt } from "./model.js";

const MAX = (1n << 64n) - 1n;

/** A u64 literal: mostly small, sometimes an edge (2^k, 2^k − 1, MAX, 2^32 …). */
export function literal(c: Choices): bigint {
  return c.weighted<bigint>([
    [16, () => BigInt(c.int(8))],
    [6, () => BigInt(c.int(1000))],
    [1, () => MAX],
    [1, () => MAX - BigInt(c.int(3))],
    [1, () => 1n << BigInt(c.int(64))],
    [1, () => (1n << BigInt(c.int(65))) - 1n],
    [1, () => 0xffff_ffffn + BigInt(c.int(3))],
    [1, () => c.i64() & MAX],
  ]);
}

/** An argument of `run`: small, or an edge value. */
export function argument(c: Choices): bigint {
  return c.weighted<bigint>([
    [6, () => BigInt(c.int(10))],
    [2, () => BigInt(c.int(100_000))],
    [1, () => MAX],
    [1, () => 1n << BigInt(c.int(64))],
    [1, () => c.i64() & MAX],
  ]);
}

interface Scope {
  /** u64 locals that may be read. */
  readable: string[];
  /** u64 locals that may be assigned (not loop counters). */
  mutable: string[];
  /** Struct locals (`S { p, q }`). */
  structs: string[];
}

export interface GenLimits {
  /** Statements at the top level. */
  stmts: number;
  /** Nesting of if / while / for. */
  nest: number;
  /** Depth of expressions. */
  depth: number;
}

export const DEFAULT_LIMITS: GenLimits = { stmts: 12, nest: 2, depth: 3 };

export class ProgramGen {
  private next = 0;
  private msgs = 0;
  constructor(private readonly c: Choices, private readonly lim: GenLimits = DEFAULT_LIMITS) {}

  private fresh(prefix: string): string {
    return `${prefix}${this.next++}`;
  }

  program(): Program {
    const scope: Scope = { readable: [], mutable: [], structs: [] };
    const body = this.block(scope, this.lim.stmts, this.lim.nest, false);
    return { body, ret: this.expr(scope, this.lim.depth) };
  }

  /** A never-failing expression (map keys, loop bounds). */
  private atom(s: Scope): Expr {
    const c = this.c;
    return c.weighted<Expr>([
      [4, () => ({ k: "param", i: c.int(2) as 0 | 1 })],
      [3, () => ({ k: "lit", v: BigInt(c.int(4)) })],
      [s.readable.length > 0 ? 3 : 0, () => ({ k: "local", name: c.pick(s.readable) })],
      [s.structs.length > 0 ? 1 : 0, () => ({ k: "field", s: c.pick(s.structs), f: c.pick(["p", "q"] as const) })],
    ]);
  }

  private leaf(s: Scope): Expr {
    const c = this.c;
    return c.weighted<Expr>([
      [6, () => this.atom(s)],
      [3, () => ({ k: "lit", v: literal(c) })],
      [2, () => ({ k: "sx" })],
      [1, () => ({ k: "sy" })],
      [2, () => ({ k: "sm", key: this.atom(s) })],
    ]);
  }

  expr(s: Scope, depth: number): Expr {
    const c = this.c;
    if (depth <= 0 || !c.chance(55)) return this.leaf(s);
    const op = c.weighted<BinOp>([
      [5, () => "+"],
      [2, () => "-"],
      [2, () => "*"],
      [1, () => "/"],
      [1, () => "%"],
      [1, () => "&"],
      [1, () => "|"],
      [1, () => "^"],
    ]);
    return { k: "bin", op, l: this.expr(s, depth - 1), r: this.expr(s, depth - 1) };
  }

  /**
   * An expression that reads something typed (a parameter, local, field or storage) somewhere.
   * Where nothing else types it (a comparison of two literal trees, the operand of `as`), a
   * literal-only tree would be u256 to the compiler but u64 to the model.
   */
  typed(s: Scope, depth: number): Expr {
    const e = this.expr(s, depth);
    return literalOnly(e) ? replaceLeftmostLeaf(e, { k: "param", i: this.c.int(2) as 0 | 1 }) : e;
  }

  cond(s: Scope, depth: number): Cond {
    const c = this.c;
    const cmp = (): Cond => ({ k: "cmp", op: c.pick(["<", "<=", ">", ">=", "==", "!="] as const satisfies readonly CmpOp[]), l: this.typed(s, this.lim.depth - 1), r: this.expr(s, this.lim.depth - 1) });
    if (depth <= 0) return cmp();
    return c.weighted<Cond>([
      [6, cmp],
      [1, () => ({ k: "sf" })],
      [1, () => ({ k: "bool", v: c.chance(50) })],
      [1, () => ({ k: "not", x: this.cond(s, depth - 1) })],
      [2, () => ({ k: c.pick(["and", "or"] as const), l: this.cond(s, depth - 1), r: this.cond(s, depth - 1) })],
    ]);
  }

  private assignOp(): AssignOp {
    return this.c.weighted<AssignOp>([
      [3, () => "="],
      [3, () => "+="],
      [1, () => "-="],
      [1, () => "*="],
    ]);
  }

  /** A block of at most n statements in a new scope (copied: its lets end with it). */
  private block(outer: Scope, n: number, nest: number, inLoopOrIf: boolean): Stmt[] {
    const s: Scope = { readable: [...outer.readable], mutable: [...outer.mutable], structs: [...outer.structs] };
    const out: Stmt[] = [];
    const count = this.c.int(n + 1);
    for (let i = 0; i < count; i++) {
      const st = this.stmt(s, nest, inLoopOrIf);
      out.push(st);
      if (st.k === "return") break; // nothing after a return (W0002)
    }
    return out;
  }

  private stmt(s: Scope, nest: number, nested: boolean): Stmt {
    const c = this.c;
    const d = this.lim.depth;
    const inner = Math.max(1, Math.floor(this.lim.stmts / 3));
    return c.weighted<Stmt>([
      [4, () => {
        const name = this.fresh("v");
        const st: Stmt = { k: "let", name, e: this.expr(s, d) };
        s.readable.push(name);
        s.mutable.push(name);
        return st;
      }],
      [s.mutable.length + s.structs.length > 0 ? 5 : 0, () => {
        const place: Place = s.structs.length > 0 && (s.mutable.length === 0 || c.chance(30))
          ? { k: "field", s: c.pick(s.structs), f: c.pick(["p", "q"] as const) }
          : { k: "local", name: c.pick(s.mutable) };
        return { k: "assign", place, op: this.assignOp(), e: this.expr(s, d) };
      }],
      [1, () => {
        const name = this.fresh("s");
        const st: Stmt = { k: "letS", name, p: this.expr(s, d - 1), q: this.expr(s, d - 1) };
        s.structs.push(name);
        return st;
      }],
      [3, () => ({ k: "assign", place: { k: "sx" }, op: this.assignOp(), e: this.expr(s, d) })],
      [3, () => ({ k: "assign", place: { k: "sm", key: this.atom(s) }, op: this.assignOp(), e: this.expr(s, d) })],
      [2, () => ({ k: "setY", op: this.assignOp(), e: this.typed(s, d - 1) })],
      [1, () => ({ k: "setF", c: this.cond(s, 1) })],
      [3, () => ({ k: "emit", key: this.expr(s, d - 1), val: this.expr(s, d - 1) })],
      [1, () => ({ k: "require", c: this.cond(s, 1), msg: `m${this.msgs++}` })],
      [nest > 0 ? 3 : 0, () => ({ k: "if", c: this.cond(s, 2), then: this.block(s, inner, nest - 1, true), else: this.block(s, inner, nest - 1, true) })],
      [nest > 0 ? 2 : 0, () => {
        const ctr = this.fresh("w");
        const bound = c.range(1, 4);
        const body = this.block({ ...s, readable: [...s.readable, ctr] }, inner, nest - 1, true);
        return { k: "while", ctr, bound, body };
      }],
      [nest > 0 ? 2 : 0, () => {
        const v = this.fresh("i");
        // The bound `over % mod` must not be literal-only (a u256 range is E9003).
        const over: Expr = s.readable.length > 0 && c.chance(40) ? { k: "local", name: c.pick(s.readable) } : { k: "param", i: c.int(2) as 0 | 1 };
        const mod = c.range(1, 5);
        const body = this.block({ ...s, readable: [...s.readable, v] }, inner, nest - 1, true);
        return { k: "for", v, over, mod, body };
      }],
      // A `return` only inside if / loops: the top level always ends with the final return.
      [nested ? 1 : 0, () => ({ k: "return", e: this.expr(s, d - 1) })],
    ]);
  }
}

function literalOnly(e: Expr): boolean {
  return e.k === "lit" || (e.k === "bin" && literalOnly(e.l) && literalOnly(e.r));
}

function replaceLeftmostLeaf(e: Expr, leaf: Expr): Expr {
  return e.k === "bin" ? { ...e, l: replaceLeftmostLeaf(e.l, leaf) } : leaf;
}

export interface ProgramCase {
  program: Program;
  /** Argument pairs of the calls made in a row (storage carries over). */
  calls: [bigint, bigint][];
}

export function generateProgram(choices: readonly number[], nCalls: number, lim: GenLimits = DEFAULT_LIMITS): ProgramCase {
  const c = new Choices(choices);
  const program = new ProgramGen(c, lim).program();
  const calls: [bigint, bigint][] = [];
  for (let i = 0; i < nCalls; i++) calls.push([argument(c), argument(c)]);
  return { program, calls };
}
