// Binds every name use inside item signatures and bodies: value paths, type names, struct-literal
// / emit / revert paths, and patterns. Locals are scoped lexically (a `let` is visible after its
// statement; match bindings inside their arm). Unused locals are reported here (W0001, W0004)
// because this is where uses are counted.

import type * as A from "../ast/ast.js";
import { ErrorEmitted, type DiagnosticSink } from "../diagnostics/sink.js";
import { didYouMeanHint } from "../diagnostics/suggest.js";
import type { BuiltinValue, ItemSym, Local, Module, PrimName, ResolvedProgram, SelfView, TypeRef, ValueRef, VariantRef } from "./ast.js";

export const PRIM_NAMES: readonly PrimName[] = [
  "bool", "address", "bytes32", "bytes", "string",
  "u8", "u16", "u32", "u64", "u128", "u256",
  "i8", "i16", "i32", "i64", "i128", "i256",
];
const GENERICS = ["Vec", "Map", "Option", "Result"] as const;
export const BUILTIN_VALUES: readonly BuiltinValue[] = [
  "msg", "tx", "block", "chain", "gas", "transfer", "balance", "sha256", "keccak256", "blake3",
  "ed25519_verify", "abi_encode", "address", "Some", "None", "Ok", "Err",
];
/** Methods that mutate their receiver in place; calling one counts as an assignment. */
export const MUTATING_METHODS: ReadonlySet<string> = new Set(["push", "pop", "remove", "insert", "clear"]);

interface Ctx {
  module: Module;
  view: SelfView | undefined;
  scopes: Map<string, Local>[];
  /** Every local of the body being walked, for the unused-variable pass at its end. */
  bodyLocals: Local[];
}

type StructPathUse = "struct" | "event" | "error";

export class BodyResolver {
  /** Items named at least once from a body or signature (drives the unused-import warning). */
  readonly usedItems = new Set<ItemSym>();
  private nextLocal = 0;

  constructor(private readonly program: ResolvedProgram, private readonly sink: DiagnosticSink) {}

  resolveAll(): void {
    for (const p of this.program.order) {
      const module = this.program.modules.get(p)!;
      for (const item of module.ast.items) this.item(item, module);
    }
  }

  private item(item: A.Item, module: Module): void {
    const ctx = (view?: SelfView): Ctx => ({ module, view, scopes: [], bodyLocals: [] });
    switch (item.kind) {
      case "StructDecl":
      case "EventDecl":
      case "ErrorDecl":
        for (const f of item.fields) this.type(f.type, ctx());
        return;
      case "EnumDecl":
        for (const v of item.variants) {
          if (v.payload?.kind === "TuplePayload") for (const t of v.payload.types) this.type(t, ctx());
          else if (v.payload?.kind === "StructPayload") for (const f of v.payload.fields) this.type(f.type, ctx());
        }
        return;
      case "TypeAliasDecl":
        this.type(item.type, ctx());
        return;
      case "ConstDecl":
        this.type(item.type, ctx());
        this.expr(item.value, ctx());
        return;
      case "FnDecl":
        this.fn(item, ctx());
        return;
      case "InterfaceDecl":
        for (const f of item.fns) this.fn(f, ctx());
        return;
      case "ContractDecl":
      case "ComponentDecl": {
        const view =
          item.kind === "ComponentDecl"
            ? this.program.componentViews.get(item)
            : this.program.contracts.find((c) => c.sym.decl === item)?.view;
        for (const mem of item.members) this.member(mem, ctx(view));
        return;
      }
    }
  }

  private member(mem: A.ContractMember, c: Ctx): void {
    switch (mem.kind) {
      case "StorageDecl":
        for (const f of mem.fields) this.type(f.type, c);
        return;
      case "EventDecl":
      case "ErrorDecl":
        for (const f of mem.fields) this.type(f.type, c);
        return;
      case "ConstDecl":
        this.type(mem.type, c);
        this.expr(mem.value, c);
        return;
      case "FnDecl":
        this.fn(mem, c);
        return;
      case "InitDecl":
      case "InvariantDecl":
        this.body(mem.params, mem.body, c);
        return;
      case "UseDecl":
        return; // composed by compose.ts
    }
  }

  private fn(f: A.FnDecl, c: Ctx): void {
    if (f.returnType) this.type(f.returnType, c);
    if (f.body) this.body(f.params, f.body, c);
    else for (const p of f.params) this.type(p.type, c);
  }

  private body(params: A.Param[], body: A.Block, c: Ctx): void {
    c.scopes = [new Map()];
    c.bodyLocals = [];
    for (const p of params) {
      this.type(p.type, c);
      const local = this.declare(p.name, false, "param", c);
      this.program.locals.set(p, local);
    }
    this.block(body, c);
    for (const l of c.bodyLocals) {
      if (l.name.startsWith("_")) continue;
      if (l.uses === 0 && l.origin !== "param") this.sink.warn("W0001", l.span, { name: l.name }, {
        hints: [`if this is intentional, prefix it with an underscore: \`_${l.name}\``],
      });
      else if (l.mutable && l.assignments === 0) this.sink.warn("W0004", l.span, { name: l.name }, {
        hints: ["remove `mut`"],
      });
    }
  }

  private declare(name: A.Ident, mutable: boolean, origin: Local["origin"], c: Ctx): Local {
    const local: Local = { id: this.nextLocal++, name: name.text, mutable, span: name.span, origin, uses: 0, assignments: 0 };
    const scope = c.scopes[c.scopes.length - 1]!;
    const prev = scope.get(name.text);
    // Shadowing across `let`s is allowed (as in Rust); two parameters with one name are not.
    if (prev && origin === "param") {
      this.sink.error("E0202", name.span, { name: name.text }, {
        related: [{ span: prev.span, message: `previous definition of \`${name.text}\` here` }],
      });
    }
    scope.set(name.text, local);
    c.bodyLocals.push(local);
    return local;
  }

  private lookupLocal(name: string, c: Ctx): Local | undefined {
    for (let i = c.scopes.length - 1; i >= 0; i--) {
      const l = c.scopes[i]!.get(name);
      if (l) return l;
    }
    return undefined;
  }

  private lookupItem(name: string, c: Ctx): ItemSym | undefined {
    const s = c.module.scope.get(name);
    if (s) this.usedItems.add(s);
    return s;
  }

  // ---- types ---------------------------------------------------------------------------------

  type(t: A.TypeExpr, c: Ctx): void {
    switch (t.kind) {
      case "MissingType":
        return;
      case "ArrayType":
        this.type(t.elem, c);
        this.expr(t.size, c);
        return;
      case "TupleType":
        for (const e of t.elems) this.type(e, c);
        return;
      case "NamedType": {
        for (const a of t.args) this.type(a, c);
        const ref = this.typeRef(t.path, c);
        if (!(ref instanceof ErrorEmitted)) this.program.types.set(t, ref);
        return;
      }
    }
  }

  private typeRef(p: A.Path, c: Ctx): TypeRef | ErrorEmitted {
    const last = p.segments[p.segments.length - 1]!;
    const name = last.text;
    if (p.segments.length === 1) {
      if ((PRIM_NAMES as readonly string[]).includes(name)) return { kind: "prim", name: name as PrimName };
      if ((GENERICS as readonly string[]).includes(name)) return { kind: "generic", name: name as (typeof GENERICS)[number] };
      if (name === "CallError") return { kind: "callError" };
      const sym = this.lookupItem(name, c);
      if (sym) {
        if (sym.kind === "struct" || sym.kind === "enum" || sym.kind === "alias" || sym.kind === "interface") {
          return { kind: "item", sym };
        }
        return this.sink.error("E0214", p.span, { expected: "a type", found: describe(sym.kind), name });
      }
    }
    const candidates = [
      ...PRIM_NAMES, ...GENERICS, "CallError",
      ...[...c.module.scope.values()].filter((s) => ["struct", "enum", "alias", "interface"].includes(s.kind)).map((s) => s.name),
    ];
    return this.sink.error("E0203", p.span, { name: p.segments.map((s) => s.text).join("::") }, {
      hints: didYouMeanHint(name, candidates),
    });
  }

  // ---- statements ------------------------------------------------------------------------------

  private block(b: A.Block, c: Ctx): void {
    c.scopes.push(new Map());
    for (const s of b.stmts) this.stmt(s, c);
    if (b.tail) this.expr(b.tail, c);
    c.scopes.pop();
  }

  private stmt(s: A.Stmt, c: Ctx): void {
    switch (s.kind) {
      case "LetStmt":
        if (s.type) this.type(s.type, c);
        if (s.init) this.expr(s.init, c);
        this.pattern(s.pattern, "let", c);
        return;
      case "AssignStmt":
        this.expr(s.value, c);
        this.assignTarget(s.target, s.op === "=", c);
        return;
      case "ExprStmt":
        this.expr(s.expr, c);
        return;
      case "WhileStmt":
        this.expr(s.cond, c);
        this.block(s.body, c);
        return;
      case "ForStmt":
        this.expr(s.iter, c);
        c.scopes.push(new Map());
        this.pattern(s.binding, "for", c);
        this.block(s.body, c);
        c.scopes.pop();
        return;
      case "BreakStmt":
      case "ContinueStmt":
        return;
      case "ReturnStmt":
        if (s.value) this.expr(s.value, c);
        return;
      case "EmitStmt":
        this.structPath(s.event, "event", c);
        for (const f of s.fields) this.expr(f.value, c);
        return;
      case "RevertStmt":
        this.reason(s.reason, c);
        return;
      case "RequireStmt":
        this.expr(s.cond, c);
        if (s.reason) this.reason(s.reason, c);
        return;
      case "AssertStmt":
        this.expr(s.cond, c);
        if (s.message) this.expr(s.message, c);
        return;
    }
  }

  /** A revert/require reason: an error literal, a field-less error name, or text. */
  private reason(e: A.Expr, c: Ctx): void {
    if (e.kind === "StructLit") {
      this.structPath(e.path, "error", c);
      for (const f of e.fields) this.expr(f.value, c);
    } else if (e.kind === "PathExpr" && e.path.segments.length === 1) {
      const ref = this.findStructPath(e.path, "error", c);
      if (!(ref instanceof ErrorEmitted)) {
        this.program.values.set(e, ref);
        this.program.structPaths.set(e.path, ref);
      }
    } else this.expr(e, c);
  }

  private assignTarget(t: A.Expr, plain: boolean, c: Ctx): void {
    let root: A.Expr = t;
    while (root.kind === "FieldExpr" || root.kind === "IndexExpr" || root.kind === "TupleIndexExpr") {
      if (root.kind === "IndexExpr") this.expr(root.index, c);
      root = root.target;
    }
    if (root.kind === "PathExpr" && root.path.segments.length === 1) {
      const local = this.lookupLocal(root.path.segments[0]!.text, c);
      if (local) {
        this.program.values.set(root, { kind: "local", local });
        local.assignments++;
        // `x = v` does not read x; `x += v` and `x.f = v` do (the latter reads the rest of x).
        if (!plain || root !== t) local.uses++;
        return;
      }
    }
    this.expr(root, c);
  }

  // ---- expressions -----------------------------------------------------------------------------

  expr(e: A.Expr, c: Ctx): void {
    switch (e.kind) {
      case "IntLit":
      case "BoolLit":
      case "StringLit":
      case "BytesLit":
      case "MissingExpr":
        return;
      case "SelfExpr":
        if (!c.view) this.sink.error("E0213", e.span);
        return;
      case "PathExpr":
        this.valuePath(e, c);
        return;
      case "UnaryExpr":
        this.expr(e.operand, c);
        return;
      case "BinaryExpr":
        this.expr(e.left, c);
        this.expr(e.right, c);
        return;
      case "CastExpr":
        this.expr(e.expr, c);
        this.type(e.type, c);
        return;
      case "CallExpr":
        this.expr(e.callee, c);
        for (const a of e.args) this.expr(a, c);
        if (e.options) for (const f of e.options.fields) this.expr(f.value, c);
        return;
      case "MethodCallExpr":
        this.expr(e.receiver, c);
        for (const a of e.args) this.expr(a, c);
        if (e.options) for (const f of e.options.fields) this.expr(f.value, c);
        if (MUTATING_METHODS.has(e.method.text) && e.receiver.kind === "PathExpr") {
          const ref = this.program.values.get(e.receiver);
          if (ref?.kind === "local") ref.local.assignments++;
        }
        return;
      case "FieldExpr":
      case "TupleIndexExpr":
        this.expr(e.target, c);
        return;
      case "IndexExpr":
        this.expr(e.target, c);
        this.expr(e.index, c);
        return;
      case "StructLit":
        this.structPath(e.path, "struct", c);
        for (const f of e.fields) this.expr(f.value, c);
        return;
      case "TupleLit":
      case "ArrayLit":
        for (const x of e.elems) this.expr(x, c);
        return;
      case "ArrayRepeat":
        this.expr(e.value, c);
        this.expr(e.count, c);
        return;
      case "TryExpr":
        this.expr(e.expr, c);
        return;
      case "IfExpr":
        this.expr(e.cond, c);
        this.block(e.then, c);
        if (e.else?.kind === "Block") this.block(e.else, c);
        else if (e.else) this.expr(e.else, c);
        return;
      case "MatchExpr":
        this.expr(e.scrutinee, c);
        for (const arm of e.arms) {
          c.scopes.push(new Map());
          this.pattern(arm.pattern, "match", c);
          if (arm.guard) this.expr(arm.guard, c);
          this.expr(arm.body, c);
          c.scopes.pop();
        }
        return;
      case "BlockExpr":
        this.block(e.block, c);
        return;
      case "RangeExpr":
        this.expr(e.start, c);
        this.expr(e.end, c);
        return;
    }
  }

  private valuePath(e: A.PathExpr, c: Ctx): void {
    const segs = e.path.segments;
    const first = segs[0]!.text;
    if (segs.length === 1) {
      const local = this.lookupLocal(first, c);
      if (local) {
        local.uses++;
        this.program.values.set(e, { kind: "local", local });
        return;
      }
      const member = c.view?.members.get(first);
      if (member) {
        this.program.values.set(e, { kind: "member", sym: member });
        return;
      }
      const sym = this.lookupItem(first, c);
      if (sym) {
        this.program.values.set(e, { kind: "item", sym });
        return;
      }
      if ((BUILTIN_VALUES as readonly string[]).includes(first)) {
        const name = first as BuiltinValue;
        if (name === "Some" || name === "None") this.program.values.set(e, { kind: "variant", variant: { kind: "option", name } });
        else if (name === "Ok" || name === "Err") this.program.values.set(e, { kind: "variant", variant: { kind: "result", name } });
        else this.program.values.set(e, { kind: "builtin", name });
        return;
      }
      const candidates: string[] = [...BUILTIN_VALUES, ...c.module.scope.keys(), ...(c.view?.members.keys() ?? [])];
      for (const s of c.scopes) candidates.push(...s.keys());
      const hints = didYouMeanHint(first, candidates);
      if (c.view?.storage.has(first) || c.view?.fns.has(first)) hints.push(`\`${first}\` is a member of the contract: write \`self.${first}\``);
      this.sink.error("E0201", e.span, { name: first }, { hints });
      return;
    }
    const v = this.variantPath(e.path, c);
    if (!(v instanceof ErrorEmitted)) this.program.values.set(e, { kind: "variant", variant: v });
  }

  /** `Enum::Variant` → the variant, or a diagnostic. */
  private variantPath(p: A.Path, c: Ctx): VariantRef | ErrorEmitted {
    const segs = p.segments;
    if (segs.length !== 2) {
      return this.sink.error("E0201", p.span, { name: segs.map((s) => s.text).join("::") });
    }
    const enumName = segs[0]!;
    const sym = this.lookupItem(enumName.text, c);
    if (!sym) {
      const candidates = [...c.module.scope.values()].filter((s) => s.kind === "enum").map((s) => s.name);
      return this.sink.error("E0203", enumName.span, { name: enumName.text }, { hints: didYouMeanHint(enumName.text, candidates) });
    }
    if (sym.kind !== "enum") {
      return this.sink.error("E0214", enumName.span, { expected: "an enum", found: describe(sym.kind), name: enumName.text });
    }
    const vname = segs[1]!;
    const index = sym.decl.variants.findIndex((v) => v.name.text === vname.text);
    if (index < 0) {
      return this.sink.error("E0218", vname.span, { enum: sym.name, name: vname.text }, {
        hints: didYouMeanHint(vname.text, sym.decl.variants.map((v) => v.name.text)),
      });
    }
    return { kind: "enum", sym, variant: sym.decl.variants[index]!, index };
  }

  private findStructPath(p: A.Path, use: StructPathUse, c: Ctx): ValueRef | ErrorEmitted {
    if (p.segments.length === 2) {
      const v = this.variantPath(p, c);
      return v instanceof ErrorEmitted ? v : { kind: "variant", variant: v };
    }
    const name = p.segments[0]!.text;
    const member = c.view?.members.get(name);
    if (member) return { kind: "member", sym: member };
    const sym = this.lookupItem(name, c);
    if (sym) return { kind: "item", sym };
    const wanted = use === "struct" ? ["struct", "event", "error"] : [use];
    const candidates = [
      ...[...c.module.scope.values()].filter((s) => wanted.includes(s.kind)).map((s) => s.name),
      ...[...(c.view?.members.values() ?? [])].filter((s) => wanted.includes(s.kind)).map((s) => s.name),
    ];
    const code = use === "event" ? "E0211" : use === "error" ? "E0212" : "E0203";
    return this.sink.error(code, p.span, { name }, { hints: didYouMeanHint(name, candidates) });
  }

  private structPath(p: A.Path, use: StructPathUse, c: Ctx): void {
    const ref = this.findStructPath(p, use, c);
    if (!(ref instanceof ErrorEmitted)) this.program.structPaths.set(p, ref);
  }

  // ---- patterns --------------------------------------------------------------------------------

  private pattern(p: A.Pattern, origin: Local["origin"], c: Ctx): void {
    switch (p.kind) {
      case "WildcardPattern":
      case "LiteralPattern":
        return;
      case "IdentPattern":
        // A lone `None` names the variant, as in Rust; every other identifier binds.
        if (p.name.text === "None" && !p.mutable && !this.lookupLocal("None", c)) {
          this.program.patterns.set(p, { kind: "option", name: "None" });
          return;
        }
        this.program.locals.set(p, this.declare(p.name, p.mutable, origin, c));
        return;
      case "TuplePattern":
        for (const e of p.elems) this.pattern(e, origin, c);
        return;
      case "VariantPattern": {
        const segs = p.path.segments;
        let v: VariantRef | ErrorEmitted;
        if (segs.length === 1) {
          const n = segs[0]!.text;
          if (n === "Some" || n === "None") v = { kind: "option", name: n };
          else if (n === "Ok" || n === "Err") v = { kind: "result", name: n };
          else v = this.sink.error("E0218", p.path.span, { enum: "Option/Result", name: n }, {
            hints: [...didYouMeanHint(n, ["Some", "None", "Ok", "Err"]), "name enum variants with their enum: `Enum::Variant`"],
          });
        } else v = this.variantPath(p.path, c);
        if (!(v instanceof ErrorEmitted)) this.program.patterns.set(p, v);
        if (p.payload?.kind === "TuplePayloadPattern") for (const e of p.payload.elems) this.pattern(e, origin, c);
        else if (p.payload?.kind === "StructPayloadPattern") for (const f of p.payload.fields) this.pattern(f.pattern, origin, c);
        return;
      }
    }
  }
}

function describe(kind: ItemSym["kind"]): string {
  return kind === "fn" ? "function" : kind === "alias" ? "type alias" : kind;
}
