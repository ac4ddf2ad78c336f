// Value ranges of i32 locals, to drop checks that can never fail (run before codegen at -O1+).
//
// An abstract interpretation of one IR function over intervals: each i32 local holds an
// unsigned 32-bit interval [lo, hi] (its bits read as unsigned). Parameters start unknown,
// other locals at 0 (Wasm zero-initialises them). Branch conditions refine the intervals —
// `while i < n` gives i ≤ hi(n) − 1 inside the loop — and loops are iterated to a fixed point
// (with widening). Two rewrites follow, each only where every visit of the node, including
// the visits at the fixed point, proves it:
//   - `if c { … }` with no else, where c is always 0: the check is removed (`c` is kept for
//     its effects). This removes index checks `if i >= len { panic(0x32) }` of arrays whose
//     index is bounded by the loop condition, e.g. `while i < n` after `require(n <= N)`.
//   - checked unsigned `+ - *` on ≤ 32 bits whose result cannot leave the type's range becomes
//     plain Wasm arithmetic (`i += 1` under `i < n`).
// Anything the analysis does not model (i64 and memory values, calls, loads of more than two
// bytes, signed comparisons) is "unknown"; an unmodelled node forgets every local it may set.
// Soundness rests on that: intervals only ever over-approximate the values a local can hold.

import type { Expr, Func, Stmt } from "../lower/ast.js";

type Iv = readonly [number, number];
/** Local → interval; a missing i32 local is unknown. `null`: unreachable. */
type State = Map<number, Iv> | null;

const MAX = 0xffffffff;
const TOP: Iv = [0, MAX];

const join = (a: State, b: State): State => {
  if (!a) return b && new Map(b);
  if (!b) return new Map(a);
  const out = new Map<number, Iv>();
  for (const [l, x] of a) {
    const y = b.get(l);
    if (y) out.set(l, [Math.min(x[0], y[0]), Math.max(x[1], y[1])]);
  }
  return out;
};
/** a ⊆ b */
const within = (a: State, b: State): boolean => {
  if (!a) return true;
  if (!b) return false;
  for (const [l, y] of b) {
    const x = a.get(l);
    if (!x || x[0] < y[0] || x[1] > y[1]) return false;
  }
  return true;
};
const widen = (old: State, next: State): State => {
  if (!old || !next) return next;
  const out = new Map<number, Iv>();
  for (const [l, y] of next) {
    const x = old.get(l);
    if (!x) continue;
    const lo = y[0] < x[0] ? 0 : y[0], hi = y[1] > x[1] ? MAX : y[1];
    if (lo !== 0 || hi !== MAX) out.set(l, [lo, hi]);
  }
  return out;
};

/** Every local a node may set, and every label it may branch to. */
function scan(n: unknown, sets: Set<number>, brs: Set<string>): void {
  if (Array.isArray(n)) {
    for (const x of n) scan(x, sets, brs);
    return;
  }
  if (!n || typeof n !== "object" || n instanceof Uint8Array) return;
  const o = n as Record<string, unknown>;
  if (o.k === "set" && typeof o.local === "number") sets.add(o.local);
  if (o.k === "br" && typeof o.label === "string") brs.add(o.label);
  for (const key of Object.keys(o)) scan(o[key], sets, brs);
}

/** Per node: false once any visit (of any function) could not prove it. */
interface Notes {
  deadIf: Map<Stmt, boolean>;
  safeArith: Map<Expr, boolean>;
}

class Analysis {
  private readonly labels: { name: string; states: State[] }[] = [];
  private readonly i32: Set<number>;
  private readonly deadIf: Map<Stmt, boolean>;
  private readonly safeArith: Map<Expr, boolean>;

  constructor(readonly fn: Func, notes: Notes) {
    this.i32 = new Set([...fn.params, ...fn.locals].flatMap((l, i) => (l.ty === "i32" ? [i] : [])));
    this.deadIf = notes.deadIf;
    this.safeArith = notes.safeArith;
  }

  run(): void {
    const st = new Map<number, Iv>();
    this.fn.locals.forEach((l, i) => {
      if (l.ty === "i32") st.set(this.fn.params.length + i, [0, 0]);
    });
    this.stmts(this.fn.body, st);
  }

  private note<K>(m: Map<K, boolean>, k: K, ok: boolean): void {
    m.set(k, (m.get(k) ?? true) && ok);
  }

  /** An unmodelled node: forget what it may set; its branches carry that state. */
  private havoc(n: unknown, st: State): State {
    if (!st) return null;
    const sets = new Set<number>(), brs = new Set<string>();
    scan(n, sets, brs);
    const out = new Map(st);
    for (const l of sets) out.delete(l);
    for (const b of brs) this.branch(b, out);
    return out;
  }

  private branch(label: string, st: State): void {
    if (!st) return;
    for (let i = this.labels.length - 1; i >= 0; i--) {
      if (this.labels[i]!.name === label) {
        this.labels[i]!.states.push(new Map(st));
        return;
      }
    }
    // A label outside the function cannot exist; be safe anyway.
  }

  stmts(ss: Stmt[], st: State): State {
    for (const s of ss) st = this.stmt(s, st);
    return st;
  }

  private stmt(s: Stmt, st: State): State {
    if (!st) return null;
    switch (s.k) {
      case "set": {
        const [v, after] = this.expr(s.value, st);
        if (!after) return null;
        if (this.i32.has(s.local)) after.set(s.local, v);
        return after;
      }
      case "do":
        return this.expr(s.e, st)[1];
      case "store":
        return this.expr(s.value, this.expr(s.ptr, st)[1])[1];
      case "if": {
        const [c, after] = this.expr(s.cond, st);
        if (!after) return null;
        if (!s.else.length) this.note(this.deadIf, s, c[0] === 0 && c[1] === 0);
        const t = this.stmts(s.then, this.refine(s.cond, after, true));
        const e = this.stmts(s.else, this.refine(s.cond, after, false));
        return join(t, e);
      }
      case "block": {
        this.labels.push({ name: s.label, states: [] });
        const end = this.stmts(s.body, st);
        const frame = this.labels.pop()!;
        return frame.states.reduce<State>((a, b) => join(a, b), end);
      }
      case "loop": {
        let head: State = new Map(st);
        for (let iter = 0; ; iter++) {
          this.labels.push({ name: s.label, states: [] });
          // A copy: the body's transfer updates its state in place, and `head` is compared below.
          const end = this.stmts(s.body, head && new Map(head));
          const frame = this.labels.pop()!;
          const back = frame.states.reduce<State>((a, b) => join(a, b), null);
          const next = join(st, back);
          if (within(next, head)) return end;
          head = iter >= 2 ? widen(head, next) : next;
          if (iter > 40) head = this.havoc(s.body, join(head, next));
        }
      }
      case "br": {
        if (!s.cond) {
          this.branch(s.label, st);
          return null;
        }
        const [, after] = this.expr(s.cond, st);
        if (!after) return null;
        this.branch(s.label, this.refine(s.cond, after, true));
        return this.refine(s.cond, after, false);
      }
      case "return":
        if (s.value) this.expr(s.value, st);
        return null;
      case "panic":
      case "unreachable":
        return null;
      case "revert":
      case "finish":
        this.havoc(s, st);
        return null;
      default:
        return this.havoc(s, st);
    }
  }

  /** The interval of an i32 expression (TOP for anything else) and the state after it. */
  private expr(e: Expr, st: State): [Iv, State] {
    if (!st) return [TOP, null];
    switch (e.k) {
      case "const":
        return [e.ty === "i32" ? [Number(BigInt.asUintN(32, e.value)), Number(BigInt.asUintN(32, e.value))] : TOP, st];
      case "get":
        return [st.get(e.local) ?? TOP, st];
      case "raw": {
        const [a, s1] = this.expr(e.a, st);
        const [b, s2] = this.expr(e.b, s1);
        return [e.ty === "i32" ? rawOp(e.op, a, b) : TOP, s2];
      }
      case "eqz": {
        const [a, s1] = this.expr(e.a, st);
        return [e.ty === "i32" && a[0] > 0 ? [0, 0] : e.ty === "i32" && a[1] === 0 ? [1, 1] : [0, 1], s1];
      }
      case "cmp": {
        const [a, s1] = this.expr(e.a, st);
        const [b, s2] = this.expr(e.b, s1);
        return [unsignedI32(e) ? cmpOp(e.op, a, b) : [0, 1], s2];
      }
      case "arith": {
        const [a, s1] = this.expr(e.a, st);
        const [b, s2] = this.expr(e.b, s1);
        if (e.int.signed || e.int.bits > 32 || (e.op !== "add" && e.op !== "sub" && e.op !== "mul")) return [e.int.bits <= 32 ? intRange(e.int.bits, e.int.signed) : TOP, s2];
        const max = e.int.bits === 32 ? MAX : 2 ** e.int.bits - 1;
        let lo: number, hi: number;
        if (e.op === "add") [lo, hi] = [a[0] + b[0], a[1] + b[1]];
        else if (e.op === "sub") [lo, hi] = [a[0] - b[1], a[1] - b[0]];
        else [lo, hi] = [a[0] * b[0], a[1] * b[1]];
        // Exact below 2^53: the operands are below 2^32, and the products fit because of the check.
        const safe = lo >= 0 && hi <= max && (e.op !== "mul" || a[1] * b[1] <= Number.MAX_SAFE_INTEGER);
        this.note(this.safeArith, e, safe);
        // After the check (a panic otherwise) the result is in [0, max].
        return [[Math.max(0, Math.min(lo, max)), Math.min(max, Math.max(hi, 0))], s2];
      }
      case "load": {
        const [, s1] = this.expr(e.ptr, st);
        return [e.ty === "i32" && !e.signed && e.width < 4 ? [0, e.width === 1 ? 0xff : 0xffff] : TOP, s1];
      }
      case "seq": {
        const s1 = this.stmts(e.body, st);
        return this.expr(e.value, s1);
      }
      case "ifx": {
        const [, s1] = this.expr(e.cond, st);
        if (!s1) return [TOP, null];
        const [t, st1] = this.expr(e.then, this.refine(e.cond, s1, true));
        const [f, st2] = this.expr(e.else, this.refine(e.cond, s1, false));
        const iv: Iv = !st1 ? f : !st2 ? t : [Math.min(t[0], f[0]), Math.max(t[1], f[1])];
        return [e.ty === "i32" ? iv : TOP, join(st1, st2)];
      }
      case "conv": {
        const [, s1] = this.expr(e.a, st);
        return [TOP, s1];
      }
      case "call":
      case "host": {
        let s: State = st;
        for (const a of e.args) s = this.expr(a, s)[1];
        return [TOP, s];
      }
      default:
        return [TOP, this.havoc(e, st)];
    }
  }

  /** The state in which `cond` (already evaluated in `st`) is `truth`; null when impossible. */
  private refine(cond: Expr, st: State, truth: boolean): State {
    if (!st) return null;
    const out = new Map(st);
    const ok = this.assume(cond, out, truth);
    return ok ? out : null;
  }

  /** Narrows `st` in place; false when the condition cannot have that truth value. */
  private assume(c: Expr, st: Map<number, Iv>, truth: boolean): boolean {
    if (!pure(c)) return true;
    if (c.k === "eqz" && c.ty === "i32") return this.assume(c.a, st, !truth);
    if (c.k === "get" && this.i32.has(c.local)) {
      const x = st.get(c.local) ?? TOP;
      const y: Iv = truth ? [Math.max(x[0], 1), x[1]] : [0, Math.min(x[1], 0)];
      return this.narrow(st, c.local, y);
    }
    let op: string | undefined;
    if (c.k === "raw" && c.ty === "i32" && ["lt_u", "le_u", "gt_u", "ge_u", "eq", "ne"].includes(c.op)) op = c.op.replace("_u", "");
    if (c.k === "cmp" && unsignedI32(c)) op = c.op;
    if (!op || (c.k !== "raw" && c.k !== "cmp")) return true;
    if (!truth) op = { lt: "ge", le: "gt", gt: "le", ge: "lt", eq: "ne", ne: "eq" }[op]!;
    const a = this.value(c.a, st), b = this.value(c.b, st);
    // a op b, as bounds on each side.
    let na: Iv = a, nb: Iv = b;
    switch (op) {
      case "lt": na = [a[0], Math.min(a[1], b[1] - 1)]; nb = [Math.max(b[0], a[0] + 1), b[1]]; break;
      case "le": na = [a[0], Math.min(a[1], b[1])]; nb = [Math.max(b[0], a[0]), b[1]]; break;
      case "gt": na = [Math.max(a[0], b[0] + 1), a[1]]; nb = [b[0], Math.min(b[1], a[1] - 1)]; break;
      case "ge": na = [Math.max(a[0], b[0]), a[1]]; nb = [b[0], Math.min(b[1], a[1])]; break;
      case "eq": na = [Math.max(a[0], b[0]), Math.min(a[1], b[1])]; nb = na; break;
      case "ne": break;
    }
    if (na[0] > na[1] || nb[0] > nb[1]) return false;
    if (c.a.k === "get" && this.i32.has(c.a.local) && !this.narrow(st, c.a.local, na)) return false;
    if (c.b.k === "get" && this.i32.has(c.b.local) && !this.narrow(st, c.b.local, nb)) return false;
    return true;
  }

  private narrow(st: Map<number, Iv>, l: number, y: Iv): boolean {
    const x = st.get(l) ?? TOP;
    const lo = Math.max(x[0], y[0]), hi = Math.min(x[1], y[1]);
    if (lo > hi) return false;
    st.set(l, [lo, hi]);
    return true;
  }

  /** The interval of a pure expression in `st`. */
  private value(e: Expr, st: Map<number, Iv>): Iv {
    return this.expr(e, new Map(st))[0];
  }
}

/** No effects and no branches: only constants, locals and plain operators. */
function pure(e: Expr): boolean {
  switch (e.k) {
    case "const":
    case "get":
      return true;
    case "raw":
    case "cmp":
      return pure(e.a) && pure(e.b);
    case "eqz":
    case "conv":
      return pure(e.a);
    default:
      return false;
  }
}

const unsignedI32 = (e: Expr & { k: "cmp" }): boolean =>
  e.repr.kind === "scalar" && e.repr.ty === "i32" && (!e.repr.int || !e.repr.int.signed);

function intRange(bits: number, signed: boolean): Iv {
  if (signed || bits === 32) return TOP;
  return [0, 2 ** bits - 1];
}

function cmpOp(op: string, a: Iv, b: Iv): Iv {
  const T: Iv = [1, 1], F: Iv = [0, 0], U: Iv = [0, 1];
  switch (op) {
    case "lt": return a[1] < b[0] ? T : a[0] >= b[1] ? F : U;
    case "le": return a[1] <= b[0] ? T : a[0] > b[1] ? F : U;
    case "gt": return a[0] > b[1] ? T : a[1] <= b[0] ? F : U;
    case "ge": return a[0] >= b[1] ? T : a[1] < b[0] ? F : U;
    case "eq": return a[0] === a[1] && b[0] === b[1] && a[0] === b[0] ? T : a[1] < b[0] || b[1] < a[0] ? F : U;
    case "ne": return a[0] === a[1] && b[0] === b[1] && a[0] === b[0] ? F : a[1] < b[0] || b[1] < a[0] ? T : U;
    default: return U;
  }
}

function rawOp(op: string, a: Iv, b: Iv): Iv {
  switch (op) {
    case "add": return a[1] + b[1] <= MAX ? [a[0] + b[0], a[1] + b[1]] : TOP;
    case "sub": return a[0] >= b[1] ? [a[0] - b[1], a[1] - b[0]] : TOP;
    case "mul": return a[1] * b[1] <= MAX ? [a[0] * b[0], a[1] * b[1]] : TOP;
    case "div_u": return b[0] > 0 ? [Math.floor(a[0] / b[1]), Math.floor(a[1] / b[0])] : TOP;
    case "and": return [0, Math.min(a[1], b[1])];
    case "shr_u": return b[0] === b[1] ? [Math.floor(a[0] / 2 ** (b[0] & 31)), Math.floor(a[1] / 2 ** (b[0] & 31))] : [0, a[1]];
    case "lt_u": return cmpOp("lt", a, b);
    case "le_u": return cmpOp("le", a, b);
    case "gt_u": return cmpOp("gt", a, b);
    case "ge_u": return cmpOp("ge", a, b);
    case "eq": return cmpOp("eq", a, b);
    case "ne": return cmpOp("ne", a, b);
    case "lt_s": case "le_s": case "gt_s": case "ge_s": return [0, 1];
    default: return TOP;
  }
}

/**
 * Removes the checks of `funcs` that the analysis proves never fire (see the header). Rewrites
 * the IR in place (after analysing every function, in case a node is shared); returns how many
 * checks went.
 */
export function dropProvenChecks(funcs: Func[]): number {
  const notes: Notes = { deadIf: new Map(), safeArith: new Map() };
  for (const fn of funcs) new Analysis(fn, notes).run();
  let n = 0;
  for (const [s, dead] of notes.deadIf) {
    if (!dead || s.k !== "if") continue;
    const cond = s.cond;
    Object.assign(s, { k: "do", e: cond });
    delete (s as { then?: unknown }).then;
    delete (s as { else?: unknown }).else;
    delete (s as { cond?: unknown }).cond;
    n++;
  }
  for (const [e, safe] of notes.safeArith) {
    if (!safe || e.k !== "arith") continue;
    const { op, a, b } = e;
    Object.assign(e, { k: "raw", op, ty: "i32", a, b });
    delete (e as { int?: unknown }).int;
    n++;
  }
  return n;
}
