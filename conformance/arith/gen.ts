// Generation of the arithmetic property's cases from a fast-check choice sequence
// (gen/choices.ts): typed expression trees over one integer type T, and argument triples
// biased to edge values. An exhausted sequence gives the simplest case (the parameter `a`,
// arguments 0), and shrinking the sequence shrinks trees and arguments.

import { Choices } from "../gen/choices.js";
import { INT_TYPES, PARAMS, bits, hasParam, range, signed, type Expr, type IntType } from "./model.js";

/**
 * What the back end compiles. Shifts of 128/256-bit values, or by 128/256-bit amounts, are
 * rejected with E9003 ("not supported by the back end yet"), so the generator leaves them out;
 * everything else (+ - * / % & | ^ ! unary -, `as` between any two integer types) is generated
 * at every width.
 */
export const SHIFT_MAX_BITS = 64;

export interface GenLimits {
  /** Maximum depth of a tree (a leaf has depth 0). */
  depth: number;
}

/** A value of type t, biased to edges: 0, ±1, MIN, MAX, MAX−1, MIN+1, ±2^k, 2^k−1, random. */
export function edgeValue(c: Choices, t: IntType): bigint {
  const { min, max } = range(t);
  const n = bits(t);
  const pow = () => 1n << BigInt(c.int(signed(t) ? n - 1 : n));
  const v = c.weighted<bigint>([
    [3, () => 0n],
    [3, () => 1n],
    [2, () => 2n],
    [4, () => max],
    [4, () => min],
    [2, () => max - 1n],
    [2, () => min + 1n],
    [2, () => -1n],
    [3, () => pow()],
    [2, () => pow() - 1n],
    [2, () => -pow()],
    [3, () => BigInt(c.int(20))],
    [3, () => BigInt(c.int(300)) - 150n],
    [6, () => randomBits(c, n, signed(t))],
    [3, () => randomBits(c, c.range(1, n), signed(t))],
  ]);
  // Values outside t (−1 for an unsigned type, 300 for u8, …) fall back to a wrapped one.
  if (v >= min && v <= max) return v;
  return signed(t) ? BigInt.asIntN(n, v) : BigInt.asUintN(n, v);
}

function randomBits(c: Choices, n: number, asSigned: boolean): bigint {
  let v = 0n;
  for (let i = 0; i < n; i += 16) v = (v << 16n) | BigInt(c.int(0x10000));
  v = BigInt.asUintN(n, v);
  return asSigned ? BigInt.asIntN(n, v) : v;
}

/** A shift amount literal (typed u32 by the language): mostly around the width, sometimes huge. */
function shiftAmount(c: Choices, t: IntType): bigint {
  const n = bits(t);
  return c.weighted<bigint>([
    [6, () => BigInt(c.int(n))],
    [2, () => BigInt(n - 1)],
    [2, () => BigInt(n + c.int(3))],
    [1, () => BigInt(c.int(400))],
    [1, () => 0xffff_ffffn],
  ]);
}

export class ExprGen {
  constructor(private readonly c: Choices, readonly fnType: IntType, private readonly lim: GenLimits) {}

  /** An expression of the function's type (the body of `return`). */
  root(): Expr {
    return this.expr(this.fnType, this.lim.depth);
  }

  private leaf(t: IntType): Expr {
    const c = this.c;
    return c.weighted<Expr>([
      [3, () => this.param(t)],
      [2, () => ({ k: "lit", t, v: edgeValue(c, t) })],
    ]);
  }

  /** A parameter read as type t: `a`, or `(a as t)` when t is not the function's type. */
  private param(t: IntType): Expr {
    const p: Expr = { k: "param", t: this.fnType, i: this.c.int(PARAMS.length) };
    return t === this.fnType ? p : { k: "cast", t, x: p };
  }

  /**
   * An expression of type t that reads a parameter somewhere. Used where nothing else gives a
   * literal its type (under `as` a literal-only subtree would be u256, and as a shift operand
   * u32), so the model and the compiler agree on every literal's type.
   */
  private withParam(t: IntType, depth: number): Expr {
    const e = this.expr(t, depth);
    return hasParam(e) ? e : replaceLeftmostLeaf(e, (leaf) => this.param(leaf.t));
  }

  expr(t: IntType, depth: number): Expr {
    const c = this.c;
    if (depth <= 0 || !c.chance(85)) return this.leaf(t); // an exhausted stream gives a leaf
    const d = depth - 1;
    const shifts = bits(t) <= SHIFT_MAX_BITS;
    return c.weighted<Expr>([
      [10, () => ({ k: "bin", t, op: c.pick(["+", "-", "*", "/", "%"] as const), l: this.expr(t, d), r: this.expr(t, d) })],
      [3, () => ({ k: "bin", t, op: c.pick(["&", "|", "^"] as const), l: this.expr(t, d), r: this.expr(t, d) })],
      [shifts ? 3 : 0, () => {
        const op = c.pick(["<<", ">>"] as const);
        const l = this.withParam(t, d);
        // The amount: a literal (u32), or an expression of an unsigned type the back end shifts by.
        const r: Expr = c.chance(50)
          ? { k: "lit", t: "u32", v: shiftAmount(c, t) }
          : this.withParam(c.pick(["u8", "u16", "u32", "u64"] as const), d);
        return { k: "shift", t, op, l, r };
      }],
      [signed(t) ? 2 : 0, () => ({ k: "neg", t, x: this.expr(t, d) })],
      [1, () => ({ k: "not", t, x: this.expr(t, d) })],
      [3, () => {
        const others = INT_TYPES.filter((u) => u !== t);
        return { k: "cast", t, x: this.withParam(c.pick(others), d) };
      }],
    ]);
  }
}

function replaceLeftmostLeaf(e: Expr, f: (leaf: Expr) => Expr): Expr {
  switch (e.k) {
    case "param":
    case "lit":
      return f(e);
    case "neg":
    case "not":
    case "cast":
      return { ...e, x: replaceLeftmostLeaf(e.x, f) };
    case "bin":
    case "shift":
      return { ...e, l: replaceLeftmostLeaf(e.l, f) };
  }
}

/** One generated contract: functions e0…e(n−1) over T, each with argument triples. */
export interface ArithCase {
  type: IntType;
  fns: { expr: Expr; args: bigint[][] }[];
}

export function generateCase(choices: readonly number[], type: IntType, nFns: number, nArgs: number, lim: GenLimits): ArithCase {
  const c = new Choices(choices);
  const fns: ArithCase["fns"] = [];
  for (let k = 0; k < nFns; k++) {
    const expr = new ExprGen(c, type, lim).root();
    const args: bigint[][] = [];
    for (let j = 0; j < nArgs; j++) args.push(PARAMS.map(() => edgeValue(c, type)));
    fns.push({ expr, args });
  }
  return { type, fns };
}
