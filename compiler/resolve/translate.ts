// resolve/: parsed modules → ResolvedProgram. Order of work:
//   1. import cycles (E0206)            2. each module's own items (duplicates E0202)
//   3. imports bound to items (E0205)   4. recursive struct types (E0207)
//   5. contracts and components composed (compose.ts)
//   6. every body walked and every name bound (bodies.ts), unused imports (W0003)

import type * as A from "../ast/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { didYouMeanHint } from "../diagnostics/suggest.js";
import * as path from "node:path";
import type { ItemSym, Module, ResolvedProgram } from "./ast.js";
import { composeAll } from "./compose.js";
import { BodyResolver } from "./bodies.js";
import { checkRecursiveStructs } from "./recursion.js";

export interface ResolveInput {
  /** Files named on the command line, in order. */
  roots: string[];
  /** Every loaded file (roots and everything they import), by absolute path. */
  files: Map<string, A.SourceFile>;
  /** The file each import declaration resolved to; missing entries were already reported. */
  importTargets: Map<A.ImportDecl, string>;
}

export function resolve(input: ResolveInput, sink: DiagnosticSink): ResolvedProgram {
  const order = loadOrder(input);
  reportCycles(input, order, sink);

  const modules = new Map<string, Module>();
  for (const p of order) {
    const ast = input.files.get(p)!;
    modules.set(p, { path: p, ast, scope: collectItems(ast, p, sink) });
  }
  // Own items are collected for every module before any import is bound, so import order
  // between files does not matter.
  const own = new Map<string, Map<string, ItemSym>>();
  for (const [p, m] of modules) own.set(p, new Map(m.scope));
  const importUses = new Map<A.ImportName, ItemSym>();
  for (const m of modules.values()) bindImports(m, input, own, importUses, sink);

  checkRecursiveStructs(modules, sink);

  const program: ResolvedProgram = {
    modules,
    order,
    contracts: [],
    componentViews: new Map(),
    values: new Map(),
    types: new Map(),
    structPaths: new Map(),
    locals: new Map(),
    patterns: new Map(),
  };
  const bodies = new BodyResolver(program, sink);
  composeAll(program, bodies, sink);
  bodies.resolveAll();

  for (const [imp, sym] of importUses) {
    if (!bodies.usedItems.has(sym)) {
      sink.warn("W0003", (imp.alias ?? imp.name).span, { name: (imp.alias ?? imp.name).text });
    }
  }
  return program;
}

/** Depth-first from the roots, so diagnostics come out in a stable order. */
function loadOrder(input: ResolveInput): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (p: string) => {
    if (seen.has(p) || !input.files.has(p)) return;
    seen.add(p);
    order.push(p);
    for (const imp of input.files.get(p)!.imports) {
      const t = input.importTargets.get(imp);
      if (t !== undefined) visit(t);
    }
  };
  for (const r of input.roots) visit(r);
  for (const p of input.files.keys()) visit(p);
  return order;
}

function reportCycles(input: ResolveInput, order: string[], sink: DiagnosticSink): void {
  const state = new Map<string, "active" | "done">();
  const stack: string[] = [];
  const visit = (p: string) => {
    state.set(p, "active");
    stack.push(p);
    for (const imp of input.files.get(p)?.imports ?? []) {
      const t = input.importTargets.get(imp);
      if (t === undefined) continue;
      if (state.get(t) === "active") {
        const cycle = [...stack.slice(stack.indexOf(t)), t].map((f) => path.basename(f));
        sink.error("E0206", imp.span, { cycle: cycle.join(" → ") }, {
          hints: ["move the shared items into a module that both files import"],
        });
      } else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(p, "done");
  };
  for (const p of order) if (!state.has(p)) visit(p);
}

function itemSym(item: A.Item, module: string): ItemSym {
  const name = item.name.text;
  switch (item.kind) {
    case "StructDecl": return { kind: "struct", name, decl: item, module };
    case "EnumDecl": return { kind: "enum", name, decl: item, module };
    case "ConstDecl": return { kind: "const", name, decl: item, module };
    case "FnDecl": return { kind: "fn", name, decl: item, module };
    case "TypeAliasDecl": return { kind: "alias", name, decl: item, module };
    case "EventDecl": return { kind: "event", name, decl: item, module };
    case "ErrorDecl": return { kind: "error", name, decl: item, module };
    case "ContractDecl": return { kind: "contract", name, decl: item, module };
    case "ComponentDecl": return { kind: "component", name, decl: item, module };
    case "InterfaceDecl": return { kind: "interface", name, decl: item, module };
  }
}

function collectItems(ast: A.SourceFile, file: string, sink: DiagnosticSink): Map<string, ItemSym> {
  const scope = new Map<string, ItemSym>();
  for (const item of ast.items) {
    const sym = itemSym(item, file);
    const prev = scope.get(sym.name);
    if (prev) {
      sink.error("E0202", item.name.span, { name: sym.name }, {
        related: [{ span: prev.decl.name.span, message: `previous definition of \`${sym.name}\` here` }],
      });
      continue;
    }
    scope.set(sym.name, sym);
  }
  return scope;
}

function bindImports(
  m: Module,
  input: ResolveInput,
  own: Map<string, Map<string, ItemSym>>,
  importUses: Map<A.ImportName, ItemSym>,
  sink: DiagnosticSink,
): void {
  const importedHere = new Map<string, A.Ident>();
  for (const imp of m.ast.imports) {
    const target = input.importTargets.get(imp);
    const items = target === undefined ? undefined : own.get(target);
    if (items === undefined) continue; // unresolved module: reported while loading
    for (const n of imp.names) {
      const sym = items.get(n.name.text);
      if (!sym) {
        sink.error("E0205", n.name.span, { path: imp.from, name: n.name.text }, {
          hints: didYouMeanHint(n.name.text, items.keys()),
        });
        continue;
      }
      const local = n.alias ?? n.name;
      const prevImport = importedHere.get(local.text);
      const prevItem = own.get(m.path)!.get(local.text);
      const prevSpan = prevImport?.span ?? prevItem?.decl.name.span;
      if (prevSpan) {
        sink.error("E0202", local.span, { name: local.text }, {
          related: [{ span: prevSpan, message: `previous definition of \`${local.text}\` here` }],
          hints: [`import it under another name: \`${n.name.text} as Other${n.name.text}\``],
        });
        continue;
      }
      importedHere.set(local.text, local);
      m.scope.set(local.text, sym);
      importUses.set(n, sym);
    }
  }
}
