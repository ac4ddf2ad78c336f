// The `*.abi.json` of a contract (docs/abi.md §6), from the typed program and the storage layout.
// codeHash and sourceHash are filled in by the driver once the Wasm exists.

import type * as A from "../ast/ast.js";
import type { TypedContract, TypedProgram } from "../check/ast.js";
import { prune, type Type } from "../check/types.js";
import { eventTopic, selectorHex, toHex } from "../../stdlib/abi/selector.js";
import { ABI_FORMAT, type AbiJson, type AbiJsonParam } from "../../stdlib/abi/schema.js";
import { signature, typeString } from "../../stdlib/abi/types.js";
import { abiTypeOrThrow as abiTypeOrThrowRaw } from "./body.js";
import { structFieldsOf } from "./repr.js";
import type { AbiType } from "../../stdlib/abi/types.js";
import type { AbiJsonTypeDef as AbiTypeDef } from "../../stdlib/abi/schema.js";
import { storageLayout } from "./layout.js";
import { entrySignature } from "./translate.js";

function docs(d: { docs: string[] }): { docs?: string } {
  const text = d.docs.map((l) => l.replace(/^ /, "")).join("\n").trim();
  return text ? { docs: text } : {};
}

/**
 * Returns a function that adds to `named` the definition of every struct and enum a type
 * mentions (its own and, recursively, its members'), each once, in order of first use — the
 * `types` list of abi.json, whose loader resolves every name.
 */
export function typeDefCollector(named: Map<string, AbiTypeDef>): (t: AbiType) => void {
  const collect = (t: AbiType): void => {
    switch (t.kind) {
      case "struct":
        if (named.has(t.name)) return;
        named.set(t.name, { name: t.name, kind: "struct", fields: t.fields.map((f) => ({ name: f.name, type: typeString(f.type) })) });
        t.fields.forEach((f) => collect(f.type));
        return;
      case "enum":
        if (named.has(t.name)) return;
        named.set(t.name, { name: t.name, kind: "enum", variants: t.variants.map((v) => ({
          name: v.name,
          ...(v.payload?.kind === "tuple" ? { tuple: v.payload.elems.map(typeString) } : {}),
          ...(v.payload?.kind === "struct" ? { fields: v.payload.fields.map((f) => ({ name: f.name, type: typeString(f.type) })) } : {}),
        })) });
        for (const v of t.variants) {
          if (v.payload?.kind === "tuple") v.payload.elems.forEach(collect);
          if (v.payload?.kind === "struct") v.payload.fields.forEach((f) => collect(f.type));
        }
        return;
      case "array": case "vec": collect(t.elem); return;
      case "tuple": t.elems.forEach(collect); return;
      case "option": collect(t.inner); return;
      case "result": collect(t.ok); collect(t.err); return;
      default: return;
    }
  };
  return collect;
}

/**
 * `used`: the events and errors the lowered code emits and reverts with (Program.used); those
 * declared at module level, outside any contract or component, are listed after the members.
 */
export function contractAbi(program: TypedProgram, c: TypedContract, compilerVersion: string, used: readonly (A.EventDecl | A.ErrorDecl)[]): AbiJson {
  const info = c.info;
  const memberDecls = new Set<unknown>([...info.events, ...info.errors].map((m) => m.decl));
  const outside = used.filter((d) => !memberDecls.has(d));
  const events = [...info.events.flatMap((m) => (m.kind === "event" ? [m.decl as A.EventDecl] : [])), ...outside.filter((d): d is A.EventDecl => d.kind === "EventDecl")];
  const errors = [...info.errors.flatMap((m) => (m.kind === "error" ? [m.decl as A.ErrorDecl] : [])), ...outside.filter((d): d is A.ErrorDecl => d.kind === "ErrorDecl")];
  const fields = structFieldsOf(program.typeExprs);
  // Every struct named anywhere in the ABI, defined once in `types` (first use first).
  const named = new Map<string, AbiTypeDef>();
  const collect = typeDefCollector(named);
  const abiTypeOrThrow = (t: Type, span: A.Span): AbiType => {
    const a = abiTypeOrThrowRaw(t, span, fields);
    collect(a);
    return a;
  };
  const storageTypeString = (t: Type, span: A.Span): string => {
    t = prune(t);
    if (t.kind === "map") return `Map<${storageTypeString(t.key, span)},${storageTypeString(t.value, span)}>`;
    return typeString(abiTypeOrThrow(t, span));
  };
  const outputsOf = (t: Type, span: A.Span): AbiJsonParam[] => {
    if (t.kind === "tuple" && t.elems.length === 0) return [];
    return [{ name: "", type: typeString(abiTypeOrThrow(t, span)) }];
  };
  const paramOf = (p: A.Param): AbiJsonParam => ({
    name: p.name.text,
    type: typeString(abiTypeOrThrow(prune(program.localTypes.get(program.resolved.locals.get(p)!)!), p.span)),
  });
  const fieldOf = (f: A.FieldDecl): AbiJsonParam => ({ name: f.name.text, type: typeString(abiTypeOrThrow(prune(program.typeExprs.get(f.type)!), f.span)), ...docs(f) });
  const own = info.inits.at(-1);
  const abi: AbiJson = {
    format: ABI_FORMAT,
    contract: info.sym.name,
    compilerVersion,
    codeHash: "0x" + "00".repeat(32),
    sourceHash: "0x" + "00".repeat(32),
    ...docs(info.sym.decl),
    types: [] as AbiTypeDef[],
    ...(own ? { init: { inputs: own.decl.params.map(paramOf), payable: own.decl.payable, ...docs(own.decl) } } : {}),
    functions: info.entryPoints.map((f) => ({
      name: f.decl.name.text,
      selector: selectorHex(entrySignature(program, f.decl)),
      inputs: f.decl.params.map(paramOf),
      outputs: f.decl.returnType ? outputsOf(prune(program.typeExprs.get(f.decl.returnType)!), f.decl.returnType.span) : [],
      view: f.decl.view,
      payable: f.decl.payable,
      reentrant: f.decl.attributes.some((a) => a.name.text === "reentrant"),
      ...docs(f.decl),
    })),
    events: events.map((d) => {
      const sig = signature(d.name.text, d.fields.map((f) => abiTypeOrThrow(prune(program.typeExprs.get(f.type)!), f.span)));
      return {
        name: d.name.text, selector: selectorHex(sig), topic: toHex(eventTopic(sig)),
        fields: d.fields.map((f) => ({ ...fieldOf(f), indexed: f.attributes.some((a) => a.name.text === "indexed") })),
        ...docs(d),
      };
    }),
    errors: errors.map((d) => {
      const fields = d.fields.map(fieldOf);
      return { name: d.name.text, selector: selectorHex(signature(d.name.text, d.fields.map((f) => abiTypeOrThrow(prune(program.typeExprs.get(f.type)!), f.span)))), fields, ...docs(d) };
    }),
    storage: storageLayout(c).map((s, i) => ({
      // abi.json names are identifiers, unique: a component field whose name is taken elsewhere
      // is written `Component_field`.
      name: s.namespace.length && c.storage.filter((o) => o.name === s.name).length > 1 ? `${s.namespace.join("_")}_${s.name}` : s.name,
      slot: s.index,
      type: storageTypeString(s.type, c.storage[i]!.decl.span),
      key: toHex(s.key),
      ...docs(c.storage[i]!.decl),
    })),
  };
  abi.types = [...named.values()];
  return abi;
}
