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
  /** `Vec<u64>` locals that may be read. */
  vecs: string[];
  /** `Vec<u64>` locals that may be pushed to or have elements assigned (not one a `for … in` runs over). */
  pushable: string[];
  /** Inside a loop body (`break` / `continue` allowed). */
  loop: boolean;
  /**
   * Lengths each vector surely has here (`self.v` for the storage vector, 0 at the start of a
   * call): pushes earlier in the same block or an enclosing one. Indexes mostly stay below, so
   * most element accesses succeed and some are out of range.
   */
  minLen: Map<string, number>;
}

const copyScope = (s: Scope, extra: Partial<Scope> = {}): Scope => ({
  readable: [...s.readable], mutable: [...s.mutable], structs: [...s.structs], vecs: [...s.vecs], pushable: [...s.pushable], loop: s.loop, minLen: new Map(s.minLen), ...extra,
});

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
    const scope: Scope = { readable: [], mutable: [], structs: [], vecs: [], pushable: [], loop: false, minLen: new Map() };
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

  /** An element index of `vec`: mostly below its known length, sometimes small or any atom. */
  private index(s: Scope, vec: string): Expr {
    const c = this.c;
    const n = s.minLen.get(vec) ?? 0;
    if (n > 0 && c.chance(85)) return { k: "lit", v: BigInt(c.int(n)) };
    return c.chance(70) ? { k: "lit", v: BigInt(c.int(2)) } : this.atom(s);
  }

  private grow(s: Scope, vec: string, by: number): void {
    s.minLen.set(vec, Math.max(0, (s.minLen.get(vec) ?? 0) + by));
  }

  private leaf(s: Scope): Expr {
    const c = this.c;
    return c.weighted<Expr>([
      [6, () => this.atom(s)],
      [3, () => ({ k: "lit", v: literal(c) })],
      [2, () => ({ k: "sx" })],
      [1, () => ({ k: "sy" })],
      [2, () => ({ k: "sm", key: this.atom(s) })],
      [s.vecs.length > 0 ? 1 : 0, () => ({ k: "vlen", v: c.pick(s.vecs) })],
      [s.vecs.some((v) => (s.minLen.get(v) ?? 0) > 0) ? 2 : s.vecs.length > 0 && c.chance(15) ? 1 : 0, () => {
        const known = s.vecs.filter((v) => (s.minLen.get(v) ?? 0) > 0);
        const v = c.pick(known.length > 0 ? known : s.vecs);
        return { k: "vat", v, i: this.index(s, v) };
      }],
      [1, () => ({ k: "svlen" })],
      // Reads of the storage vector where it may be empty are rare: they would make most calls
      // revert with 0x32 (the vector starts empty).
      [(s.minLen.get("self.v") ?? 0) > 0 ? 2 : c.chance(15) ? 1 : 0, () => ({ k: "svat", i: this.index(s, "self.v") })],
    ]);
  }

  expr(s: Scope, depth: number): Expr {
    const c = this.c;
    if (depth <= 0 || !c.chance(55)) return this.leaf(s);
    if (c.chance(6)) return { k: "match", s: this.typed(s, depth - 1), arms: [this.expr(s, depth - 1), this.expr(s, depth - 1), this.expr(s, depth - 1)] };
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
    const s = copyScope(outer);
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
        const name = this.fresh("w");
        s.vecs.push(name);
        s.pushable.push(name);
        s.minLen.set(name, 0);
        return { k: "letV", name };
      }],
      [s.pushable.length > 0 ? 3 : 0, () => {
        const v = c.pick(s.pushable);
        const st: Stmt = { k: "push", v, e: this.expr(s, d - 1) };
        this.grow(s, v, 1);
        return st;
      }],
      [s.pushable.length > 0 ? 1 : 0, () => {
        const v = c.pick(s.pushable);
        return { k: "assign", place: { k: "vat", v, i: this.index(s, v) }, op: this.assignOp(), e: this.expr(s, d - 1) };
      }],
      [2, () => {
        const st: Stmt = { k: "spush", e: this.expr(s, d - 1) };
        this.grow(s, "self.v", 1);
        return st;
      }],
      [1, () => ({ k: "assign", place: { k: "svat", i: this.index(s, "self.v") }, op: this.assignOp(), e: this.expr(s, d - 1) })],
      [1, () => {
        const name = this.fresh("p");
        s.readable.push(name);
        s.mutable.push(name);
        this.grow(s, "self.v", -1);
        return { k: "spop", name, d: BigInt(c.int(10)) };
      }],
      [s.loop ? 1 : 0, () => ({ k: "brk", c: this.cond(s, 1) })],
      [s.loop ? 1 : 0, () => ({ k: "cont", c: this.cond(s, 1) })],
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
        const body = this.block(copyScope(s, { readable: [...s.readable, ctr], loop: true }), inner, nest - 1, true);
        return { k: "while", ctr, bound, body };
      }],
      [nest > 0 ? 2 : 0, () => {
        const v = this.fresh("i");
        // The bound `over % mod` must not be literal-only (a u256 range is E9003).
        const over: Expr = s.readable.length > 0 && c.chance(40) ? { k: "local", name: c.pick(s.readable) } : { k: "param", i: c.int(2) as 0 | 1 };
        const mod = c.range(1, 5);
        const body = this.block(copyScope(s, { readable: [...s.readable, v], loop: true }), inner, nest - 1, true);
        return { k: "for", v, over, mod, body };
      }],
      [nest > 0 && s.vecs.length > 0 ? 2 : 0, () => {
        const x = this.fresh("x");
        const vec = c.pick(s.vecs);
        // The vector iterated over is not mutated inside its loop.
        const body = this.block(copyScope(s, { readable: [...s.readable, x], pushable: s.pushable.filter((p) => p !== vec), loop: true }), inner, nest - 1, true);
        return { k: "forIn", x, v: vec, body };
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
