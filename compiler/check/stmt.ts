// Statements and the flow facts threaded through them: definite assignment (E0501, E0311),
// divergence (for return-on-every-path, E0502) and unreachable code (W0002). The facts are a
// forward dataflow over the tree: branches are checked from a copy of the state and joined.

import type * as A from "../ast/ast.js";
import type { Local } from "../resolve/ast.js";
import { bug, type Body, type Checker, type Flow } from "./context.js";
import { checkExpr, checkFieldInits } from "./expr.js";
import { bindIrrefutable } from "./patterns.js";
import { BOOL, NEVER, STRING, UNIT, isIntLike, isStorageOnly, poisoned, prune, show, typeEq, type Type } from "./types.js";

export function cloneFlow(f: Flow): Flow {
  return { must: new Set(f.must), may: new Set(f.may), dead: f.dead };
}

/** The state after control-flow paths merge: only live paths contribute. */
export function joinFlows(flows: Flow[]): Flow {
  const live = flows.filter((f) => !f.dead);
  if (live.length === 0) return { must: new Set(flows[0]?.must ?? []), may: new Set(flows.flatMap((f) => [...f.may])), dead: true };
  const must = new Set([...live[0]!.must].filter((l) => live.every((f) => f.must.has(l))));
  const may = new Set(flows.flatMap((f) => [...f.may]));
  return { must, may, dead: false };
}

export function checkBlockExpr(cx: Checker, b: Body, block: A.Block, expected: Type | undefined): Type {
  let warned = false;
  const unreachable = (span: A.Block["span"]) => {
    if (b.flow.dead && !warned) {
      warned = true;
      cx.sink.warn("W0002", span);
    }
  };
  for (const s of block.stmts) {
    unreachable(s.span);
    checkStmt(cx, b, s);
  }
  if (block.tail) {
    unreachable(block.tail.span);
    const t = checkExpr(cx, b, block.tail, expected);
    return b.flow.dead ? NEVER : t;
  }
  return b.flow.dead ? NEVER : UNIT;
}

export function checkStmt(cx: Checker, b: Body, s: A.Stmt): void {
  switch (s.kind) {
    case "LetStmt":
      return letStmt(cx, b, s);
    case "AssignStmt":
      return assign(cx, b, s);
    case "ExprStmt":
      checkExpr(cx, b, s.expr);
      return;
    case "WhileStmt": {
      const c = checkExpr(cx, b, s.cond, BOOL);
      cx.expect(s.cond.span, BOOL, c);
      const forever = s.cond.kind === "BoolLit" && s.cond.value;
      loop(cx, b, s.body, forever);
      return;
    }
    case "ForStmt":
      return forStmt(cx, b, s);
    case "BreakStmt":
    case "ContinueStmt": {
      const l = b.loops[b.loops.length - 1];
      if (!l) {
        cx.sink.error(s.kind === "BreakStmt" ? "E0503" : "E0504", s.span);
        return;
      }
      if (s.kind === "BreakStmt") l.breaks.push(cloneFlow(b.flow));
      b.flow.dead = true;
      return;
    }
    case "ReturnStmt":
      return returnStmt(cx, b, s);
    case "EmitStmt": {
      if (b.isView) cx.sink.error("E0402", s.span, { fn: b.name });
      const ref = cx.program.structPaths.get(s.event);
      const sym = ref?.kind === "item" || ref?.kind === "member" ? ref.sym : undefined;
      if (!ref) {
        for (const f of s.fields) checkExpr(cx, b, f.value);
        return;
      }
      if (sym?.kind !== "event") {
        cx.sink.error("E0329", s.event.span, { name: s.event.segments.map((x) => x.text).join("::") });
        for (const f of s.fields) checkExpr(cx, b, f.value);
        return;
      }
      checkFieldInits(cx, b, sym.name, sym.decl.fields, s.fields, s.span);
      return;
    }
    case "RevertStmt":
      reason(cx, b, s.reason);
      b.flow.dead = true;
      return;
    case "RequireStmt": {
      const c = checkExpr(cx, b, s.cond, BOOL);
      cx.expect(s.cond.span, BOOL, c);
      if (s.reason) reason(cx, b, s.reason);
      return;
    }
    case "AssertStmt": {
      const c = checkExpr(cx, b, s.cond, BOOL);
      cx.expect(s.cond.span, BOOL, c);
      if (s.message) cx.expect(s.message.span, STRING, checkExpr(cx, b, s.message, STRING));
      return;
    }
  }
}

/** A revert/require reason: text, a field-less error by name, or an error literal. */
function reason(cx: Checker, b: Body, e: A.Expr): void {
  if (e.kind === "StringLit") {
    cx.record(e, STRING);
    return;
  }
  if (e.kind === "StructLit" || (e.kind === "PathExpr" && cx.program.structPaths.has(e.path))) {
    const path = e.kind === "StructLit" ? e.path : e.path;
    const ref = cx.program.structPaths.get(path);
    const sym = ref?.kind === "item" || ref?.kind === "member" ? ref.sym : undefined;
    const fields = e.kind === "StructLit" ? e.fields : [];
    if (!ref) {
      for (const f of fields) checkExpr(cx, b, f.value);
      return;
    }
    if (sym?.kind !== "error") {
      cx.sink.error("E0330", path.span, { name: path.segments.map((x) => x.text).join("::") });
      for (const f of fields) checkExpr(cx, b, f.value);
      return;
    }
    // The reason is not a value, so it gets no type; lowering reads the error from structPaths.
    checkFieldInits(cx, b, sym.name, sym.decl.fields, fields, e.span);
    return;
  }
  const t = checkExpr(cx, b, e);
  if (t.kind !== "error") cx.sink.error("E0330", e.span, { name: show(t) }, {
    hints: ["a reason is a string literal or an error: `revert Unauthorized { … };`"],
  });
}

function letStmt(cx: Checker, b: Body, s: A.LetStmt): void {
  // typeOf already rejects storage-only types (E0310) outside storage.
  const declared = s.type ? cx.typeOf(s.type) : undefined;
  let t: Type;
  if (s.init) {
    const it = checkExpr(cx, b, s.init, declared);
    if (declared) {
      cx.expect(s.init.span, declared, it);
      t = declared;
    } else if (it.kind !== "error" && isStorageOnly(it)) {
      t = poisoned(cx.sink.error("E0310", s.init.span, { type: show(it) }, {
        hints: ["a storage map cannot be copied into a local; index it instead: `self.m[key]`"],
      }));
    } else t = it;
  } else {
    t = declared ?? poisoned(cx.sink.error("E0314", s.pattern.span, { what: "this variable" }));
  }
  const locals = bindIrrefutable(cx, s.pattern, t);
  if (s.init) for (const l of locals) markAssigned(b, l);
  const loop = b.loops[b.loops.length - 1];
  if (loop) for (const l of locals) loop.inner.add(l);
}

function markAssigned(b: Body, l: Local): void {
  b.flow.must.add(l);
  b.flow.may.add(l);
}

/** The local at the root of a place expression (`x`, `x.f`, `x[i]`), if any. */
function placeRoot(e: A.Expr): A.Expr {
  let r = e;
  while (r.kind === "FieldExpr" || r.kind === "IndexExpr" || r.kind === "TupleIndexExpr") r = r.target;
  return r;
}

/**
 * Reports E0401 when a place rooted in `self` is mutated in a view function or invariant, and
 * E0332 when a place rooted in an immutable local is mutated.
 */
export function checkPlaceMutation(cx: Checker, b: Body, place: A.Expr, span: A.Expr["span"], inPlace = false): void {
  const root = placeRoot(place);
  if (root.kind === "SelfExpr") {
    if (b.isView) cx.sink.error("E0401", span, { fn: b.name });
    return;
  }
  // `x.f = v` and `v.push(x)` (inPlace) mutate the local x; a plain `x = v` is handled by assign().
  if (root.kind === "PathExpr" && (root !== place || inPlace)) {
    const ref = cx.program.values.get(root);
    if (ref?.kind === "local" && !ref.local.mutable) {
      cx.sink.error("E0332", span, { name: ref.local.name }, {
        related: [{ span: ref.local.span, message: "declared here" }],
        hints: [`make it mutable: \`let mut ${ref.local.name}\``],
      });
    }
  }
}

function assign(cx: Checker, b: Body, s: A.AssignStmt): void {
  const t = s.target;
  // A plain `x = v` to a local writes without reading, so it is handled before checkExpr (which
  // would report a read of an unassigned variable).
  if (t.kind === "PathExpr") {
    const ref = cx.program.values.get(t);
    if (ref?.kind === "local") {
      const l = ref.local;
      const lt = cx.out.localTypes.get(l) ?? bug(`local \`${l.name}\` assigned before its declaration was typed`);
      cx.record(t, lt);
      if (s.op !== "=" && !b.flow.dead && !b.flow.must.has(l)) {
        cx.sink.error("E0501", t.span, { name: l.name });
      }
      const loop = b.loops[b.loops.length - 1];
      const again = b.flow.may.has(l) || (loop !== undefined && !loop.inner.has(l));
      if (!l.mutable && (again || s.op !== "=")) {
        cx.sink.error("E0311", s.span, { name: l.name }, {
          related: [{ span: l.span, message: "first assignment / declaration here" }],
          hints: [`make this binding mutable: \`mut ${l.name}\``],
        });
      }
      compoundValue(cx, b, s, lt);
      markAssigned(b, l);
      return;
    }
    if (ref) {
      checkExpr(cx, b, t);
      checkExpr(cx, b, s.value);
      cx.sink.error("E0312", t.span, {}, { hints: ["only variables, fields, storage and indexed elements can be assigned"] });
      return;
    }
  }
  if (t.kind !== "FieldExpr" && t.kind !== "IndexExpr" && t.kind !== "TupleIndexExpr" && t.kind !== "PathExpr") {
    checkExpr(cx, b, t);
    checkExpr(cx, b, s.value);
    cx.sink.error("E0312", t.span);
    return;
  }
  const tt = checkExpr(cx, b, t);
  if (t.kind === "FieldExpr" && t.target.kind === "SelfExpr" && (t.field.text === "address" || t.field.text === "balance")) {
    cx.sink.error("E0312", t.span, {}, { hints: [`\`self.${t.field.text}\` is read-only`] });
  } else if (t.kind === "FieldExpr" && t.target.kind === "PathExpr" && cx.program.values.get(t.target)?.kind === "builtin") {
    cx.sink.error("E0312", t.span, {}, { hints: ["context values are read-only"] });
  } else checkPlaceMutation(cx, b, t, s.span);
  if (tt.kind === "map") cx.sink.error("E0312", t.span, {}, { hints: ["assign to an entry: `self.m[key] = value`"] });
  compoundValue(cx, b, s, tt);
}

function compoundValue(cx: Checker, b: Body, s: A.AssignStmt, target: Type): void {
  if (s.op === "=") {
    const vt = checkExpr(cx, b, s.value, target);
    cx.expect(s.value.span, target, vt);
    return;
  }
  const shift = s.op === "<<=" || s.op === ">>=";
  const vt = checkExpr(cx, b, s.value, shift ? undefined : target);
  if (target.kind === "error" || vt.kind === "error") return;
  const bitwise = s.op === "&=" || s.op === "|=" || s.op === "^=";
  if (shift && vt.kind === "intvar") typeEq(vt, { kind: "int", signed: false, bits: 32 });
  const pv = prune(vt);
  const ok = shift
    ? isIntLike(target) && pv.kind === "int" && !pv.signed
    : (isIntLike(target) || (bitwise && target.kind === "bool")) && typeEq(target, vt);
  if (!ok) cx.sink.error("E0307", s.span, { op: s.op, left: show(target), right: show(vt) });
}

function returnStmt(cx: Checker, b: Body, s: A.ReturnStmt): void {
  if (b.kind === "invariant") {
    if (s.value) checkExpr(cx, b, s.value);
    cx.sink.error("E0505", s.span);
    b.flow.dead = true;
    return;
  }
  const unit = b.returnType.kind === "tuple" && b.returnType.elems.length === 0;
  if (s.value) {
    const vt = checkExpr(cx, b, s.value, unit ? undefined : b.returnType);
    if (unit && !(vt.kind === "tuple" && vt.elems.length === 0)) cx.sink.error("E0328", s.value.span);
    else cx.expect(s.value.span, b.returnType, vt);
  } else if (!unit && b.returnType.kind !== "error") {
    cx.sink.error("E0327", s.span, { type: show(b.returnType) });
  }
  b.flow.dead = true;
}

/** Runs a loop body from the current state; afterwards the body may have run zero or more times. */
function loop(cx: Checker, b: Body, body: A.Block, forever: boolean, before?: (l: import("./context.js").Loop) => void): void {
  const entry = cloneFlow(b.flow);
  const frame = { inner: new Set<Local>(), breaks: [] as Flow[] };
  before?.(frame);
  b.loops.push(frame);
  checkBlockExpr(cx, b, body, undefined);
  b.loops.pop();
  const after = b.flow;
  if (forever) {
    // `while true` only exits through `break`.
    b.flow = frame.breaks.length > 0 ? joinFlows(frame.breaks) : { ...cloneFlow(entry), dead: true };
  } else {
    b.flow = joinFlows([entry, ...frame.breaks, { ...after, dead: false, must: entry.must }]);
    b.flow.dead = entry.dead;
  }
}

function forStmt(cx: Checker, b: Body, s: A.ForStmt): void {
  let elem: Type;
  if (s.iter.kind === "RangeExpr") {
    const r = s.iter;
    const untypedStart = r.start.kind === "IntLit";
    let st: Type;
    let en: Type;
    if (untypedStart && r.end.kind !== "IntLit") {
      en = checkExpr(cx, b, r.end);
      st = checkExpr(cx, b, r.start, isIntLike(en) ? en : undefined);
    } else {
      st = checkExpr(cx, b, r.start);
      en = checkExpr(cx, b, r.end, isIntLike(st) ? st : undefined);
    }
    cx.record(r, st);
    if (st.kind === "error") elem = st;
    else if (!isIntLike(st)) elem = poisoned(cx.sink.error("E0326", r.start.span, { type: show(st) }));
    else {
      cx.expect(r.end.span, st, en);
      elem = st;
    }
  } else {
    const it = checkExpr(cx, b, s.iter);
    if (it.kind === "vec" || it.kind === "array") elem = it.elem;
    else if (it.kind === "error") elem = it;
    else elem = poisoned(cx.sink.error("E0326", s.iter.span, { type: show(it) }));
  }
  loop(cx, b, s.body, false, (frame) => {
    const locals = bindIrrefutable(cx, s.binding, elem);
    for (const l of locals) {
      frame.inner.add(l);
      markAssigned(b, l);
    }
  });
}

