// CST → AST for the file, items and contract members.

import type { IToken } from "./chevrotain.js";
import type * as A from "../ast/ast.js";
import type * as C from "./cst.generated.js";
import { decodeString } from "./lex.js";
import { buildBlock } from "./visit-stmt.js";
import { buildExpr, missingExpr } from "./visit-expr.js";
import { buildPath, buildType, buildTypeList, missingType } from "./visit-types.js";
import type { BuildContext } from "./visit-context.js";

export function buildSourceFile(ctx: BuildContext, node: C.SourceFileCstNode): A.SourceFile {
  const imports = (node.children.importDecl ?? []).map((n) => buildImport(ctx, n));
  const items: A.Item[] = [];
  for (const n of node.children.item ?? []) {
    const it = buildItem(ctx, n);
    if (it) items.push(it);
  }
  return { kind: "SourceFile", file: ctx.file, imports, items, span: ctx.at(0, ctx.text.length) };
}

function buildImport(ctx: BuildContext, node: C.ImportDeclCstNode): A.ImportDecl {
  const c = node.children;
  const names = (c.importNameList?.[0]?.children.importName ?? []).map((n): A.ImportName => {
    const ids = n.children.Identifier ?? [];
    return {
      kind: "ImportName",
      name: ctx.ident(ids[0]),
      alias: n.children.As ? ctx.ident(ids[1]) : undefined,
      span: ctx.span(n),
    };
  });
  const str = c.StringLit?.[0];
  return { kind: "ImportDecl", names, from: str ? decodeString(str.image).value : "", span: ctx.span(node) };
}

export function buildAttributes(ctx: BuildContext, nodes: C.AttributeCstNode[] | undefined): A.Attribute[] {
  return (nodes ?? []).map((n) => {
    const ids = n.children.Identifier ?? [];
    return ctx.attribute(ids[0], ids.slice(1), ctx.span(n));
  });
}

type Where = "item" | "member" | "interface";

function buildItem(ctx: BuildContext, node: C.ItemCstNode): A.Item | undefined {
  const c = node.children;
  const span = ctx.span(node);
  const base = { docs: ctx.docsBefore(span.start), attributes: buildAttributes(ctx, c.attribute), span };
  if (c.contractDecl?.[0]) return buildContract(ctx, c.contractDecl[0], base);
  if (c.componentDecl?.[0]) return buildComponent(ctx, c.componentDecl[0], base);
  if (c.interfaceDecl?.[0]) return buildInterface(ctx, c.interfaceDecl[0], base);
  if (c.structDecl?.[0]) {
    const s = c.structDecl[0].children;
    return { kind: "StructDecl", ...base, name: ctx.ident(s.Identifier?.[0]), fields: buildFields(ctx, s.fieldList?.[0]) };
  }
  if (c.enumDecl?.[0]) return buildEnum(ctx, c.enumDecl[0], base);
  if (c.constDecl?.[0]) return buildConst(ctx, c.constDecl[0], base);
  if (c.typeAliasDecl?.[0]) {
    const t = c.typeAliasDecl[0].children;
    return { kind: "TypeAliasDecl", ...base, name: ctx.ident(t.Identifier?.[0]), type: typeOr(ctx, t.type?.[0]) };
  }
  if (c.eventDecl?.[0]) return buildEventOrError(ctx, "EventDecl", c.eventDecl[0].children, base);
  if (c.errorDecl?.[0]) return buildEventOrError(ctx, "ErrorDecl", c.errorDecl[0].children, base);
  if (c.fnDecl?.[0]) {
    // A top-level `init` was reported by buildFn; it has no place in the tree.
    const f = buildFn(ctx, c.fnDecl[0], base, "item");
    return f.kind === "FnDecl" ? f : undefined;
  }
  return undefined;
}

interface Base {
  docs: string[];
  attributes: A.Attribute[];
  span: A.Span;
}

function buildContract(ctx: BuildContext, node: C.ContractDeclCstNode, base: Base): A.ContractDecl {
  const c = node.children;
  return {
    kind: "ContractDecl",
    ...base,
    name: ctx.ident(c.Identifier?.[0]),
    implements: (c.path ?? []).map((p) => buildPath(ctx, p)),
    members: buildMembers(ctx, c.member),
  };
}

function buildComponent(ctx: BuildContext, node: C.ComponentDeclCstNode, base: Base): A.ComponentDecl {
  const c = node.children;
  return { kind: "ComponentDecl", ...base, name: ctx.ident(c.Identifier?.[0]), members: buildMembers(ctx, c.member) };
}

function buildMembers(ctx: BuildContext, nodes: C.MemberCstNode[] | undefined): A.ContractMember[] {
  const out: A.ContractMember[] = [];
  for (const n of nodes ?? []) {
    const m = buildMember(ctx, n);
    if (m) out.push(m);
  }
  return out;
}

function buildMember(ctx: BuildContext, node: C.MemberCstNode): A.ContractMember | undefined {
  const c = node.children;
  const span = ctx.span(node);
  const base = { docs: ctx.docsBefore(span.start), attributes: buildAttributes(ctx, c.attribute), span };
  if (c.storageDecl?.[0]) {
    return { kind: "StorageDecl", ...base, fields: buildFields(ctx, c.storageDecl[0].children.fieldList?.[0]) };
  }
  if (c.eventDecl?.[0]) return buildEventOrError(ctx, "EventDecl", c.eventDecl[0].children, base);
  if (c.errorDecl?.[0]) return buildEventOrError(ctx, "ErrorDecl", c.errorDecl[0].children, base);
  if (c.invariantDecl?.[0]) {
    const i = c.invariantDecl[0].children;
    return {
      kind: "InvariantDecl",
      ...base,
      name: ctx.ident(i.Identifier?.[0]),
      params: buildParams(ctx, i.paramList?.[0]),
      body: buildBlock(ctx, i.block?.[0]),
    };
  }
  if (c.useDecl?.[0]) {
    const u = c.useDecl[0].children;
    return { kind: "UseDecl", ...base, component: u.path?.[0] ? buildPath(ctx, u.path[0]) : ctx.path([], span) };
  }
  if (c.constDecl?.[0]) return buildConst(ctx, c.constDecl[0], base);
  if (c.fnDecl?.[0]) return buildFn(ctx, c.fnDecl[0], base, "member");
  return undefined;
}

function buildInterface(ctx: BuildContext, node: C.InterfaceDeclCstNode, base: Base): A.InterfaceDecl {
  const c = node.children;
  const fns: A.FnDecl[] = [];
  for (const m of c.interfaceMember ?? []) {
    const f = m.children.fnDecl?.[0];
    if (!f) continue;
    const span = ctx.span(m);
    const mb = { docs: ctx.docsBefore(span.start), attributes: buildAttributes(ctx, m.children.attribute), span };
    const built = buildFn(ctx, f, mb, "interface");
    if (built.kind === "FnDecl") fns.push(built);
  }
  return { kind: "InterfaceDecl", ...base, name: ctx.ident(c.Identifier?.[0]), fns };
}

function buildEnum(ctx: BuildContext, node: C.EnumDeclCstNode, base: Base): A.EnumDecl {
  const c = node.children;
  const variants = (c.variantDecl ?? []).map((v): A.VariantDecl => {
    const vc = v.children;
    const span = ctx.span(v);
    const vb = { docs: ctx.docsBefore(span.start), attributes: buildAttributes(ctx, vc.attribute), span };
    let payload: A.VariantPayloadDecl | undefined;
    if (vc.LParen) {
      const lp = ctx.tokSpan(vc.LParen[0]);
      payload = { kind: "TuplePayload", types: buildTypeList(ctx, vc.typeList?.[0]), span: ctx.join(lp, ctx.tokSpan(vc.RParen?.[0])) };
    } else if (vc.LCurly) {
      const lc = ctx.tokSpan(vc.LCurly[0]);
      payload = { kind: "StructPayload", fields: buildFields(ctx, vc.fieldList?.[0]), span: ctx.join(lc, ctx.tokSpan(vc.RCurly?.[0])) };
    }
    return { kind: "VariantDecl", ...vb, name: ctx.ident(vc.Identifier?.[0]), payload };
  });
  return { kind: "EnumDecl", ...base, name: ctx.ident(c.Identifier?.[0]), variants };
}

function buildConst(ctx: BuildContext, node: C.ConstDeclCstNode, base: Base): A.ConstDecl {
  const c = node.children;
  return {
    kind: "ConstDecl",
    ...base,
    name: ctx.ident(c.Identifier?.[0]),
    type: typeOr(ctx, c.type?.[0]),
    value: c.expr?.[0] ? buildExpr(ctx, c.expr[0]) : missingExpr(ctx),
  };
}

function buildEventOrError<K extends "EventDecl" | "ErrorDecl">(
  ctx: BuildContext,
  kind: K,
  c: { Identifier?: IToken[]; fieldsOrSemi?: C.FieldsOrSemiCstNode[] },
  base: Base,
): (A.EventDecl | A.ErrorDecl) & { kind: K } {
  const fields = buildFields(ctx, c.fieldsOrSemi?.[0]?.children.fieldList?.[0]);
  return { kind, ...base, name: ctx.ident(c.Identifier?.[0]), fields } as (A.EventDecl | A.ErrorDecl) & { kind: K };
}

export function buildFields(ctx: BuildContext, list: C.FieldListCstNode | undefined): A.FieldDecl[] {
  return (list?.children.fieldDecl ?? []).map((f): A.FieldDecl => {
    const c = f.children;
    const span = ctx.span(f);
    return {
      kind: "FieldDecl",
      docs: ctx.docsBefore(span.start),
      attributes: buildAttributes(ctx, c.attribute),
      span,
      name: ctx.ident(c.Identifier?.[0]),
      type: typeOr(ctx, c.type?.[0]),
    };
  });
}

function buildParams(ctx: BuildContext, list: C.ParamListCstNode | undefined): A.Param[] {
  return (list?.children.param ?? []).map((p) => ({
    kind: "Param",
    name: ctx.ident(p.children.Identifier?.[0]),
    type: typeOr(ctx, p.children.type?.[0]),
    span: ctx.span(p),
  }));
}

function typeOr(ctx: BuildContext, node: C.TypeCstNode | undefined): A.TypeExpr {
  return node ? buildType(ctx, node) : missingType(ctx);
}

/** A `fnDecl` CST node is a function, an `init`, or an interface signature, by context. */
function buildFn(ctx: BuildContext, node: C.FnDeclCstNode, base: Base, where: Where): A.FnDecl | A.InitDecl {
  const c = node.children;
  const params = buildParams(ctx, c.paramList?.[0]);
  const body = c.block?.[0] ? buildBlock(ctx, c.block[0]) : undefined;
  const invalid = (detail: string): void => ctx.error("E0105", base.span, { detail });

  if (c.Init) {
    if (where !== "member") invalid("`init` is only allowed inside a contract or component");
    if (c.Pub) invalid("`init` cannot be `pub`: it runs once, at deploy, and is never an entry point");
    if (c.View) invalid("`init` cannot be `view`");
    if (c.Arrow) invalid("`init` cannot return a value");
    if (!body) invalid("`init` needs a body");
    return {
      kind: "InitDecl",
      ...base,
      payable: c.Payable !== undefined,
      params,
      body: body ?? { kind: "Block", stmts: [], tail: undefined, span: base.span },
    };
  }
  if (where === "interface") {
    if (body) invalid("interface functions are signatures: end them with `;` instead of a body");
    if (c.Pub) invalid("interface functions are entry points already; drop `pub`");
  } else if (!body && c.Semi) {
    invalid("a function needs a body; only interface functions end with `;`");
  }
  return {
    kind: "FnDecl",
    ...base,
    isPub: c.Pub !== undefined,
    view: c.View !== undefined,
    payable: c.Payable !== undefined,
    name: ctx.ident(c.Identifier?.[0]),
    params,
    returnType: c.type?.[0] ? buildType(ctx, c.type[0]) : undefined,
    // A missing body was reported (or is a recovery artefact): keep the tree well-formed.
    body: where === "interface" ? undefined : body ?? { kind: "Block", stmts: [], tail: undefined, span: base.span },
  };
}
