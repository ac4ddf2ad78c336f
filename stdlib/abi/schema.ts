// The `*.abi.json` schema (docs/abi.md §6) and its strict loader. The loader refuses unknown
// keys, wrong types, unresolvable or infinite types, duplicate names, selector collisions and any
// recorded selector / topic that does not match its signature, so a loaded ABI can be trusted by
// the codec, the CLI and the VM's tests alike.

import { MAX_TOPICS } from "../host/table.js";
import { AbiError } from "./errors.js";
import { bytesEqual, eventTopic, fromHex, selector, toHex, ERROR_STRING_SELECTOR, PANIC_SELECTOR } from "./selector.js";
import { checkType, IDENT, parseType, RESERVED_TYPE_NAMES, signature, typeString, type AbiField, type AbiType, type AbiVariant, type EnumType, type StructType } from "./types.js";

export const ABI_FORMAT = "silk-abi/1";

// ── the JSON document ──────────────────────────────────────────────────────────────────────
export interface AbiJsonParam {
  name: string;
  /** A type string (docs/abi.md §1): `u256`, `Vec<Order>`, `Option<(u8,bool)>`… */
  type: string;
  docs?: string;
}
export interface AbiJsonEventField extends AbiJsonParam {
  indexed: boolean;
}
export interface AbiJsonVariant {
  name: string;
  /** Positional payload `Circle(u32)`; at most one of `tuple` / `fields`; neither = no payload. */
  tuple?: string[];
  /** Named payload `Rect { w: u32, h: u32 }`. */
  fields?: AbiJsonParam[];
  docs?: string;
}
export type AbiJsonTypeDef =
  | { name: string; kind: "struct"; fields: AbiJsonParam[]; docs?: string }
  | { name: string; kind: "enum"; variants: AbiJsonVariant[]; docs?: string };
export interface AbiJsonInit {
  inputs: AbiJsonParam[];
  payable: boolean;
  docs?: string;
}
export interface AbiJsonFunction {
  name: string;
  /** `0x` + 8 hex digits: sha256(`name(inputs…)`)[0..4]. */
  selector: string;
  inputs: AbiJsonParam[];
  /** Return values; one for `-> T`, none for no return type. Encoded as a tuple. */
  outputs: AbiJsonParam[];
  view: boolean;
  payable: boolean;
  /** The entry point opts in to re-entrancy (`#[reentrant]`). */
  reentrant?: boolean;
  docs?: string;
}
export interface AbiJsonEvent {
  name: string;
  selector: string;
  /** `0x` + 64 hex digits: sha256(`Name(all field types…)`), topic 0 of every emission. */
  topic: string;
  fields: AbiJsonEventField[];
  docs?: string;
}
export interface AbiJsonError {
  name: string;
  selector: string;
  fields: AbiJsonParam[];
  docs?: string;
}
export interface AbiJsonStorageField {
  name: string;
  /** Declaration index of the field (after composition of reusable pieces). */
  slot: number;
  /** The field's type; storage types may also use `Map<K,V>` (nestable). */
  type: string;
  /** `0x` hex of the field's storage key; for a Map or storage Vec, the prefix its entries' keys derive from. */
  key: string;
  docs?: string;
}
/**
 * An `invariant` of a test build (docs/abi.md §11), a read-only entry point of `call`:
 * selector = sha256(`invariant:Owner.name(param types…)`)[0..4]; returns one bool.
 */
export interface AbiJsonInvariant {
  name: string;
  /** The contract or composed component that declares it. */
  owner: string;
  selector: string;
  params: AbiJsonParam[];
  docs?: string;
}
export interface AbiJson {
  format: typeof ABI_FORMAT;
  contract: string;
  compilerVersion: string;
  /** `0x` + sha256 of the .wasm. */
  codeHash: string;
  /** `0x` + sha256 of the source (the entry file and its imports, as the compiler defines it). */
  sourceHash: string;
  docs?: string;
  types: AbiJsonTypeDef[];
  init?: AbiJsonInit;
  functions: AbiJsonFunction[];
  events: AbiJsonEvent[];
  errors: AbiJsonError[];
  storage: AbiJsonStorageField[];
  /** Test builds only; a normal build has no such key. */
  invariants?: AbiJsonInvariant[];
}

// ── the loaded, resolved form ──────────────────────────────────────────────────────────────
export interface AbiFunction {
  readonly name: string;
  readonly signature: string;
  readonly selector: Uint8Array;
  readonly inputs: readonly AbiField[];
  readonly outputs: readonly AbiField[];
  readonly view: boolean;
  readonly payable: boolean;
  readonly reentrant: boolean;
  readonly docs?: string;
}
export interface AbiEventField extends AbiField {
  readonly indexed: boolean;
}
export interface AbiEvent {
  readonly name: string;
  readonly signature: string;
  readonly selector: Uint8Array;
  readonly topic: Uint8Array;
  readonly fields: readonly AbiEventField[];
  readonly docs?: string;
}
export interface AbiErrorDef {
  readonly name: string;
  readonly signature: string;
  readonly selector: Uint8Array;
  readonly fields: readonly AbiField[];
  readonly docs?: string;
}
export type StorageType = { readonly kind: "map"; readonly key: AbiType; readonly value: StorageType } | { readonly kind: "value"; readonly type: AbiType };
export interface AbiStorageField {
  readonly name: string;
  readonly slot: number;
  readonly type: StorageType;
  readonly key: Uint8Array;
  readonly docs?: string;
}
export interface AbiInvariant {
  readonly name: string;
  readonly owner: string;
  readonly signature: string;
  readonly selector: Uint8Array;
  readonly params: readonly AbiField[];
  readonly docs?: string;
}
export interface ContractAbi {
  readonly json: AbiJson;
  readonly types: ReadonlyMap<string, AbiType>;
  readonly init?: { readonly inputs: readonly AbiField[]; readonly payable: boolean };
  readonly functions: ReadonlyMap<string, AbiFunction>;
  readonly functionsBySelector: ReadonlyMap<string, AbiFunction>; // key: toHex(selector)
  readonly events: ReadonlyMap<string, AbiEvent>;
  readonly eventsByTopic: ReadonlyMap<string, AbiEvent>; // key: toHex(topic)
  readonly errors: ReadonlyMap<string, AbiErrorDef>;
  readonly errorsBySelector: ReadonlyMap<string, AbiErrorDef>;
  readonly storage: readonly AbiStorageField[];
  /** Test builds: the invariants, in declaration order (components' first); else empty. */
  readonly invariants: readonly AbiInvariant[];
}

// ── strict reading helpers ─────────────────────────────────────────────────────────────────
type Json = Record<string, unknown>;
const fail = (path: string, msg: string, code: "schema.invalid" | "schema.duplicate" | "schema.selector-mismatch" = "schema.invalid"): never => {
  throw new AbiError(code, msg, { path });
};
function object(v: unknown, path: string, required: readonly string[], optional: readonly string[] = []): Json {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return fail(path, "expected an object");
  const o = v as Json;
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) fail(path, `unknown key \`${k}\``);
  for (const k of required) if (!Object.hasOwn(o, k)) fail(path, `missing key \`${k}\``);
  return o;
}
function str(v: unknown, path: string): string {
  return typeof v === "string" ? v : fail(path, "expected a string");
}
function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}
function boolean(v: unknown, path: string): boolean {
  return typeof v === "boolean" ? v : fail(path, "expected a boolean");
}
function list(v: unknown, path: string): unknown[] {
  return Array.isArray(v) ? v : fail(path, "expected an array");
}
function ident(v: unknown, path: string): string {
  const s = str(v, path);
  return IDENT.test(s) ? s : fail(path, `not an identifier: ${JSON.stringify(s)}`);
}
function hex(v: unknown, path: string, bytes?: number): Uint8Array {
  const s = str(v, path);
  if (!/^0x([0-9a-f]{2})*$/.test(s)) fail(path, "expected lowercase 0x-prefixed hex");
  const b = fromHex(s, path);
  if (bytes !== undefined && b.length !== bytes) fail(path, `expected ${bytes} bytes, got ${b.length}`);
  return b;
}
function unique<T extends { name: string }>(items: readonly T[], path: string, what: string): void {
  const seen = new Set<string>();
  items.forEach((x, i) => {
    if (seen.has(x.name)) fail(`${path}[${i}]`, `duplicate ${what} \`${x.name}\``, "schema.duplicate");
    seen.add(x.name);
  });
}
function typeAt(text: unknown, path: string, resolve: (n: string) => AbiType | undefined): AbiType {
  const s = str(text, path);
  try {
    return parseType(s, resolve);
  } catch (e) {
    if (e instanceof AbiError) throw new AbiError("schema.invalid", e.detail, { path, offset: e.offset });
    throw e;
  }
}
/** Parameters, fields or (with `what` = "output") return values, whose names may be "". */
function params(v: unknown, path: string, resolve: (n: string) => AbiType | undefined, what = "parameter"): AbiField[] {
  const out = list(v, path).map((p, i) => {
    const at = `${path}[${i}]`;
    const o = object(p, at, ["name", "type"], ["docs"]);
    optStr(o.docs, `${at}.docs`);
    const name = what === "output" && o.name === "" ? "" : ident(o.name, `${at}.name`);
    return { name, type: typeAt(o.type, `${at}.type`, resolve) };
  });
  unique(out.filter((p) => p.name !== ""), path, what);
  return out;
}
function checkSelector(recorded: Uint8Array, sig: string, path: string): void {
  const want = selector(sig);
  if (!bytesEqual(recorded, want)) fail(path, `selector ${toHex(recorded)} is not sha256("${sig}")[0..4] = ${toHex(want)}`, "schema.selector-mismatch");
}

// ── the loader ─────────────────────────────────────────────────────────────────────────────
/** Validates an abi.json document (text or parsed JSON) and resolves it. Throws `schema.*` AbiErrors. */
export function loadAbi(input: string | unknown): ContractAbi {
  let doc: unknown = input;
  if (typeof input === "string") {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      fail("", `not JSON: ${(e as Error).message}`);
    }
  }
  const root = object(doc, "", ["format", "contract", "compilerVersion", "codeHash", "sourceHash", "types", "functions", "events", "errors", "storage"], ["docs", "init", "invariants"]);
  if (root.format !== ABI_FORMAT) fail("format", `expected "${ABI_FORMAT}"`);
  ident(root.contract, "contract");
  str(root.compilerVersion, "compilerVersion");
  hex(root.codeHash, "codeHash", 32);
  hex(root.sourceHash, "sourceHash", 32);
  optStr(root.docs, "docs");

  const types = loadTypes(root.types);
  const resolve = (n: string) => types.get(n);

  let init: ContractAbi["init"];
  if (root.init !== undefined) {
    const o = object(root.init, "init", ["inputs", "payable"], ["docs"]);
    optStr(o.docs, "init.docs");
    init = { inputs: params(o.inputs, "init.inputs", resolve), payable: boolean(o.payable, "init.payable") };
  }

  const functions = list(root.functions, "functions").map((f, i): AbiFunction => {
    const at = `functions[${i}]`;
    const o = object(f, at, ["name", "selector", "inputs", "outputs", "view", "payable"], ["reentrant", "docs"]);
    const name = ident(o.name, `${at}.name`);
    const inputs = params(o.inputs, `${at}.inputs`, resolve);
    const outputs = params(o.outputs, `${at}.outputs`, resolve, "output");
    const sig = signature(name, inputs.map((p) => p.type));
    const sel = hex(o.selector, `${at}.selector`, 4);
    checkSelector(sel, sig, `${at}.selector`);
    const view = boolean(o.view, `${at}.view`), payable = boolean(o.payable, `${at}.payable`);
    if (view && payable) fail(at, "a view function cannot be payable");
    const reentrant = o.reentrant === undefined ? false : boolean(o.reentrant, `${at}.reentrant`);
    const docs = optStr(o.docs, `${at}.docs`);
    return { name, signature: sig, selector: sel, inputs, outputs, view, payable, reentrant, ...(docs !== undefined ? { docs } : {}) };
  });
  unique(functions, "functions", "function");

  const events = list(root.events, "events").map((e, i): AbiEvent => {
    const at = `events[${i}]`;
    const o = object(e, at, ["name", "selector", "topic", "fields"], ["docs"]);
    const name = ident(o.name, `${at}.name`);
    const fields = list(o.fields, `${at}.fields`).map((f, j): AbiEventField => {
      const fo = object(f, `${at}.fields[${j}]`, ["name", "type", "indexed"], ["docs"]);
      optStr(fo.docs, `${at}.fields[${j}].docs`);
      return { name: ident(fo.name, `${at}.fields[${j}].name`), type: typeAt(fo.type, `${at}.fields[${j}].type`, resolve), indexed: boolean(fo.indexed, `${at}.fields[${j}].indexed`) };
    });
    unique(fields, `${at}.fields`, "field");
    if (fields.filter((f) => f.indexed).length > MAX_TOPICS - 1) fail(`${at}.fields`, `at most ${MAX_TOPICS - 1} indexed fields (topic 0 is the event's)`);
    const sig = signature(name, fields.map((f) => f.type));
    const sel = hex(o.selector, `${at}.selector`, 4);
    checkSelector(sel, sig, `${at}.selector`);
    const topic = hex(o.topic, `${at}.topic`, 32);
    if (!bytesEqual(topic, eventTopic(sig))) fail(`${at}.topic`, `topic is not sha256("${sig}")`, "schema.selector-mismatch");
    const docs = optStr(o.docs, `${at}.docs`);
    return { name, signature: sig, selector: sel, topic, fields, ...(docs !== undefined ? { docs } : {}) };
  });
  unique(events, "events", "event");

  const errors = list(root.errors, "errors").map((e, i): AbiErrorDef => {
    const at = `errors[${i}]`;
    const o = object(e, at, ["name", "selector", "fields"], ["docs"]);
    const name = ident(o.name, `${at}.name`);
    const fields = params(o.fields, `${at}.fields`, resolve, "field");
    const sig = signature(name, fields.map((f) => f.type));
    const sel = hex(o.selector, `${at}.selector`, 4);
    checkSelector(sel, sig, `${at}.selector`);
    if (bytesEqual(sel, ERROR_STRING_SELECTOR) || bytesEqual(sel, PANIC_SELECTOR)) fail(at, `selector of \`${sig}\` collides with a built-in error`, "schema.duplicate");
    const docs = optStr(o.docs, `${at}.docs`);
    return { name, signature: sig, selector: sel, fields, ...(docs !== undefined ? { docs } : {}) };
  });
  unique(errors, "errors", "error");

  const storage = list(root.storage, "storage").map((s, i): AbiStorageField => {
    const at = `storage[${i}]`;
    const o = object(s, at, ["name", "slot", "type", "key"], ["docs"]);
    const slot = o.slot;
    if (typeof slot !== "number" || !Number.isSafeInteger(slot) || slot < 0) fail(`${at}.slot`, "expected a non-negative integer");
    const key = hex(o.key, `${at}.key`);
    if (key.length === 0) fail(`${at}.key`, "a storage key is not empty");
    const docs = optStr(o.docs, `${at}.docs`);
    return { name: ident(o.name, `${at}.name`), slot: slot as number, type: storageType(str(o.type, `${at}.type`), `${at}.type`, resolve), key, ...(docs !== undefined ? { docs } : {}) };
  });
  unique(storage, "storage", "storage field");
  bySelector(storage.map((s) => ({ name: s.name, key: s.key })), "storage", "storage key");
  const slots = new Set<number>();
  storage.forEach((s, i) => {
    if (slots.has(s.slot)) fail(`storage[${i}].slot`, `slot ${s.slot} used twice`, "schema.duplicate");
    slots.add(s.slot);
  });

  const invariants = root.invariants === undefined ? [] : list(root.invariants, "invariants").map((v, i): AbiInvariant => {
    const at = `invariants[${i}]`;
    const o = object(v, at, ["name", "owner", "selector", "params"], ["docs"]);
    const name = ident(o.name, `${at}.name`), owner = ident(o.owner, `${at}.owner`);
    const params_ = params(o.params, `${at}.params`, resolve);
    const sig = `invariant:${owner}.${signature(name, params_.map((p) => p.type))}`;
    const sel = hex(o.selector, `${at}.selector`, 4);
    checkSelector(sel, sig, `${at}.selector`);
    const docs = optStr(o.docs, `${at}.docs`);
    return { name, owner, signature: sig, selector: sel, params: params_, ...(docs !== undefined ? { docs } : {}) };
  });
  // Invariants share the `call` dispatch with the functions: one selector space.
  const taken = new Map(functions.map((f) => [toHex(f.selector), f.name]));
  invariants.forEach((v, i) => {
    const k = toHex(v.selector), prior = taken.get(k);
    if (prior !== undefined) fail(`invariants[${i}]`, `selector ${k} of \`${v.owner}.${v.name}\` equals that of \`${prior}\``, "schema.duplicate");
    taken.set(k, `${v.owner}.${v.name}`);
  });

  return {
    json: doc as AbiJson,
    types,
    ...(init !== undefined ? { init } : {}),
    functions: new Map(functions.map((f) => [f.name, f])),
    functionsBySelector: bySelector(functions.map((f) => ({ ...f, key: f.selector })), "functions", "function selector"),
    events: new Map(events.map((e) => [e.name, e])),
    eventsByTopic: bySelector(events.map((e) => ({ ...e, key: e.topic })), "events", "event topic"),
    errors: new Map(errors.map((e) => [e.name, e])),
    errorsBySelector: bySelector(errors.map((e) => ({ ...e, key: e.selector })), "errors", "error selector"),
    storage,
    invariants,
  };
}

function bySelector<T extends { name: string; key: Uint8Array }>(items: readonly T[], path: string, what: string): Map<string, T> {
  const out = new Map<string, T>();
  items.forEach((x, i) => {
    const k = toHex(x.key);
    const prior = out.get(k);
    if (prior) fail(`${path}[${i}]`, `${what} ${k} of \`${x.name}\` equals that of \`${prior.name}\``, "schema.duplicate");
    out.set(k, x);
  });
  return out;
}

/** Builds the named types in two steps (shells, then bodies) so that they may refer to each other. */
function loadTypes(v: unknown): Map<string, AbiType> {
  const defs = list(v, "types").map((d, i) => {
    const at = `types[${i}]`;
    const head = object(d, at, ["name", "kind"], ["fields", "variants", "docs"]);
    const name = ident(head.name, `${at}.name`);
    if (RESERVED_TYPE_NAMES.has(name)) fail(`${at}.name`, `\`${name}\` is a built-in type`);
    if (head.kind === "struct") object(d, at, ["name", "kind", "fields"], ["docs"]);
    else if (head.kind === "enum") object(d, at, ["name", "kind", "variants"], ["docs"]);
    else fail(`${at}.kind`, `expected "struct" or "enum"`);
    optStr(head.docs, `${at}.docs`);
    return { at, name, o: head };
  });
  unique(defs, "types", "type");
  const types = new Map<string, AbiType>();
  const shells = defs.map(({ name, o }) => {
    const shell = o.kind === "struct" ? { kind: "struct" as const, name, fields: [] as AbiField[] } : { kind: "enum" as const, name, variants: [] as AbiVariant[] };
    types.set(name, shell);
    return shell;
  });
  const resolve = (n: string) => types.get(n);
  defs.forEach(({ at, o }, i) => {
    const shell = shells[i]!;
    if (shell.kind === "struct") shell.fields.push(...params(o.fields, `${at}.fields`, resolve, "field"));
    else {
      const variants = list(o.variants, `${at}.variants`).map((x, j): AbiVariant => {
        const vat = `${at}.variants[${j}]`;
        const vo = object(x, vat, ["name"], ["tuple", "fields", "docs"]);
        optStr(vo.docs, `${vat}.docs`);
        const name = ident(vo.name, `${vat}.name`);
        if (vo.tuple !== undefined && vo.fields !== undefined) fail(vat, "a variant has `tuple` or `fields`, not both");
        if (vo.tuple !== undefined) return { name, payload: { kind: "tuple", elems: list(vo.tuple, `${vat}.tuple`).map((t, k) => typeAt(t, `${vat}.tuple[${k}]`, resolve)) } };
        if (vo.fields !== undefined) return { name, payload: { kind: "struct", fields: params(vo.fields, `${vat}.fields`, resolve, "field") } };
        return { name };
      });
      shell.variants.push(...variants);
    }
  });
  shells.forEach((s: StructType | EnumType, i) => {
    try {
      checkType(s, `types[${i}]`);
    } catch (e) {
      if (e instanceof AbiError) throw new AbiError("schema.invalid", e.detail, { path: e.path ?? `types[${i}]` });
      throw e;
    }
  });
  return types;
}

/** A storage field's type: `Map<K,V>` (V may be a Map again) or an ABI type. */
function storageType(text: string, path: string, resolve: (n: string) => AbiType | undefined): StorageType {
  const m = /^\s*Map\s*<([\s\S]*)>\s*$/.exec(text);
  if (!m) return { kind: "value", type: typeAt(text, path, resolve) };
  const inner = m[1]!;
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if ("<([".includes(c)) depth++;
    else if (">)]".includes(c)) depth--;
    else if (c === "," && depth === 0) {
      return { kind: "map", key: typeAt(inner.slice(0, i), path, resolve), value: storageType(inner.slice(i + 1), path, resolve) };
    }
  }
  return fail(path, `expected Map<K,V>`);
}

/** The text form of a storage type (the canonical string, with `Map<K,V>`). */
export function storageTypeString(t: StorageType): string {
  return t.kind === "map" ? `Map<${typeString(t.key)},${storageTypeString(t.value)}>` : typeString(t.type);
}
