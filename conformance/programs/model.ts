// Random well-typed Silk programs as a small AST of our own (not the compiler's), their Silk
// source text, and a reference evaluator over that AST.
//
// Every program is one contract
//
//   struct S { p: u64, q: u64 }
//   contract P {
//     storage { x: u64, y: u32, f: bool, m: Map<u64, u64>, v: Vec<u64> }
//     event E { #[indexed] k: u64, v: u64 }
//     pub fn run(a: u64, b: u64) -> u64 { <statements> return <expr>; }
//     pub view fn get_x() -> u64 … get_y() -> u32 … get_f() -> bool … get_m(k: u64) -> u64
//     … get_v_len() -> u64 … get_v(i: u64) -> u64
//   }
//
// Semantics modelled (docs/language.md §3.3, §7; conformance/arith/model.ts for the operators):
// - u64 `+ - *` are checked (0x11), `/ %` by zero panic 0x12, `& | ^` never fail; `e as u32`
//   out of range panics 0x21; `self.y op= …` is checked on u32;
// - operands, struct fields and event fields are evaluated left to right, then the operator;
//   `&&` / `||` short-circuit;
// - `for i in 0..(e % K)` evaluates its bound once; `while w < K { w += 1; … }`;
// - `require(c, "msg")` reverts with Error("msg"); a revert discards every storage write and
//   event of the call; storage carries over between successful calls;
// - a missing map key reads 0;
// - vectors (memory `Vec<u64>` locals and the storage vector `self.v`): `push`, `len`, indexing
//   out of range panics 0x32, `self.v.pop().unwrap_or(d)`; in `place op= e` the place (with its
//   index and bounds check) is evaluated before `e`; `for x in w` runs over the elements `w`
//   has when the loop starts (the generator never mutates `w` inside such a loop);
// - `match (e % 3) { 0 => …, 1 => …, _ => … }` on u64; `break` / `continue` (as
//   `if c { break; }`) leave or restart the innermost loop.

import { PANIC_BAD_CAST, PANIC_OVERFLOW, Panic, checkedBinop, fits } from "../arith/model.js";

/** Index out of bounds (docs/codegen-runtime.md). */
const PANIC_INDEX = 0x32;

export { Panic };

export type BinOp = "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^";
export type CmpOp = "<" | "<=" | ">" | ">=" | "==" | "!=";
export type AssignOp = "=" | "+=" | "-=" | "*=";

/** A u64 expression. `atom`s (params, literals, locals, struct fields) never fail. */
export type Expr =
  | { k: "param"; i: 0 | 1 }
  | { k: "lit"; v: bigint }
  | { k: "local"; name: string }
  | { k: "field"; s: string; f: "p" | "q" }
  | { k: "sx" }
  | { k: "sy" } // `(self.y as u64)`
  | { k: "sm"; key: Expr }
  | { k: "bin"; op: BinOp; l: Expr; r: Expr }
  | { k: "vlen"; v: string } // `(w.len() as u64)`
  | { k: "vat"; v: string; i: Expr } // `w[i]`
  | { k: "svlen" } // `(self.v.len() as u64)`
  | { k: "svat"; i: Expr } // `self.v[i]`
  | { k: "match"; s: Expr; arms: [Expr, Expr, Expr] }; // `match (s % 3) { 0 => …, 1 => …, _ => … }`

export type Cond =
  | { k: "bool"; v: boolean }
  | { k: "sf" }
  | { k: "cmp"; op: CmpOp; l: Expr; r: Expr }
  | { k: "not"; x: Cond }
  | { k: "and" | "or"; l: Cond; r: Cond };

export type Place =
  | { k: "local"; name: string }
  | { k: "field"; s: string; f: "p" | "q" }
  | { k: "sx" }
  | { k: "sm"; key: Expr }
  | { k: "vat"; v: string; i: Expr }
  | { k: "svat"; i: Expr };

export type Stmt =
  | { k: "let"; name: string; e: Expr }
  | { k: "letS"; name: string; p: Expr; q: Expr }
  | { k: "assign"; place: Place; op: AssignOp; e: Expr }
  | { k: "setY"; op: AssignOp; e: Expr } // self.y op= (e as u32)
  | { k: "setF"; c: Cond }
  | { k: "if"; c: Cond; then: Stmt[]; else: Stmt[] }
  | { k: "while"; ctr: string; bound: number; body: Stmt[] }
  | { k: "for"; v: string; over: Expr; mod: number; body: Stmt[] } // for v in 0..(over % mod)
  | { k: "emit"; key: Expr; val: Expr }
  | { k: "require"; c: Cond; msg: string }
  | { k: "return"; e: Expr }
  | { k: "letV"; name: string } // let mut w: Vec<u64> = [];
  | { k: "push"; v: string; e: Expr }
  | { k: "spush"; e: Expr } // self.v.push(e)
  | { k: "spop"; name: string; d: bigint } // let mut p: u64 = self.v.pop().unwrap_or(d);
  | { k: "forIn"; x: string; v: string; body: Stmt[] }
  | { k: "brk"; c: Cond } // if c { break; }
  | { k: "cont"; c: Cond }; // if c { continue; }

export interface Program {
  body: Stmt[];
  ret: Expr;
}

// ── Silk source ────────────────────────────────────────────────────────────────────────────

export function showExpr(e: Expr): string {
  switch (e.k) {
    case "param":
      return e.i === 0 ? "a" : "b";
    case "lit":
      return e.v > 0xffffn && e.v % 3n === 0n ? `0x${e.v.toString(16)}` : e.v.toString();
    case "local":
      return e.name;
    case "field":
      return `${e.s}.${e.f}`;
    case "sx":
      return "self.x";
    case "sy":
      return "(self.y as u64)";
    case "sm":
      return `self.m[${showExpr(e.key)}]`;
    case "bin":
      return `(${showExpr(e.l)} ${e.op} ${showExpr(e.r)})`;
    case "vlen":
      return `(${e.v}.len() as u64)`;
    case "vat":
      return `${e.v}[${showExpr(e.i)}]`;
    case "svlen":
      return "(self.v.len() as u64)";
    case "svat":
      return `self.v[${showExpr(e.i)}]`;
    case "match":
      return `(match (${showExpr(e.s)} % 3) { 0 => ${showExpr(e.arms[0])}, 1 => ${showExpr(e.arms[1])}, _ => ${showExpr(e.arms[2])} })`;
  }
}

export function showCond(c: Cond): string {
  switch (c.k) {
    case "bool":
      return String(c.v);
    case "sf":
      return "self.f";
    case "cmp":
      return `(${showExpr(c.l)} ${c.op} ${showExpr(c.r)})`;
    case "not":
      return `(!${showCond(c.x)})`;
    case "and":
      return `(${showCond(c.l)} && ${showCond(c.r)})`;
    case "or":
      return `(${showCond(c.l)} || ${showCond(c.r)})`;
  }
}

function showPlace(p: Place): string {
  return showExpr(p as Expr);
}

function showStmts(ss: readonly Stmt[], ind: string): string[] {
  return ss.flatMap((s) => showStmt(s, ind));
}

function showStmt(s: Stmt, ind: string): string[] {
  const i2 = ind + "  ";
  switch (s.k) {
    case "let":
      return [`${ind}let mut ${s.name}: u64 = ${showExpr(s.e)};`];
    case "letS":
      return [`${ind}let mut ${s.name} = S { p: ${showExpr(s.p)}, q: ${showExpr(s.q)} };`];
    case "assign":
      return [`${ind}${showPlace(s.place)} ${s.op} ${showExpr(s.e)};`];
    case "setY":
      return [`${ind}self.y ${s.op} (${showExpr(s.e)} as u32);`];
    case "setF":
      return [`${ind}self.f = ${showCond(s.c)};`];
    case "if":
      return [`${ind}if ${showCond(s.c)} {`, ...showStmts(s.then, i2), `${ind}} else {`, ...showStmts(s.else, i2), `${ind}}`];
    case "while":
      return [`${ind}let mut ${s.ctr}: u64 = 0;`, `${ind}while ${s.ctr} < ${s.bound} {`, `${i2}${s.ctr} += 1;`, ...showStmts(s.body, i2), `${ind}}`];
    case "for":
      return [`${ind}for ${s.v} in 0..(${showExpr(s.over)} % ${s.mod}) {`, ...showStmts(s.body, i2), `${ind}}`];
    case "emit":
      return [`${ind}emit E { k: ${showExpr(s.key)}, v: ${showExpr(s.val)} };`];
    case "require":
      return [`${ind}require(${showCond(s.c)}, "${s.msg}");`];
    case "return":
      return [`${ind}return ${showExpr(s.e)};`];
    case "letV":
      return [`${ind}let mut ${s.name}: Vec<u64> = [];`];
    case "push":
      return [`${ind}${s.v}.push(${showExpr(s.e)});`];
    case "spush":
      return [`${ind}self.v.push(${showExpr(s.e)});`];
    case "spop":
      return [`${ind}let mut ${s.name}: u64 = self.v.pop().unwrap_or(${s.d});`];
    case "forIn":
      return [`${ind}for ${s.x} in ${s.v} {`, ...showStmts(s.body, i2), `${ind}}`];
    case "brk":
      return [`${ind}if ${showCond(s.c)} {`, `${i2}break;`, `${ind}}`];
    case "cont":
      return [`${ind}if ${showCond(s.c)} {`, `${i2}continue;`, `${ind}}`];
  }
}

export function source(p: Program): string {
  return [
    "struct S { p: u64, q: u64 }",
    "contract P {",
    "  storage { x: u64, y: u32, f: bool, m: Map<u64, u64>, v: Vec<u64> }",
    "  event E { #[indexed] k: u64, v: u64 }",
    "  pub fn run(a: u64, b: u64) -> u64 {",
    ...showStmts(p.body, "    "),
    `    return ${showExpr(p.ret)};`,
    "  }",
    "  pub view fn get_x() -> u64 { return self.x; }",
    "  pub view fn get_y() -> u32 { return self.y; }",
    "  pub view fn get_f() -> bool { return self.f; }",
    "  pub view fn get_m(k: u64) -> u64 { return self.m[k]; }",
    "  pub view fn get_v_len() -> u64 { return self.v.len() as u64; }",
    "  pub view fn get_v(i: u64) -> u64 { return self.v[i]; }",
    "}",
  ].join("\n");
}

// ── The reference evaluator ────────────────────────────────────────────────────────────────

export interface Storage {
  x: bigint;
  y: bigint;
  f: boolean;
  m: Map<bigint, bigint>;
  v: bigint[];
}

export const emptyStorage = (): Storage => ({ x: 0n, y: 0n, f: false, m: new Map(), v: [] });
const cloneStorage = (s: Storage): Storage => ({ ...s, m: new Map(s.m), v: [...s.v] });

export interface Event {
  k: bigint;
  v: bigint;
}

/** A call's result: the value, Panic(code) or Error(message); the storage after it and its events. */
export type Result =
  | { status: "ok"; value: bigint; storage: Storage; events: Event[] }
  | { status: "revert"; panic: number; storage: Storage; events: Event[] }
  | { status: "revert"; message: string; storage: Storage; events: Event[] };

class Message {
  constructor(readonly message: string) {}
}
class Return {
  constructor(readonly value: bigint) {}
}
class Break {}
class Continue {}

/** Bounds-checked element index (Panic 0x32 out of range). */
function at(v: readonly bigint[], i: bigint): number {
  if (i >= BigInt(v.length)) throw new Panic(PANIC_INDEX);
  return Number(i);
}

const U64 = "u64" as const;

function chk(v: bigint, code = PANIC_OVERFLOW, t: "u64" | "u32" = U64): bigint {
  if (!fits(t, v)) throw new Panic(code);
  return v;
}

function binop(op: BinOp, l: bigint, r: bigint, t: "u64" | "u32" = U64): bigint {
  return checkedBinop(t, op, l, r);
}

function assignOp(op: AssignOp, old: bigint, v: bigint, t: "u64" | "u32" = U64): bigint {
  return op === "=" ? v : binop(op[0] as BinOp, old, v, t);
}

class Machine {
  readonly locals = new Map<string, bigint>();
  readonly structs = new Map<string, { p: bigint; q: bigint }>();
  readonly vecs = new Map<string, bigint[]>();
  readonly events: Event[] = [];
  constructor(readonly st: Storage, readonly args: readonly bigint[]) {}

  expr(e: Expr): bigint {
    switch (e.k) {
      case "param":
        return this.args[e.i]!;
      case "lit":
        return e.v;
      case "local":
        return this.local(e.name);
      case "field":
        return this.struct(e.s)[e.f];
      case "sx":
        return this.st.x;
      case "sy":
        return this.st.y;
      case "sm":
        return this.st.m.get(this.expr(e.key)) ?? 0n;
      case "bin": {
        const l = this.expr(e.l);
        const r = this.expr(e.r);
        return binop(e.op, l, r);
      }
      case "vlen":
        return BigInt(this.vec(e.v).length);
      case "vat": {
        const v = this.vec(e.v);
        return v[at(v, this.expr(e.i))]!;
      }
      case "svlen":
        return BigInt(this.st.v.length);
      case "svat":
        return this.st.v[at(this.st.v, this.expr(e.i))]!;
      case "match": {
        const k = this.expr(e.s) % 3n;
        return this.expr(e.arms[k === 0n ? 0 : k === 1n ? 1 : 2]);
      }
    }
  }

  private vec(name: string): bigint[] {
    const v = this.vecs.get(name);
    if (v === undefined) throw new Error(`model: unknown vector ${name}`);
    return v;
  }

  /** A loop body: false when it ended with `break`. */
  private iteration(body: readonly Stmt[]): boolean {
    try {
      this.stmts(body);
    } catch (x) {
      if (x instanceof Break) return false;
      if (!(x instanceof Continue)) throw x;
    }
    return true;
  }

  private local(name: string): bigint {
    const v = this.locals.get(name);
    if (v === undefined) throw new Error(`model: unknown local ${name}`);
    return v;
  }
  private struct(name: string): { p: bigint; q: bigint } {
    const v = this.structs.get(name);
    if (v === undefined) throw new Error(`model: unknown struct local ${name}`);
    return v;
  }

  cond(c: Cond): boolean {
    switch (c.k) {
      case "bool":
        return c.v;
      case "sf":
        return this.st.f;
      case "not":
        return !this.cond(c.x);
      case "and":
        return this.cond(c.l) && this.cond(c.r);
      case "or":
        return this.cond(c.l) || this.cond(c.r);
      case "cmp": {
        const l = this.expr(c.l);
        const r = this.expr(c.r);
        switch (c.op) {
          case "<":
            return l < r;
          case "<=":
            return l <= r;
          case ">":
            return l > r;
          case ">=":
            return l >= r;
          case "==":
            return l === r;
          case "!=":
            return l !== r;
        }
      }
    }
  }

  stmts(ss: readonly Stmt[]): void {
    for (const s of ss) this.stmt(s);
  }

  stmt(s: Stmt): void {
    switch (s.k) {
      case "let":
        this.locals.set(s.name, this.expr(s.e));
        return;
      case "letS": {
        const p = this.expr(s.p);
        const q = this.expr(s.q);
        this.structs.set(s.name, { p, q });
        return;
      }
      case "assign": {
        const pl = s.place;
        // The place first (an element's index and its bounds check), then the value.
        if (pl.k === "vat" || pl.k === "svat") {
          const vec = pl.k === "vat" ? this.vec(pl.v) : this.st.v;
          const i = at(vec, this.expr(pl.i));
          const v = this.expr(s.e);
          vec[i] = assignOp(s.op, vec[i]!, v);
          return;
        }
        // Map keys are atoms (never fail), so when the key is evaluated does not matter.
        const v = this.expr(s.e);
        switch (pl.k) {
          case "local":
            this.locals.set(pl.name, assignOp(s.op, this.local(pl.name), v));
            return;
          case "field": {
            const st = this.struct(pl.s);
            st[pl.f] = assignOp(s.op, st[pl.f], v);
            return;
          }
          case "sx":
            this.st.x = assignOp(s.op, this.st.x, v);
            return;
          case "sm": {
            const key = this.expr(pl.key);
            this.st.m.set(key, assignOp(s.op, this.st.m.get(key) ?? 0n, v));
            return;
          }
        }
        return;
      }
      case "setY": {
        const v = chk(this.expr(s.e), PANIC_BAD_CAST, "u32");
        this.st.y = assignOp(s.op, this.st.y, v, "u32");
        return;
      }
      case "setF":
        this.st.f = this.cond(s.c);
        return;
      case "if":
        this.stmts(this.cond(s.c) ? s.then : s.else);
        return;
      case "while":
        this.locals.set(s.ctr, 0n);
        while (this.local(s.ctr) < BigInt(s.bound)) {
          this.locals.set(s.ctr, this.local(s.ctr) + 1n);
          if (!this.iteration(s.body)) break;
        }
        return;
      case "for": {
        const n = this.expr(s.over) % BigInt(s.mod);
        for (let i = 0n; i < n; i++) {
          this.locals.set(s.v, i);
          if (!this.iteration(s.body)) break;
        }
        return;
      }
      case "forIn":
        for (const x of [...this.vec(s.v)]) {
          this.locals.set(s.x, x);
          if (!this.iteration(s.body)) break;
        }
        return;
      case "letV":
        this.vecs.set(s.name, []);
        return;
      case "push": {
        const v = this.expr(s.e);
        this.vec(s.v).push(v);
        return;
      }
      case "spush": {
        const v = this.expr(s.e);
        this.st.v.push(v);
        return;
      }
      case "spop":
        this.locals.set(s.name, this.st.v.pop() ?? s.d);
        return;
      case "brk":
        if (this.cond(s.c)) throw new Break();
        return;
      case "cont":
        if (this.cond(s.c)) throw new Continue();
        return;
      case "emit": {
        const k = this.expr(s.key);
        const v = this.expr(s.val);
        this.events.push({ k, v });
        return;
      }
      case "require":
        if (!this.cond(s.c)) throw new Message(s.msg);
        return;
      case "return":
        throw new Return(this.expr(s.e));
    }
  }
}

/** Runs `run(a, b)` of `p` on `before` (not modified); the result and the storage after the call. */
export function evaluate(p: Program, before: Storage, args: readonly bigint[]): Result {
  const m = new Machine(cloneStorage(before), args);
  try {
    m.stmts(p.body);
    return { status: "ok", value: m.expr(p.ret), storage: m.st, events: m.events };
  } catch (x) {
    if (x instanceof Return) return { status: "ok", value: x.value, storage: m.st, events: m.events };
    if (x instanceof Panic) return { status: "revert", panic: x.code, storage: before, events: [] };
    if (x instanceof Message) return { status: "revert", message: x.message, storage: before, events: [] };
    throw x;
  }
}

export function countStmts(ss: readonly Stmt[]): number {
  let n = 0;
  for (const s of ss) {
    n++;
    if (s.k === "if") n += countStmts(s.then) + countStmts(s.else);
    else if (s.k === "while" || s.k === "for" || s.k === "forIn") n += countStmts(s.body);
  }
  return n;
}

/** Statement kinds used (for coverage counts). */
export function stmtKinds(ss: readonly Stmt[], out: Set<string> = new Set()): Set<string> {
  for (const s of ss) {
    out.add(s.k === "assign" ? `assign:${s.place.k}${s.op}` : s.k);
    if (s.k === "if") {
      stmtKinds(s.then, out);
      stmtKinds(s.else, out);
    } else if (s.k === "while" || s.k === "for" || s.k === "forIn") stmtKinds(s.body, out);
  }
  return out;
}
