// check/: ResolvedProgram → TypedProgram. Item-level checks live here — signatures, storage
// field types, attributes and modifiers (payable / view / #[reentrant]), interface conformance,
// const initialisers, unused internal functions — and every body is handed to stmt.ts/expr.ts.

import type * as A from "../ast/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { Module, OwnedFn, ResolvedProgram, SelfView } from "../resolve/ast.js";
import type { TypedProgram } from "./ast.js";
import { Checker, type Body } from "./context.js";
import { checkExpr } from "./expr.js";
import { checkBlockExpr } from "./stmt.js";
import { BOOL, UNIT, show, typeEq, type Type } from "./types.js";

export function check(program: ResolvedProgram, sink: DiagnosticSink): TypedProgram {
  const cx = new Checker(program, sink);
  for (const p of program.order) {
    const m = program.modules.get(p)!;
    for (const item of m.ast.items) checkItem(cx, m, item);
  }
  for (const c of program.contracts) {
    cx.out.contracts.push({
      info: c,
      storage: c.storage.map((f) => ({ ...f, type: cx.typeOf(f.decl.type, true) })),
    });
    conformance(cx, c.sym.decl, c.entryPoints, c.interfaces.map((i) => i.decl));
  }
  unusedInternalFns(cx);
  cx.finish();
  return cx.out;
}

function body(m: Module, view: SelfView | undefined, name: string, kind: Body["kind"], returnType: Type): Body {
  return {
    module: m, view, name, kind, returnType,
    isView: kind === "invariant", isPayable: false, isEntry: false, reentrant: false,
    flow: { must: new Set(), may: new Set(), dead: false },
    loops: [],
  };
}

function checkItem(cx: Checker, m: Module, item: A.Item): void {
  if (item.kind !== "FnDecl") attributes(cx, item.attributes, []);
  switch (item.kind) {
    case "StructDecl":
    case "EventDecl":
    case "ErrorDecl":
      fields(cx, item.fields, item.kind === "EventDecl");
      return;
    case "EnumDecl":
      for (const v of item.variants) {
        attributes(cx, v.attributes, []);
        if (v.payload?.kind === "TuplePayload") for (const t of v.payload.types) cx.typeOf(t);
        else if (v.payload?.kind === "StructPayload") fields(cx, v.payload.fields, false);
      }
      return;
    case "TypeAliasDecl":
      cx.typeOf(item.type);
      return;
    case "ConstDecl":
      constDecl(cx, m, undefined, item);
      return;
    case "FnDecl":
      if (item.payable) cx.sink.error("E0406", item.name.span, { detail: "a free function has no entry point" });
      fn(cx, m, undefined, item);
      return;
    case "InterfaceDecl":
      for (const f of item.fns) {
        attributes(cx, f.attributes, ["reentrant"]);
        signature(cx, f);
      }
      return;
    case "ContractDecl":
    case "ComponentDecl": {
      const view = item.kind === "ComponentDecl"
        ? cx.program.componentViews.get(item)
        : cx.program.contracts.find((c) => c.sym.decl === item)?.view;
      for (const mem of item.members) member(cx, m, view, mem);
      return;
    }
  }
}

function member(cx: Checker, m: Module, view: SelfView | undefined, mem: A.ContractMember): void {
  switch (mem.kind) {
    case "StorageDecl":
      attributes(cx, mem.attributes, []);
      for (const f of mem.fields) {
        attributes(cx, f.attributes, []);
        cx.typeOf(f.type, true);
      }
      return;
    case "EventDecl":
    case "ErrorDecl":
      attributes(cx, mem.attributes, []);
      fields(cx, mem.fields, mem.kind === "EventDecl");
      return;
    case "ConstDecl":
      attributes(cx, mem.attributes, []);
      constDecl(cx, m, view, mem);
      return;
    case "FnDecl":
      fn(cx, m, view, mem);
      return;
    case "InitDecl": {
      attributes(cx, mem.attributes, []);
      const b = body(m, view, "init", "init", UNIT);
      b.isPayable = mem.payable;
      params(cx, b, mem.params);
      runBody(cx, b, mem.body, mem.span);
      return;
    }
    case "InvariantDecl": {
      attributes(cx, mem.attributes, []);
      const b = body(m, view, mem.name.text, "invariant", BOOL);
      params(cx, b, mem.params);
      const t = checkBlockExpr(cx, b, mem.body, BOOL);
      if (mem.body.tail) cx.expect(mem.body.tail.span, BOOL, t);
      else if (!b.flow.dead) cx.expect(mem.body.span, BOOL, UNIT, ["an invariant's body ends with a `bool` expression, without `;`"]);
      return;
    }
    case "UseDecl":
      attributes(cx, mem.attributes, []);
      return;
  }
}

function fields(cx: Checker, fs: A.FieldDecl[], isEvent: boolean): void {
  for (const f of fs) {
    attributes(cx, f.attributes, isEvent ? ["indexed"] : []);
    cx.typeOf(f.type);
  }
}

/** `#[inline]` is a hint to lowering; `#[reentrant]` and `#[indexed]` have meaning (docs/language.md). */
const KNOWN_ATTRIBUTES = new Set(["reentrant", "indexed", "inline"]);

function attributes(cx: Checker, attrs: A.Attribute[], allowed: string[]): void {
  for (const a of attrs) {
    const n = a.name.text;
    if (allowed.includes(n)) continue;
    if (n === "reentrant") {
      cx.sink.error("E0407", a.span, { detail: "it does not apply here" });
      continue;
    }
    const hints = KNOWN_ATTRIBUTES.has(n)
      ? [`\`#[${n}]\` applies only to ${n === "indexed" ? "event fields" : "functions"}`]
      : [];
    cx.sink.error("E0409", a.span, { name: n }, { hints });
  }
}

function signature(cx: Checker, f: A.FnDecl): { params: Type[]; ret: Type } {
  return { params: f.params.map((p) => cx.typeOf(p.type)), ret: f.returnType ? cx.typeOf(f.returnType) : UNIT };
}

function params(cx: Checker, b: Body, ps: A.Param[]): void {
  for (const p of ps) {
    const local = cx.program.locals.get(p);
    const t = cx.typeOf(p.type);
    if (local) {
      cx.out.localTypes.set(local, t);
      b.flow.must.add(local);
      b.flow.may.add(local);
    }
  }
}

function fn(cx: Checker, m: Module, view: SelfView | undefined, f: A.FnDecl): void {
  attributes(cx, f.attributes, view ? ["reentrant", "inline"] : ["inline"]);
  const reentrant = f.attributes.some((a) => a.name.text === "reentrant");
  if (view) {
    if (f.payable && (!f.isPub || f.view)) {
      cx.sink.error("E0406", f.name.span, { detail: f.view ? "a view function cannot receive value" : "an internal function is not an entry point" });
    }
    if (reentrant && (!f.isPub || f.view)) {
      cx.sink.error("E0407", f.name.span, { detail: f.view ? "a view function cannot be re-entered to change state" : "an internal function is not an entry point" });
    }
  }
  const sig = signature(cx, f);
  if (!f.body) return;
  const b = body(m, view, f.name.text, "fn", sig.ret);
  b.isView = f.view;
  b.isPayable = f.payable;
  b.isEntry = f.isPub && view !== undefined;
  b.reentrant = reentrant;
  params(cx, b, f.params);
  runBody(cx, b, f.body, f.name.span);
}

/** Checks a function-like body and that it returns on every path (E0502). */
function runBody(cx: Checker, b: Body, block: A.Block, nameSpan: A.Ident["span"]): void {
  const t = checkBlockExpr(cx, b, block, b.returnType);
  const unit = b.returnType.kind === "tuple" && b.returnType.elems.length === 0;
  if (block.tail) {
    const tt = cx.out.exprTypes.get(block.tail) ?? t;
    // `fn f() -> u8 { if c { return 1; } }`: the tail is a statement-like `if` of type (), so the
    // real problem is a path without a return, not a type mismatch.
    const tailIsUnit = tt.kind === "tuple" && tt.elems.length === 0;
    if (!unit && tailIsUnit && !b.flow.dead && b.returnType.kind !== "error") {
      cx.sink.error("E0502", nameSpan, { fn: b.name, type: show(b.returnType) }, {
        hints: ["add a `return` at the end, or end the body with the value as an expression"],
      });
      return;
    }
    cx.expect(block.tail.span, b.returnType, tt);
    return;
  }
  if (!unit && !b.flow.dead && b.returnType.kind !== "error") {
    cx.sink.error("E0502", nameSpan, { fn: b.name, type: show(b.returnType) }, {
      hints: ["add a `return` at the end, or end the body with the value as an expression"],
    });
  }
}

function constDecl(cx: Checker, m: Module, view: SelfView | undefined, c: A.ConstDecl): void {
  const t = cx.typeOf(c.type);
  const b = body(m, view, c.name.text, "const", t);
  const vt = checkExpr(cx, b, c.value, t);
  cx.expect(c.value.span, t, vt);
  if (!cx.isConstExpr(c.value)) cx.sink.error("E0323", c.value.span, { name: c.name.text });
}

function conformance(cx: Checker, contract: A.ContractDecl, entryPoints: OwnedFn[], ifaces: A.InterfaceDecl[]): void {
  for (const iface of ifaces) {
    for (const want of iface.fns) {
      const have = entryPoints.find((f) => f.decl.name.text === want.name.text);
      if (!have) {
        cx.sink.error("E0315", contract.name.span, { contract: contract.name.text, name: want.name.text, iface: iface.name.text }, {
          related: [{ span: want.span, message: "required by this declaration" }],
        });
        continue;
      }
      const a = signature(cx, want);
      const h = signature(cx, have.decl);
      const problems: string[] = [];
      if (a.params.length !== h.params.length) problems.push(`expected ${a.params.length} parameter(s), found ${h.params.length}`);
      else a.params.forEach((t, i) => {
        if (!typeEq(t, h.params[i]!) && t.kind !== "error" && h.params[i]!.kind !== "error") {
          problems.push(`parameter ${i + 1} is \`${show(h.params[i]!)}\`, expected \`${show(t)}\``);
        }
      });
      if (!typeEq(a.ret, h.ret) && a.ret.kind !== "error" && h.ret.kind !== "error") problems.push(`returns \`${show(h.ret)}\`, expected \`${show(a.ret)}\``);
      if (want.view !== have.decl.view) problems.push(want.view ? "the interface declares it `view`" : "the interface does not declare it `view`");
      if (problems.length > 0) {
        cx.sink.error("E0316", have.decl.name.span, { name: want.name.text, iface: iface.name.text, detail: problems.join("; ") }, {
          related: [{ span: want.span, message: "interface declaration here" }],
        });
      }
    }
  }
}

function unusedInternalFns(cx: Checker): void {
  const called = new Set<A.FnDecl>();
  for (const t of cx.out.calls.values()) if (t.kind === "self") called.add(t.fn.decl);
  for (const p of cx.program.order) {
    for (const item of cx.program.modules.get(p)!.ast.items) {
      // Components are libraries: their internal functions exist for the contracts that use them.
      if (item.kind !== "ContractDecl") continue;
      for (const mem of item.members) {
        if (mem.kind === "FnDecl" && !mem.isPub && !called.has(mem) && !mem.name.text.startsWith("_")) {
          cx.sink.warn("W0006", mem.name.span, { name: mem.name.text });
        }
      }
    }
  }
}

