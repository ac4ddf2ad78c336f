// Shared state of the type checker: the output maps, the diagnostics sink, type-expression
// conversion and constant evaluation. The per-body state (which function, flow facts, loops) is
// a `Body`, created fresh for each function, init, invariant or const.

import type * as A from "../ast/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { Local, Module, ResolvedProgram, SelfView } from "../resolve/ast.js";
import type { CallTarget, TypedProgram } from "./ast.js";
import { assignable, intRange, intType, isMapKey, poisoned, prune, show, zonk, type Type } from "./types.js";
import type { Span } from "../diagnostics/types.js";

/** Definite-assignment facts at one program point. */
export interface Flow {
  /** Locals assigned on every path reaching here. */
  must: Set<Local>;
  /** Locals assigned on some path reaching here. */
  may: Set<Local>;
  /** No path reaches here (after return/break/continue/revert). */
  dead: boolean;
}

export interface Loop {
  /** Locals declared inside the loop body: assigning them is not a second assignment. */
  inner: Set<Local>;
  /** Flow states at each `break`, joined into the state after the loop. */
  breaks: Flow[];
}

export interface Body {
  module: Module;
  view: SelfView | undefined;
  /** Name used in messages: the function, `init`, the invariant or the const. */
  name: string;
  kind: "fn" | "init" | "invariant" | "const";
  isView: boolean;
  isPayable: boolean;
  isEntry: boolean;
  reentrant: boolean;
  returnType: Type;
  flow: Flow;
  loops: Loop[];
}

/**
 * An internal invariant was broken (e.g. check/ met a name resolve/ left unbound, which the
 * severity gate rules out). Thrown, not reported: the driver turns it into E9001, a compiler bug.
 */
export function bug(what: string): never {
  throw new Error(`check/: ${what}`);
}

export class Checker {
  readonly out: TypedProgram;
  private readonly aliasActive = new Set<A.TypeAliasDecl>();
  private readonly constValues = new Map<A.ConstDecl, bigint | null>();

  constructor(readonly program: ResolvedProgram, readonly sink: DiagnosticSink) {
    this.out = {
      resolved: program,
      exprTypes: new Map(),
      localTypes: new Map(),
      calls: new Map(),
      typeExprs: new Map(),
      contracts: [],
    };
  }

  /** Integer literals whose type is still an integer variable; range-checked by finish(). */
  readonly pendingLiterals: { e: A.Expr; raw: string; value: bigint; t: Type }[] = [];

  /**
   * Ends checking: undecided integer literal types default to `u256`, every deferred literal is
   * range-checked against its final type (E0302), and the output maps get final types.
   */
  finish(): void {
    for (const p of this.pendingLiterals) {
      const t = zonk(p.t);
      if (t.kind === "int") this.rangeCheck(p.e, p.raw, p.value, t);
    }
    for (const [k, t] of this.out.exprTypes) this.out.exprTypes.set(k, zonk(t));
    for (const [k, t] of this.out.localTypes) this.out.localTypes.set(k, zonk(t));
  }

  rangeCheck(e: A.Expr, raw: string, value: bigint, t: Type & { kind: "int" }): void {
    const { min, max } = intRange(t);
    if (value >= min && value <= max) return;
    const name = `${t.signed ? "i" : "u"}${t.bits}`;
    this.sink.error("E0302", e.span, { text: raw, type: name, min: min.toString(), max: max.toString() }, {
      hints: value > max && !t.signed && t.bits < 256 ? [`use a wider type such as \`u${t.bits * 2}\``] : [],
    });
  }

  record(e: A.Expr, t: Type): Type {
    t = prune(t);
    this.out.exprTypes.set(e, t);
    return t;
  }

  call(e: A.CallExpr | A.MethodCallExpr, target: CallTarget): void {
    this.out.calls.set(e, target);
  }

  /** Reports E0301 unless `found` fits `expected`; returns whether it fit. */
  expect(span: Span, expected: Type, found: Type, hints: string[] = []): boolean {
    if (assignable(expected, found)) return true;
    this.sink.error("E0301", span, { expected: show(expected), found: show(found) }, { hints });
    return false;
  }

  // ---- type expressions --------------------------------------------------------------------

  /**
   * Converts a written type. `storage` allows `Map` at this position (a storage field, or the
   * value of a storage map); everywhere else a `Map` is E0310.
   */
  typeOf(t: A.TypeExpr, storage = false): Type {
    // Cached so that a type written once is reported once, however often it is consulted.
    const cached = this.out.typeExprs.get(t);
    if (cached) return cached;
    const ty = this.convert(t, storage);
    this.out.typeExprs.set(t, ty);
    return ty;
  }

  private convert(t: A.TypeExpr, storage: boolean): Type {
    switch (t.kind) {
      case "MissingType":
        return bug("a MissingType passed the syntax gate");
      case "TupleType":
        return { kind: "tuple", elems: t.elems.map((e) => this.typeOf(e)) };
      case "ArrayType": {
        const elem = this.typeOf(t.elem);
        const n = this.constInt(t.size);
        if (n === null || n < 0n || n > 0xffff_ffffn) return poisoned(this.sink.error("E0333", t.size.span));
        return { kind: "array", elem, len: Number(n) };
      }
      case "NamedType": {
        const ref = this.program.types.get(t);
        if (!ref) return bug("a type name left unbound by resolve/");
        const name = t.path.segments[t.path.segments.length - 1]!.text;
        /** The error for a wrong number of type arguments, or undefined when it is right. */
        const arity = (n: number): Type | undefined =>
          t.args.length === n ? undefined : poisoned(this.sink.error("E0334", t.span, { name, expected: n, found: t.args.length }));
        switch (ref.kind) {
          case "prim":
            return arity(0) ?? intType(ref.name) ?? ({ kind: ref.name } as Type);
          case "callError":
            return arity(0) ?? { kind: "callError" };
          case "generic":
            switch (ref.name) {
              case "Vec":
                return arity(1) ?? { kind: "vec", elem: this.typeOf(t.args[0]!) };
              case "Option":
                return arity(1) ?? { kind: "option", inner: this.typeOf(t.args[0]!) };
              case "Result":
                return arity(2) ?? { kind: "result", ok: this.typeOf(t.args[0]!), err: this.typeOf(t.args[1]!) };
              case "Map": {
                const bad = arity(2);
                if (bad) return bad;
                const key = this.typeOf(t.args[0]!);
                const value = this.typeOf(t.args[1]!, storage);
                if (!storage) {
                  return poisoned(this.sink.error("E0310", t.span, { type: `Map<${show(key)}, ${show(value)}>` }, {
                    hints: ["declare it as a field of the contract's `storage { … }` block"],
                  }));
                }
                if (!isMapKey(key)) return poisoned(this.sink.error("E0324", t.args[0]!.span, { type: show(key) }));
                return { kind: "map", key, value };
              }
            }
          // falls through: the switch above returns on every generic
          case "item": {
            const sym = ref.sym;
            const bad = arity(0);
            if (bad) return bad;
            switch (sym.kind) {
              case "struct":
                return { kind: "struct", name: sym.name, decl: sym.decl };
              case "enum":
                return { kind: "enum", name: sym.name, decl: sym.decl };
              case "interface":
                return { kind: "interface", name: sym.name, decl: sym.decl };
              case "alias": {
                if (this.aliasActive.has(sym.decl)) return poisoned(this.sink.error("E0207", sym.decl.name.span, { name: sym.name }));
                this.aliasActive.add(sym.decl);
                const inner = this.typeOf(sym.decl.type, storage);
                this.aliasActive.delete(sym.decl);
                return inner;
              }
              default:
                return bug(`resolve/ bound a type to a ${sym.kind}`);
            }
          }
        }
      }
    }
  }

  // ---- constants -------------------------------------------------------------------------------

  /** The integer value of a constant expression, or null when it is not one. */
  constInt(e: A.Expr): bigint | null {
    switch (e.kind) {
      case "IntLit":
        return e.value;
      case "UnaryExpr": {
        const v = this.constInt(e.operand);
        return v === null || e.op !== "-" ? null : -v;
      }
      case "BinaryExpr": {
        const l = this.constInt(e.left);
        const r = this.constInt(e.right);
        if (l === null || r === null) return null;
        switch (e.op) {
          case "+": return l + r;
          case "-": return l - r;
          case "*": return l * r;
          case "/": return r === 0n ? null : l / r;
          case "%": return r === 0n ? null : l % r;
          case "<<": return r > 256n ? null : l << r;
          case ">>": return r > 256n ? null : l >> r;
          case "&": return l & r;
          case "|": return l | r;
          case "^": return l ^ r;
          default: return null;
        }
      }
      case "CastExpr":
        return this.constInt(e.expr);
      case "PathExpr": {
        const ref = this.program.values.get(e);
        const decl = ref?.kind === "item" && ref.sym.kind === "const" ? ref.sym.decl
          : ref?.kind === "member" && ref.sym.kind === "const" ? ref.sym.decl : undefined;
        if (!decl) return null;
        if (this.constValues.has(decl)) return this.constValues.get(decl)!;
        this.constValues.set(decl, null); // cycle guard: a self-referential const is not constant
        const v = this.constInt(decl.value);
        this.constValues.set(decl, v);
        return v;
      }
      default:
        return null;
    }
  }

  /** Whether an expression may initialise a `const`: literals, other consts, operators, casts. */
  isConstExpr(e: A.Expr): boolean {
    switch (e.kind) {
      case "IntLit":
      case "BoolLit":
      case "StringLit":
      case "BytesLit":
        return true;
      case "UnaryExpr":
        return this.isConstExpr(e.operand);
      case "BinaryExpr":
        return this.isConstExpr(e.left) && this.isConstExpr(e.right);
      case "CastExpr":
        return this.isConstExpr(e.expr);
      case "TupleLit":
      case "ArrayLit":
        return e.elems.every((x) => this.isConstExpr(x));
      case "ArrayRepeat":
        return this.isConstExpr(e.value) && this.constInt(e.count) !== null;
      case "PathExpr": {
        const ref = this.program.values.get(e);
        return (ref?.kind === "item" && ref.sym.kind === "const") || (ref?.kind === "member" && ref.sym.kind === "const") ||
          (ref?.kind === "variant") || (ref?.kind === "builtin" && ref.name === "None");
      }
      default:
        return false;
    }
  }
}
