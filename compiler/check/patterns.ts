// Patterns: typing them against the scrutinee, and exhaustiveness / reachability of `match`
// arms by the usefulness algorithm of Maranget ("Warnings for pattern matching", JFP 2007), the
// one rustc uses: a match is exhaustive when the wildcard row is not useful after all arms, and an
// arm is unreachable when its row is not useful after the arms above it.

import type * as A from "../ast/ast.js";
import type { Local, VariantRef } from "../resolve/ast.js";
import { bug, type Body, type Checker } from "./context.js";
import { checkExpr, intLiteral } from "./expr.js";
import { cloneFlow, joinFlows } from "./stmt.js";
import { BOOL, STRING, poisoned, assignable, isIntLike, prune, show, type Type } from "./types.js";

/** The abstract pattern usefulness works on. Literal constructors are keyed by their text. */
type Pat = { kind: "wild" } | { kind: "ctor"; ctor: string; args: Pat[] };
const WILD: Pat = { kind: "wild" };

export function checkMatch(cx: Checker, b: Body, e: A.MatchExpr, expected: Type | undefined): Type {
  const st = checkExpr(cx, b, e.scrutinee);
  const start = cloneFlow(b.flow);
  const flows = [];
  const rows: Pat[][] = [];
  let result: Type | undefined = expected;
  let resultFromArm = false;
  for (const arm of e.arms) {
    b.flow = cloneFlow(start);
    const errorsBefore = cx.sink.errorCount;
    const pat = checkPattern(cx, arm.pattern, st, b);
    // A pattern that failed to check says nothing about coverage: leave it out of the matrix
    // rather than let it stand for a wildcard that would make every later arm "unreachable".
    const patternOk = cx.sink.errorCount === errorsBefore;
    if (arm.guard) {
      const g = checkExpr(cx, b, arm.guard, BOOL);
      cx.expect(arm.guard.span, BOOL, g);
    }
    const t = checkExpr(cx, b, arm.body, result);
    if (t.kind !== "never" && t.kind !== "error") {
      if (result === undefined) {
        result = t;
        resultFromArm = true;
      } else if (!assignable(result, t)) {
        cx.sink.error("E0301", arm.body.span, { expected: show(result), found: show(t) }, {
          hints: resultFromArm ? ["every arm of a `match` must have the same type"] : [],
        });
      }
    }
    flows.push(b.flow);
    if (st.kind === "error" || !patternOk) continue;
    if (!useful(cx, rows, [pat], [st])) cx.sink.warn("W0005", arm.pattern.span);
    if (!arm.guard) rows.push([pat]);
  }
  b.flow = flows.length > 0 ? joinFlows(flows) : { ...start, dead: true };
  if (st.kind !== "error" && useful(cx, rows, [WILD], [st])) {
    const missing = missingCtors(cx, rows, st);
    cx.sink.error("E0317", e.scrutinee.span, { missing: missing.map((m) => `\`${m}\``).join(", ") }, {
      hints: ["add the missing arms, or a wildcard arm `_ => …`"],
    });
  }
  if (e.arms.length === 0 || result === undefined) return flows.every((f) => f.dead) ? { kind: "never" } : result ?? { kind: "tuple", elems: [] };
  return result;
}

/** Binds a `let`/`for` pattern, which must always match; returns the locals it introduces. */
export function bindIrrefutable(cx: Checker, p: A.Pattern, t: Type): Local[] {
  const out: Local[] = [];
  const walk = (p: A.Pattern, t: Type): void => {
    switch (p.kind) {
      case "WildcardPattern":
        return;
      case "IdentPattern": {
        const l = cx.program.locals.get(p);
        if (l) {
          cx.out.localTypes.set(l, t);
          out.push(l);
          return;
        }
        cx.sink.error("E0337", p.span, { what: `\`${p.name.text}\`` });
        return;
      }
      case "TuplePattern":
        if (t.kind === "tuple" && t.elems.length === p.elems.length) p.elems.forEach((x, i) => walk(x, t.elems[i]!));
        else {
          const sub = t.kind === "error" ? t : poisoned(cx.sink.error("E0318", p.span, { type: show(t), detail: `expected a tuple of ${p.elems.length}` }));
          p.elems.forEach((x) => walk(x, sub));
        }
        return;
      case "LiteralPattern":
        cx.sink.error("E0337", p.span, { what: "a pattern that can fail to match" });
        return;
      case "VariantPattern": {
        const sub = poisoned(cx.sink.error("E0337", p.span, { what: "a pattern that can fail to match" }));
        // Still bind what it names, so uses of them do not also report unassigned variables.
        subPatterns(p).forEach((x) => walk(x, sub));
        return;
      }
    }
  };
  walk(p, t);
  return out;
}

function variantName(v: VariantRef): string {
  return v.kind === "enum" ? `${v.sym.name}::${v.variant.name.text}` : v.name;
}

/** Payload types of a constructor of `t`. */
function ctorArgs(cx: Checker, t0: Type, ctor: string): Type[] {
  const t = prune(t0);
  switch (t.kind) {
    case "option":
      return ctor === "Some" ? [t.inner] : [];
    case "result":
      return ctor === "Ok" ? [t.ok] : ctor === "Err" ? [t.err] : [];
    case "tuple":
      return t.elems;
    case "enum": {
      const v = t.decl.variants.find((x) => x.name.text === ctor);
      if (!v?.payload) return [];
      return v.payload.kind === "TuplePayload"
        ? v.payload.types.map((x) => cx.typeOf(x))
        : v.payload.fields.map((f) => cx.typeOf(f.type));
    }
    default:
      return [];
  }
}

/** Every constructor of a type with finitely many, or undefined (ints, strings, …). */
function allCtors(t0: Type): string[] | undefined {
  const t = prune(t0);
  switch (t.kind) {
    case "bool":
      return ["true", "false"];
    case "option":
      return ["Some", "None"];
    case "result":
      return ["Ok", "Err"];
    case "tuple":
      return ["()"];
    case "enum":
      return t.decl.variants.map((v) => v.name.text);
    default:
      return undefined;
  }
}

function checkPattern(cx: Checker, p: A.Pattern, t0: Type, b: Body): Pat {
  const t = prune(t0);
  const mismatch = (detail: string): Pat => {
    if (t.kind !== "error") cx.sink.error("E0318", p.span, { type: show(t), detail });
    return WILD;
  };
  switch (p.kind) {
    case "WildcardPattern":
      return WILD;
    case "IdentPattern": {
      const l = cx.program.locals.get(p);
      if (l) {
        cx.out.localTypes.set(l, t);
        b.flow.must.add(l);
        b.flow.may.add(l);
        return WILD;
      }
      const v = cx.program.patterns.get(p);
      if (v) return variantPat(cx, p, v, undefined, t, b);
      return WILD;
    }
    case "LiteralPattern": {
      const lit = p.value;
      if (lit.kind === "BoolLit") {
        if (t.kind !== "bool") return mismatch("expected a boolean type");
        return { kind: "ctor", ctor: String(lit.value), args: [] };
      }
      if (lit.kind === "StringLit") {
        if (t.kind !== "string") return mismatch("expected `string`");
        cx.record(lit, STRING);
        return { kind: "ctor", ctor: JSON.stringify(lit.value), args: [] };
      }
      if (!isIntLike(t)) return mismatch("an integer literal");
      const value = p.negative ? -lit.value : lit.value;
      cx.record(lit, intLiteral(cx, p.negative ? lit : lit, value, t));
      return { kind: "ctor", ctor: value.toString(), args: [] };
    }
    case "TuplePattern": {
      if (t.kind !== "tuple" || t.elems.length !== p.elems.length) {
        const sub = t.kind === "error" ? t : poisoned(cx.sink.error("E0318", p.span, { type: show(t), detail: `expected a tuple of ${p.elems.length}` }));
        p.elems.forEach((x) => checkPattern(cx, x, sub, b));
        return WILD;
      }
      return { kind: "ctor", ctor: "()", args: p.elems.map((x, i) => checkPattern(cx, x, t.elems[i]!, b)) };
    }
    case "VariantPattern": {
      const v = cx.program.patterns.get(p) ?? bug("a variant pattern left unbound by resolve/");
      return variantPat(cx, p, v, p.payload, t, b);
    }
  }
}

function subPatterns(p: A.VariantPattern): A.Pattern[] {
  if (!p.payload) return [];
  return p.payload.kind === "TuplePayloadPattern" ? p.payload.elems : p.payload.fields.map((f) => f.pattern);
}

function variantPat(
  cx: Checker, p: A.Pattern, v: VariantRef, payload: A.VariantPayloadPattern | undefined, t: Type, b: Body,
): Pat {
  const name = variantName(v);
  const fits =
    (v.kind === "option" && t.kind === "option") ||
    (v.kind === "result" && t.kind === "result") ||
    (v.kind === "enum" && t.kind === "enum" && t.decl === v.sym.decl);
  const subs = payload ? (payload.kind === "TuplePayloadPattern" ? payload.elems : payload.fields.map((f) => f.pattern)) : [];
  if (!fits) {
    const sub = t.kind === "error" ? t : poisoned(cx.sink.error("E0318", p.span, { type: show(t), detail: `\`${name}\` is not one of its variants` }));
    subs.forEach((x) => checkPattern(cx, x, sub, b));
    return WILD;
  }
  const ctor = v.kind === "enum" ? v.variant.name.text : v.name;
  const argTypes = ctorArgs(cx, t, ctor);
  if (v.kind === "enum" && v.variant.payload?.kind === "StructPayload" && payload?.kind === "StructPayloadPattern") {
    const decls = v.variant.payload.fields;
    const args: Pat[] = decls.map(() => WILD);
    for (const f of payload.fields) {
      const i = decls.findIndex((d) => d.name.text === f.name.text);
      if (i < 0) {
        checkPattern(cx, f.pattern, poisoned(cx.sink.error("E0303", f.name.span, { type: name, name: f.name.text })), b);
      } else args[i] = checkPattern(cx, f.pattern, argTypes[i]!, b);
    }
    return { kind: "ctor", ctor, args };
  }
  const wantStruct = v.kind === "enum" && v.variant.payload?.kind === "StructPayload";
  if (subs.length !== argTypes.length || (payload?.kind === "StructPayloadPattern") !== (wantStruct && subs.length > 0)) {
    const sub = poisoned(cx.sink.error("E0318", p.span, { type: show(t), detail: `\`${name}\` has ${argTypes.length} field(s), the pattern has ${subs.length}` }));
    subs.forEach((x) => checkPattern(cx, x, sub, b));
    return WILD;
  }
  return { kind: "ctor", ctor, args: subs.map((x, i) => checkPattern(cx, x, argTypes[i]!, b)) };
}

// ---- usefulness ------------------------------------------------------------------------------

function specialize(row: Pat[], ctor: string, arity: number): Pat[] | undefined {
  const [head, ...rest] = row;
  if (!head) return undefined;
  if (head.kind === "wild") return [...Array<Pat>(arity).fill(WILD), ...rest];
  return head.ctor === ctor ? [...head.args, ...rest] : undefined;
}

function useful(cx: Checker, matrix: Pat[][], row: Pat[], types: Type[]): boolean {
  if (row.length === 0) return matrix.length === 0;
  const head = row[0]!;
  const t = types[0]!;
  const restTypes = types.slice(1);
  const specializeAll = (ctor: string): boolean => {
    const args = ctorArgs(cx, t, ctor);
    const m = matrix.map((r) => specialize(r, ctor, args.length)).filter((r): r is Pat[] => r !== undefined);
    const r = specialize(row, ctor, args.length)!;
    return useful(cx, m, r, [...args, ...restTypes]);
  };
  if (head.kind === "ctor") return specializeAll(head.ctor);
  const seen = new Set(matrix.map((r) => r[0]!).filter((p) => p.kind === "ctor").map((p) => (p as { ctor: string }).ctor));
  const all = allCtors(t);
  if (all && all.every((c) => seen.has(c))) return all.some(specializeAll);
  const defaults = matrix.filter((r) => r[0]!.kind === "wild").map((r) => r.slice(1));
  return useful(cx, defaults, row.slice(1), restTypes);
}

function renderCtor(t0: Type, c: string, subs: string[]): string {
  const t = prune(t0);
  if (t.kind === "tuple") return subs.length === 1 ? `(${subs[0]},)` : `(${subs.join(", ")})`;
  const prefix = t.kind === "enum" ? `${t.name}::${c}` : c;
  if (subs.length === 0) return prefix;
  const structLike = t.kind === "enum" && t.decl.variants.find((v) => v.name.text === c)?.payload?.kind === "StructPayload";
  return structLike ? `${prefix} { .. }` : `${prefix}(${subs.join(", ")})`;
}

/** One value shape no row matches (Maranget's witness construction), or null when exhaustive. */
function witness(cx: Checker, matrix: Pat[][], types: Type[]): string[] | null {
  if (types.length === 0) return matrix.length === 0 ? [] : null;
  const t = types[0]!;
  const rest = types.slice(1);
  const all = allCtors(t);
  const seen = new Set(matrix.map((r) => r[0]!).filter((p) => p.kind === "ctor").map((p) => (p as { ctor: string }).ctor));
  if (all && all.every((c) => seen.has(c))) {
    for (const c of all) {
      const args = ctorArgs(cx, t, c);
      const m = matrix.map((r) => specialize(r, c, args.length)).filter((r): r is Pat[] => r !== undefined);
      const w = witness(cx, m, [...args, ...rest]);
      if (w) return [renderCtor(t, c, w.slice(0, args.length)), ...w.slice(args.length)];
    }
    return null;
  }
  const w = witness(cx, matrix.filter((r) => r[0]!.kind === "wild").map((r) => r.slice(1)), rest);
  if (!w) return null;
  const missing = all?.find((c) => !seen.has(c));
  if (missing === undefined) return ["_", ...w];
  return [renderCtor(t, missing, ctorArgs(cx, t, missing).map(() => "_")), ...w];
}

/** Constructors of the scrutinee type not covered by the arms, rendered as patterns. */
function missingCtors(cx: Checker, rows: Pat[][], t: Type): string[] {
  const all = allCtors(t);
  if (!all || t.kind === "tuple") return witness(cx, rows, [t]) ?? ["_"];
  const out: string[] = [];
  for (const c of all) {
    const args = ctorArgs(cx, t, c);
    const m = rows.map((r) => specialize(r, c, args.length)).filter((r): r is Pat[] => r !== undefined);
    const w = witness(cx, m, args);
    if (w) out.push(renderCtor(t, c, w));
  }
  return out.length > 0 ? out : ["_"];
}

