// Recursive struct and enum types (E0207). Silk values are stored inline, so a struct that
// contains itself — directly, through an array, tuple, Option or Result, or through an enum
// payload — would have infinite size. `Vec<T>` is the indirection that breaks a cycle, as Box
// does in Rust.

import type * as A from "../ast/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import type { ItemSym, Module } from "./ast.js";

type Aggregate = ItemSym & { kind: "struct" | "enum" };

export function checkRecursiveStructs(modules: Map<string, Module>, sink: DiagnosticSink): void {
  const reported = new Set<Aggregate["decl"]>();
  for (const m of modules.values()) {
    for (const sym of m.scope.values()) {
      if ((sym.kind !== "struct" && sym.kind !== "enum") || sym.module !== m.path) continue;
      if (reported.has(sym.decl)) continue;
      if (reaches(sym, sym, modules, new Set())) {
        reported.add(sym.decl);
        sink.error("E0207", sym.decl.name.span, { name: sym.name }, {
          hints: [`wrap the recursive field in \`Vec<…>\` to give it a finite size`],
        });
      }
    }
  }
}

function reaches(from: Aggregate, goal: Aggregate, modules: Map<string, Module>, seen: Set<unknown>): boolean {
  if (seen.has(from.decl)) return false;
  seen.add(from.decl);
  const scope = modules.get(from.module)?.scope;
  if (!scope) return false;
  for (const t of fieldTypes(from)) {
    for (const inner of inlineNames(t, scope, modules, new Set())) {
      if (inner.decl === goal.decl) return true;
      if (reaches(inner, goal, modules, seen)) return true;
    }
  }
  return false;
}

function fieldTypes(sym: Aggregate): A.TypeExpr[] {
  if (sym.kind === "struct") return sym.decl.fields.map((f) => f.type);
  const out: A.TypeExpr[] = [];
  for (const v of sym.decl.variants) {
    if (v.payload?.kind === "TuplePayload") out.push(...v.payload.types);
    else if (v.payload?.kind === "StructPayload") out.push(...v.payload.fields.map((f) => f.type));
  }
  return out;
}

/** Aggregates a type holds inline (not behind a Vec), following type aliases. */
function inlineNames(t: A.TypeExpr, scope: Map<string, ItemSym>, modules: Map<string, Module>, aliases: Set<unknown>): Aggregate[] {
  switch (t.kind) {
    case "ArrayType":
      return inlineNames(t.elem, scope, modules, aliases);
    case "TupleType":
      return t.elems.flatMap((e) => inlineNames(e, scope, modules, aliases));
    case "MissingType":
      return [];
    case "NamedType": {
      if (t.path.segments.length !== 1) return [];
      const name = t.path.segments[0]!.text;
      if (name === "Vec" || name === "Map") return [];
      if (name === "Option" || name === "Result") return t.args.flatMap((a) => inlineNames(a, scope, modules, aliases));
      const sym = scope.get(name);
      if (!sym) return [];
      if (sym.kind === "struct" || sym.kind === "enum") return [sym];
      if (sym.kind === "alias" && !aliases.has(sym.decl)) {
        aliases.add(sym.decl);
        const s = modules.get(sym.module)?.scope ?? scope;
        return inlineNames(sym.decl.type, s, modules, aliases);
      }
      return [];
    }
  }
}
