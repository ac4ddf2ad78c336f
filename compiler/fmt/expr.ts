// Printing expressions, types and patterns on one line (blocks inside expressions are printed
// by the statement printer through `Blocks`). Parentheses are not in the AST; they are put back
// exactly where the grammar needs them, from the same precedence table the parser uses.

import { BINARY_PRECEDENCE } from "../ast/ast.js";
import type * as A from "../ast/ast.js";

/** Callback into the statement printer for block-like expressions (multi-line). */
export interface Blocks {
  block(b: A.Block): string;
  /** `{ arms }` of a match; the statement printer owns it because arms may hold comments. */
  arms(e: A.MatchExpr): string;
}

const PREC_CAST = 10;
/** The level of `== != < <= > >=`. */
const COMPARISON = BINARY_PRECEDENCE["=="];
const PREC_PREFIX = 11;
const PREC_POSTFIX = 12;
const PREC_ATOM = 13;

function prec(e: A.Expr): number {
  switch (e.kind) {
    case "BinaryExpr":
      return BINARY_PRECEDENCE[e.op];
    case "CastExpr":
      return PREC_CAST;
    case "UnaryExpr":
    case "TryExpr":
      return PREC_PREFIX;
    case "CallExpr":
    case "MethodCallExpr":
      // `with { … }` closes a postfix chain: such a call cannot be the target of `.x` or `[i]`.
      return e.options ? PREC_PREFIX : PREC_POSTFIX;
    case "FieldExpr":
    case "TupleIndexExpr":
    case "IndexExpr":
      return PREC_POSTFIX;
    case "RangeExpr":
      return 0;
    default:
      return PREC_ATOM;
  }
}

export function isBlockLike(e: A.Expr): boolean {
  return e.kind === "IfExpr" || e.kind === "MatchExpr" || e.kind === "BlockExpr";
}

/** The expression printed first, which decides how a statement or match arm starts. */
export function leftmost(e: A.Expr): A.Expr {
  switch (e.kind) {
    case "BinaryExpr":
      return leftmost(e.left);
    case "CastExpr":
      return leftmost(e.expr);
    case "CallExpr":
      return leftmost(e.callee);
    case "MethodCallExpr":
      return leftmost(e.receiver);
    case "FieldExpr":
    case "TupleIndexExpr":
    case "IndexExpr":
      return leftmost(e.target);
    default:
      return e;
  }
}

/** `x as T` followed by `<` would read `T<…` as generic arguments. */
function endsWithCast(e: A.Expr): boolean {
  if (e.kind === "CastExpr") return true;
  if (e.kind === "BinaryExpr") return endsWithCast(e.right);
  return false;
}

/** A struct literal not enclosed in delimiters: not allowed in `if`/`while`/`for`/`match` heads. */
export function hasBareStruct(e: A.Expr): boolean {
  switch (e.kind) {
    case "StructLit":
      return true;
    case "BinaryExpr":
      return hasBareStruct(e.left) || hasBareStruct(e.right);
    case "CastExpr":
      return hasBareStruct(e.expr);
    case "UnaryExpr":
    case "TryExpr":
      return hasBareStruct(e.kind === "UnaryExpr" ? e.operand : e.expr);
    case "FieldExpr":
    case "TupleIndexExpr":
    case "IndexExpr":
      return hasBareStruct(e.target);
    case "CallExpr":
      return hasBareStruct(e.callee);
    case "MethodCallExpr":
      return hasBareStruct(e.receiver);
    case "RangeExpr":
      return hasBareStruct(e.start) || hasBareStruct(e.end);
    default:
      return false;
  }
}

export function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\0") out += "\\0";
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

export function pathStr(p: A.Path): string {
  return p.segments.map((s) => s.text).join("::");
}

export class ExprPrinter {
  constructor(private readonly blocks: Blocks) {}

  expr(e: A.Expr, min = 0): string {
    const s = this.bare(e);
    return prec(e) < min ? `(${s})` : s;
  }

  /** An `if`/`while`/`for`/`match` head: parenthesised if it holds a bare struct literal. */
  head(e: A.Expr): string {
    return hasBareStruct(e) ? `(${this.expr(e)})` : this.expr(e);
  }

  list(xs: A.Expr[]): string {
    return xs.map((x) => this.expr(x)).join(", ");
  }

  fields(fs: A.FieldInit[]): string {
    if (fs.length === 0) return "{}";
    const inner = fs.map((f) => (f.shorthand ? f.name.text : `${f.name.text}: ${this.expr(f.value)}`)).join(", ");
    return `{ ${inner} }`;
  }

  private call(head: string, args: A.Expr[], options: A.CallOptions | undefined): string {
    const s = `${head}(${this.list(args)})`;
    return options ? `${s} with ${this.fields(options.fields)}` : s;
  }

  private bare(e: A.Expr): string {
    switch (e.kind) {
      case "IntLit":
        return e.raw;
      case "BoolLit":
        return e.value ? "true" : "false";
      case "StringLit":
        return quoteString(e.value);
      case "BytesLit":
        return `hex"${e.hex}"`;
      case "PathExpr":
        return pathStr(e.path);
      case "SelfExpr":
        return "self";
      case "UnaryExpr":
        return e.op + this.expr(e.operand, PREC_PREFIX);
      case "TryExpr":
        return "try " + this.expr(e.expr, PREC_PREFIX);
      case "BinaryExpr": {
        const p = BINARY_PRECEDENCE[e.op];
        let left = this.expr(e.left, p);
        if ((e.op === "<" || e.op === "<<") && prec(e.left) >= p && endsWithCast(e.left)) left = `(${left})`;
        // `(a == 0) == b` parses without its parentheses too (comparisons associate to the left),
        // but `a == 0 == b` reads like a chain; keep them for a comparison inside a comparison.
        if (p === COMPARISON && e.left.kind === "BinaryExpr" && BINARY_PRECEDENCE[e.left.op] === COMPARISON) left = `(${left})`;
        return `${left} ${e.op} ${this.expr(e.right, p + 1)}`;
      }
      case "CastExpr":
        return `${this.expr(e.expr, PREC_CAST)} as ${typeStr(e.type, this)}`;
      case "CallExpr":
        return this.call(this.expr(e.callee, PREC_POSTFIX), e.args, e.options);
      case "MethodCallExpr":
        return this.call(`${this.expr(e.receiver, PREC_POSTFIX)}.${e.method.text}`, e.args, e.options);
      case "FieldExpr":
        return `${this.expr(e.target, PREC_POSTFIX)}.${e.field.text}`;
      case "TupleIndexExpr":
        return `${this.expr(e.target, PREC_POSTFIX)}.${e.index}`;
      case "IndexExpr":
        return `${this.expr(e.target, PREC_POSTFIX)}[${this.expr(e.index)}]`;
      case "StructLit":
        return `${pathStr(e.path)} ${this.fields(e.fields)}`;
      case "TupleLit":
        return e.elems.length === 1 ? `(${this.expr(e.elems[0]!)},)` : `(${this.list(e.elems)})`;
      case "ArrayLit":
        return `[${this.list(e.elems)}]`;
      case "ArrayRepeat":
        return `[${this.expr(e.value)}; ${this.expr(e.count)}]`;
      case "IfExpr":
        return this.ifStr(e);
      case "MatchExpr":
        return this.matchStr(e);
      case "BlockExpr":
        return this.blocks.block(e.block);
      case "RangeExpr":
        return `${this.head(e.start)}${e.inclusive ? "..=" : ".."}${this.head(e.end)}`;
      case "MissingExpr":
        return "/* missing */";
    }
  }

  ifStr(e: A.IfExpr): string {
    let s = `if ${this.head(e.cond)} ${this.blocks.block(e.then)}`;
    if (e.else) s += " else " + (e.else.kind === "IfExpr" ? this.ifStr(e.else) : this.blocks.block(e.else));
    return s;
  }

  matchStr(e: A.MatchExpr): string {
    return `match ${this.head(e.scrutinee)} ` + this.blocks.arms(e);
  }
}

export function typeStr(t: A.TypeExpr, ep: ExprPrinter): string {
  switch (t.kind) {
    case "NamedType":
      return t.args.length ? `${pathStr(t.path)}<${t.args.map((a) => typeStr(a, ep)).join(", ")}>` : pathStr(t.path);
    case "ArrayType":
      return `[${typeStr(t.elem, ep)}; ${ep.expr(t.size)}]`;
    case "TupleType":
      return t.elems.length === 1 ? `(${typeStr(t.elems[0]!, ep)},)` : `(${t.elems.map((a) => typeStr(a, ep)).join(", ")})`;
    case "MissingType":
      return "/* missing */";
  }
}

export function patternStr(p: A.Pattern): string {
  switch (p.kind) {
    case "WildcardPattern":
      return "_";
    case "IdentPattern":
      return (p.mutable ? "mut " : "") + p.name.text;
    case "LiteralPattern": {
      const v = p.value;
      const s = v.kind === "IntLit" ? v.raw : v.kind === "BoolLit" ? String(v.value) : quoteString(v.value);
      return (p.negative ? "-" : "") + s;
    }
    case "TuplePattern":
      return p.elems.length === 1 ? `(${patternStr(p.elems[0]!)},)` : `(${p.elems.map(patternStr).join(", ")})`;
    case "VariantPattern": {
      const head = pathStr(p.path);
      const pl = p.payload;
      if (!pl) return head;
      if (pl.kind === "TuplePayloadPattern") return `${head}(${pl.elems.map(patternStr).join(", ")})`;
      if (pl.fields.length === 0) return `${head} {}`;
      const fs = pl.fields.map((f) => (f.shorthand ? f.name.text : `${f.name.text}: ${patternStr(f.pattern)}`));
      return `${head} { ${fs.join(", ")} }`;
    }
  }
}
