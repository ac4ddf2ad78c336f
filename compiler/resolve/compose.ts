// Components composed into contracts.
//
// Storage namespacing (why fields cannot collide): every storage field has a namespace — [] for
// a contract's own fields, [ComponentName] for a component's. `self.x` finds the owner's own field
// first, then a field of a component it uses (a name offered by two components is ambiguous and
// must be reached through a function). Lowering derives each storage key from namespace + field
// name, and a contract holds each component at most once (a component reached twice through
// different `use`s is one shared instance, like a diamond in Solidity's linearisation), so no two
// fields can ever share a key.

import type * as A from "../ast/ast.js";
import type { DiagnosticSink } from "../diagnostics/sink.js";
import { didYouMeanHint } from "../diagnostics/suggest.js";
import type { ContractInfo, ItemSym, MemberSym, Module, OwnedFn, ResolvedProgram, SelfView, StorageField } from "./ast.js";
import type { BodyResolver } from "./bodies.js";

type Owner = ItemSym & { kind: "contract" | "component" };
type ComponentSym = ItemSym & { kind: "component" };

export function composeAll(program: ResolvedProgram, bodies: BodyResolver, sink: DiagnosticSink): void {
  const c = new Composer(program, sink, bodies.usedItems);
  for (const p of program.order) {
    const m = program.modules.get(p)!;
    for (const item of m.ast.items) {
      if (item.kind === "ComponentDecl") {
        const sym = m.scope.get(item.name.text);
        if (sym?.kind === "component" && sym.decl === item) c.view(sym, m);
      }
    }
    for (const item of m.ast.items) {
      if (item.kind === "ContractDecl") {
        const sym = m.scope.get(item.name.text);
        if (sym?.kind === "contract" && sym.decl === item) program.contracts.push(c.contract(sym, m));
      }
    }
  }
}

class Composer {
  private readonly active = new Set<A.ComponentDecl>();
  constructor(
    private readonly program: ResolvedProgram,
    private readonly sink: DiagnosticSink,
    /** Items named by `use` or `contract X: I` count as used (for the unused-import warning). */
    private readonly usedItems: Set<ItemSym>,
  ) {}

  view(owner: Owner, m: Module): SelfView {
    if (owner.kind === "component") {
      const done = this.program.componentViews.get(owner.decl);
      if (done) return done;
    }
    const v: SelfView = { owner, storage: new Map(), ambiguous: new Map(), fns: new Map(), members: new Map() };
    if (owner.kind === "component") {
      this.program.componentViews.set(owner.decl, v);
      this.active.add(owner.decl);
    }
    const ns = owner.kind === "component" ? [owner.name] : [];
    const fnSpans = new Map<string, A.Ident>();
    for (const mem of owner.decl.members) {
      switch (mem.kind) {
        case "StorageDecl":
          for (const f of mem.fields) {
            const prev = v.storage.get(f.name.text);
            if (prev) this.duplicate(f.name, prev.decl.name);
            else v.storage.set(f.name.text, { name: f.name.text, decl: f, namespace: ns });
          }
          break;
        case "FnDecl": {
          const prev = fnSpans.get(mem.name.text);
          if (prev) this.duplicate(mem.name, prev);
          else {
            fnSpans.set(mem.name.text, mem.name);
            v.fns.set(mem.name.text, { decl: mem, owner: owner.name, view: v });
          }
          break;
        }
        case "EventDecl":
        case "ErrorDecl":
        case "ConstDecl": {
          const kind = mem.kind === "EventDecl" ? "event" : mem.kind === "ErrorDecl" ? "error" : "const";
          const prev = v.members.get(mem.name.text);
          if (prev) this.duplicate(mem.name, prev.decl.name);
          else v.members.set(mem.name.text, { kind, name: mem.name.text, decl: mem, owner: owner.name } as MemberSym);
          break;
        }
        default:
          break;
      }
    }
    for (const u of this.uses(owner, m)) {
      const cm = this.program.modules.get(u.module)!;
      if (this.active.has(u.decl)) {
        this.sink.error("E0216", u.decl.name.span, { name: u.name, cycle: `${owner.name} → ${u.name}` });
        continue;
      }
      const cv = this.view(u, cm);
      for (const [name, f] of cv.fns) {
        const mine = v.fns.get(name);
        if (!mine) v.fns.set(name, f);
        else if (mine.decl !== f.decl && (f.decl.isPub || mine.owner !== owner.name)) {
          this.conflict(name, mine, f, owner);
        }
      }
      // A component's fields are reachable as `self.x` from its user unless the user has its own
      // `x`; two components offering the same name make that name ambiguous (reported at use).
      for (const [name, f] of cv.storage) {
        const mine = v.storage.get(name);
        if (!mine) v.storage.set(name, f);
        else if (mine.decl !== f.decl && mine.namespace.join("::") !== ns.join("::")) {
          const owners = v.ambiguous.get(name) ?? [mine.namespace.join("::")];
          owners.push(f.namespace.join("::"));
          v.ambiguous.set(name, owners);
        }
      }
      for (const [name, s] of cv.members) {
        const mine = v.members.get(name);
        if (!mine) v.members.set(name, s);
        else if (mine.decl !== s.decl && mine.owner !== owner.name) {
          this.sink.error("E0210", s.decl.name.span, { name, a: `\`${mine.owner}\``, b: `\`${s.owner}\`` }, {
            related: [{ span: mine.decl.name.span, message: "also defined here" }],
          });
        }
      }
    }
    if (owner.kind === "component") this.active.delete(owner.decl);
    return v;
  }

  contract(sym: ItemSym & { kind: "contract" }, m: Module): ContractInfo {
    const view = this.view(sym, m);
    const components: ComponentSym[] = [];
    const collect = (o: Owner, om: Module, depth: number) => {
      if (depth > 64) return; // cycles were reported by view(); do not loop forever on them
      for (const u of this.uses(o, om, false)) {
        if (components.some((c) => c.decl === u.decl)) continue;
        components.push(u);
        collect(u, this.program.modules.get(u.module)!, depth + 1);
      }
    };
    collect(sym, m, 0);
    const storage: StorageField[] = [...view.storage.values()].filter((f) => f.namespace.length === 0);
    const inits: ContractInfo["inits"] = [];
    const invariants: ContractInfo["invariants"] = [];
    const internalFns: OwnedFn[] = [];
    const entryPoints: OwnedFn[] = [];
    const seenFns = new Set<A.FnDecl>();
    const addOwner = (o: Owner, v: SelfView) => {
      let init: A.InitDecl | undefined;
      for (const mem of o.decl.members) {
        if (mem.kind === "InitDecl") {
          if (init) this.sink.error("E0221", mem.span, { name: o.name }, {
            related: [{ span: init.span, message: "first `init` here" }],
          });
          else {
            init = mem;
            if (o.kind === "component" && mem.params.length > 0) {
              this.sink.error("E0220", mem.params[0]!.span, { name: o.name });
            }
            inits.push({ decl: mem, owner: o.name, view: v });
          }
        } else if (mem.kind === "InvariantDecl") {
          // An invariant is named by owner and name in a test build's ABI (docs/abi.md §11).
          const prev = invariants.find((x) => x.owner === o.name && x.decl.name.text === mem.name.text);
          if (prev) this.duplicate(mem.name, prev.decl.name);
          else invariants.push({ decl: mem, owner: o.name, view: v });
        } else if (mem.kind === "FnDecl" && !seenFns.has(mem)) {
          seenFns.add(mem);
          const f = { decl: mem, owner: o.name, view: v };
          (mem.isPub ? entryPoints : internalFns).push(f);
        }
      }
    };
    // Components' inits run first, in composition order, then the contract's own.
    for (const c of components) {
      const cv = this.program.componentViews.get(c.decl);
      if (!cv) continue;
      storage.push(...[...cv.storage.values()].filter((f) => f.namespace.length === 1 && f.namespace[0] === c.name));
      addOwner(c, cv);
    }
    addOwner(sym, view);
    const ownInit = inits.findIndex((i) => i.owner === sym.name);
    if (ownInit > 0) inits.push(...inits.splice(ownInit, 1));
    const members = [...view.members.values()];
    return {
      sym,
      view,
      components,
      storage,
      entryPoints,
      internalFns,
      inits,
      invariants,
      events: members.filter((x) => x.kind === "event"),
      errors: members.filter((x) => x.kind === "error"),
      interfaces: this.interfaces(sym, m),
    };
  }

  private uses(owner: Owner, m: Module, report = true): ComponentSym[] {
    const out: ComponentSym[] = [];
    for (const mem of owner.decl.members) {
      if (mem.kind !== "UseDecl") continue;
      const seg = mem.component.segments;
      const name = seg[seg.length - 1]!;
      const sym = seg.length === 1 ? m.scope.get(name.text) : undefined;
      if (sym) this.usedItems.add(sym);
      if (!sym || sym.kind !== "component") {
        if (report) {
          const candidates = [...m.scope.values()].filter((s) => s.kind === "component").map((s) => s.name);
          this.sink.error("E0208", mem.component.span, { name: seg.map((s) => s.text).join("::") }, {
            hints: didYouMeanHint(name.text, candidates),
          });
        }
        continue;
      }
      if (out.some((c) => c.decl === sym.decl) || out.some((c) => c.name === sym.name)) {
        if (report) this.sink.error("E0215", mem.span, { name: sym.name, contract: owner.name });
        continue;
      }
      if (sym.decl === owner.decl) {
        if (report) this.sink.error("E0216", mem.span, { name: sym.name, cycle: `${sym.name} → ${sym.name}` });
        continue;
      }
      out.push(sym);
    }
    return out;
  }

  private interfaces(sym: ItemSym & { kind: "contract" }, m: Module): (ItemSym & { kind: "interface" })[] {
    const out: (ItemSym & { kind: "interface" })[] = [];
    for (const p of sym.decl.implements) {
      const name = p.segments[p.segments.length - 1]!.text;
      const s = p.segments.length === 1 ? m.scope.get(name) : undefined;
      if (s) this.usedItems.add(s);
      if (!s || s.kind !== "interface") {
        const candidates = [...m.scope.values()].filter((x) => x.kind === "interface").map((x) => x.name);
        this.sink.error("E0209", p.span, { name }, { hints: didYouMeanHint(name, candidates) });
        continue;
      }
      out.push(s);
    }
    return out;
  }

  private duplicate(at: A.Ident, prev: A.Ident): void {
    this.sink.error("E0202", at.span, { name: at.text }, {
      related: [{ span: prev.span, message: `previous definition of \`${at.text}\` here` }],
    });
  }

  private conflict(name: string, a: OwnedFn, b: OwnedFn, owner: Owner): void {
    this.sink.error("E0210", owner.decl.name.span, { name, a: `\`${a.owner}\``, b: `\`${b.owner}\`` }, {
      related: [
        { span: a.decl.name.span, message: `\`${name}\` from \`${a.owner}\`` },
        { span: b.decl.name.span, message: `\`${name}\` from \`${b.owner}\`` },
      ],
      hints: ["rename one of them; entry points share one ABI namespace"],
    });
  }
}
