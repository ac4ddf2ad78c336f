// The BigInt model of Silk's integer arithmetic (docs/language.md §3.3, docs/abi.md §5), the
// typed expression trees the arithmetic property generates, and their Silk source text.
//
// Semantics modelled:
// - `+ - *` and unary `-` are checked: a result outside T's range panics 0x11;
// - `/` truncates toward zero, `%` has the sign of the dividend; a zero divisor panics 0x12,
//   `MIN / -1` overflows (0x11), `MIN % -1` is 0;
// - `& | ^ !` act on the two's-complement bits (never fail);
// - `<<` drops the bits shifted out of T (never fails, an amount ≥ bits gives 0); `>>` is
//   arithmetic on signed T and logical on unsigned T (an amount ≥ bits gives 0 or -1);
// - `e as U` panics 0x21 when the value is outside U's range;
// - operands are evaluated left to right, then the operator is checked, so the first failing
//   operation in that (post-)order decides the panic code.

export const INT_TYPES = ["u8", "u16", "u32", "u64", "u128", "u256", "i8", "i16", "i32", "i64", "i128", "i256"] as const;
export type IntType = (typeof INT_TYPES)[number];

export const PANIC_OVERFLOW = 0x11;
export const PANIC_DIV_ZERO = 0x12;
export const PANIC_BAD_CAST = 0x21;

export function bits(t: IntType): number {
  return Number(t.slice(1));
}
export function signed(t: IntType): boolean {
  return t[0] === "i";
}
export function range(t: IntType): { min: bigint; max: bigint } {
  const n = BigInt(bits(t));
  return signed(t) ? { min: -(1n << (n - 1n)), max: (1n << (n - 1n)) - 1n } : { min: 0n, max: (1n << n) - 1n };
}
export function fits(t: IntType, v: bigint): boolean {
  const { min, max } = range(t);
  return v >= min && v <= max;
}

export type ArithOp = "+" | "-" | "*" | "/" | "%";
export type BitOp = "&" | "|" | "^";
export type ShiftOp = "<<" | ">>";

/** A typed expression. Every node carries its type; `param` leaves have the function's type. */
export type Expr =
  | { k: "param"; t: IntType; i: number }
  | { k: "lit"; t: IntType; v: bigint }
  | { k: "bin"; t: IntType; op: ArithOp | BitOp; l: Expr; r: Expr }
  | { k: "shift"; t: IntType; op: ShiftOp; l: Expr; r: Expr }
  | { k: "neg"; t: IntType; x: Expr }
  | { k: "not"; t: IntType; x: Expr }
  | { k: "cast"; t: IntType; x: Expr };

export const PARAMS = ["a", "b", "c"] as const;

/** A checked operation failed: the Panic code the contract must revert with. */
export class Panic {
  constructor(readonly code: number) {}
}

/** The value of `e` for the arguments, or the Panic of the first failing operation. */
export function evaluate(e: Expr, args: readonly bigint[]): bigint | Panic {
  try {
    return ev(e, args);
  } catch (p) {
    if (p instanceof Panic) return p;
    throw p;
  }
}

function checked(t: IntType, v: bigint, code: number): bigint {
  if (!fits(t, v)) throw new Panic(code);
  return v;
}

/** One checked binary operator of the language on in-range operands of type `t` (throws Panic). */
export function checkedBinop(t: IntType, op: ArithOp | BitOp, l: bigint, r: bigint): bigint {
  switch (op) {
    case "+":
      return checked(t, l + r, PANIC_OVERFLOW);
    case "-":
      return checked(t, l - r, PANIC_OVERFLOW);
    case "*":
      return checked(t, l * r, PANIC_OVERFLOW);
    case "/":
      if (r === 0n) throw new Panic(PANIC_DIV_ZERO);
      return checked(t, l / r, PANIC_OVERFLOW); // BigInt `/` truncates toward zero
    case "%":
      if (r === 0n) throw new Panic(PANIC_DIV_ZERO);
      return l % r; // sign of the dividend; |l % r| < |r| always fits
    // On in-range operands, BigInt's infinite two's complement stays in range.
    case "&":
      return l & r;
    case "|":
      return l | r;
    case "^":
      return l ^ r;
  }
}

function ev(e: Expr, args: readonly bigint[]): bigint {
  switch (e.k) {
    case "param":
      return args[e.i]!;
    case "lit":
      return e.v;
    case "neg":
      return checked(e.t, -ev(e.x, args), PANIC_OVERFLOW);
    case "not": {
      const x = ev(e.x, args);
      return signed(e.t) ? ~x : range(e.t).max ^ x;
    }
    case "cast":
      return checked(e.t, ev(e.x, args), PANIC_BAD_CAST);
    case "bin":
      return checkedBinop(e.t, e.op, ev(e.l, args), ev(e.r, args));
    case "shift": {
      const x = ev(e.l, args);
      const n = ev(e.r, args);
      const w = BigInt(bits(e.t));
      if (e.op === "<<") {
        if (n >= w) return 0n;
        const s = x << n;
        return signed(e.t) ? BigInt.asIntN(bits(e.t), s) : BigInt.asUintN(bits(e.t), s);
      }
      // Arithmetic for negative x (BigInt `>>` floors), logical for unsigned.
      return x >> (n >= w ? w : n);
    }
  }
  throw new Error(`unknown node ${(e as Expr).k}`);
}

/** Silk source of `e`, fully parenthesised. */
export function show(e: Expr): string {
  switch (e.k) {
    case "param":
      return PARAMS[e.i]!;
    case "lit":
      return e.v < 0n ? `(${e.v})` : e.v > 0xffffn && e.v % 3n === 0n ? `0x${e.v.toString(16)}` : e.v.toString();
    case "neg":
      return `(-${show(e.x)})`;
    case "not":
      return `(!${show(e.x)})`;
    case "cast":
      return `(${show(e.x)} as ${e.t})`;
    case "bin":
    case "shift":
      return `(${show(e.l)} ${e.op} ${show(e.r)})`;
  }
}

export function hasParam(e: Expr): boolean {
  switch (e.k) {
    case "param":
      return true;
    case "lit":
      return false;
    case "neg":
    case "not":
    case "cast":
      return hasParam(e.x);
    case "bin":
    case "shift":
      return hasParam(e.l) || hasParam(e.r);
  }
}

export function size(e: Expr): number {
  switch (e.k) {
    case "param":
    case "lit":
      return 1;
    case "neg":
    case "not":
    case "cast":
      return 1 + size(e.x);
    case "bin":
    case "shift":
      return 1 + size(e.l) + size(e.r);
  }
}

/** The operators (and `as`) used in `e`, for coverage counts. */
export function operators(e: Expr, out: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case "param":
    case "lit":
      break;
    case "neg":
      out.add("neg");
      operators(e.x, out);
      break;
    case "not":
      out.add("!");
      operators(e.x, out);
      break;
    case "cast":
      out.add("as");
      operators(e.x, out);
      break;
    case "bin":
    case "shift":
      out.add(e.op);
      operators(e.l, out);
      operators(e.r, out);
      break;
  }
  return out;
}
