// The ABI type model (docs/abi.md §1) and its canonical type strings.
//
// A type string is both the canonical signature used for selectors and the way abi.json refers
// to a type: `u256`, `address`, `(u8,bool)`, `[u32;4]`, `Vec<string>`, `Option<u8>`,
// `Result<u256,string>`. Structs and enums are written by their declared NAME, not by their
// structure: Silk allows recursion through `Vec` (`struct Node { kids: Vec<Node> }`), which has
// no finite structural form, and a name is what the author wrote. abi.json carries each named
// type's definition in its `types` table, so a name always resolves.
//
// Named types may form cycles in memory (a struct whose field type holds the same struct
// object); every cycle must pass through a `Vec` — `checkType` enforces it — so recursive
// walks that stop at `Vec` always terminate.

import { AbiError } from "./errors.js";

export type IntBits = 8 | 16 | 32 | 64 | 128 | 256;
export const INT_BITS: readonly IntBits[] = [8, 16, 32, 64, 128, 256];

export interface AbiField {
  readonly name: string;
  readonly type: AbiType;
}

/** An enum variant's payload: none, positional (`Circle(u32)`) or named (`Rect { w: u32 }`). */
export type VariantPayload =
  | { readonly kind: "tuple"; readonly elems: readonly AbiType[] }
  | { readonly kind: "struct"; readonly fields: readonly AbiField[] };

export interface AbiVariant {
  readonly name: string;
  readonly payload?: VariantPayload;
}

export type AbiType =
  | { readonly kind: "bool" }
  | { readonly kind: "int"; readonly signed: boolean; readonly bits: IntBits }
  | { readonly kind: "address" }
  | { readonly kind: "bytes32" }
  | { readonly kind: "bytes" }
  | { readonly kind: "string" }
  | { readonly kind: "array"; readonly elem: AbiType; readonly len: number }
  | { readonly kind: "vec"; readonly elem: AbiType }
  | { readonly kind: "tuple"; readonly elems: readonly AbiType[] }
  | { readonly kind: "struct"; readonly name: string; readonly fields: readonly AbiField[] }
  | { readonly kind: "enum"; readonly name: string; readonly variants: readonly AbiVariant[] }
  /** Encoded as an enum: tag 0 = None, tag 1 = Some(value). */
  | { readonly kind: "option"; readonly inner: AbiType }
  /** Encoded as an enum: tag 0 = Ok(value), tag 1 = Err(value). */
  | { readonly kind: "result"; readonly ok: AbiType; readonly err: AbiType };

export type AbiTypeKind = AbiType["kind"];
export type StructType = Extract<AbiType, { kind: "struct" }>;
export type EnumType = Extract<AbiType, { kind: "enum" }>;

/** Longest fixed array `[T; N]` the codec accepts. */
export const MAX_ARRAY_LEN = 1 << 20;
/** An enum tag is one byte. */
export const MAX_VARIANTS = 256;

// ── constructors ───────────────────────────────────────────────────────────────────────────
export const bool: AbiType = Object.freeze({ kind: "bool" });
export const address: AbiType = Object.freeze({ kind: "address" });
export const bytes32: AbiType = Object.freeze({ kind: "bytes32" });
export const bytes: AbiType = Object.freeze({ kind: "bytes" });
export const string: AbiType = Object.freeze({ kind: "string" });
export const uint = (bits: IntBits): AbiType => ({ kind: "int", signed: false, bits });
export const int = (bits: IntBits): AbiType => ({ kind: "int", signed: true, bits });
export const u8 = uint(8), u32 = uint(32), u64 = uint(64), u256 = uint(256);
export const array = (elem: AbiType, len: number): AbiType => ({ kind: "array", elem, len });
export const vec = (elem: AbiType): AbiType => ({ kind: "vec", elem });
export const tuple = (...elems: AbiType[]): AbiType => ({ kind: "tuple", elems });
export const option = (inner: AbiType): AbiType => ({ kind: "option", inner });
export const result = (ok: AbiType, err: AbiType): AbiType => ({ kind: "result", ok, err });
export const struct = (name: string, fields: AbiField[]): StructType => ({ kind: "struct", name, fields });
export const enumType = (name: string, variants: AbiVariant[]): EnumType => ({ kind: "enum", name, variants });

// ── canonical type strings ─────────────────────────────────────────────────────────────────
/** The canonical type string: no spaces, named types by name. Used in selectors and abi.json. */
export function typeString(t: AbiType): string {
  switch (t.kind) {
    case "int":
      return `${t.signed ? "i" : "u"}${t.bits}`;
    case "array":
      return `[${typeString(t.elem)};${t.len}]`;
    case "vec":
      return `Vec<${typeString(t.elem)}>`;
    case "tuple":
      return `(${t.elems.map(typeString).join(",")})`;
    case "struct":
    case "enum":
      return t.name;
    case "option":
      return `Option<${typeString(t.inner)}>`;
    case "result":
      return `Result<${typeString(t.ok)},${typeString(t.err)}>`;
    default:
      return t.kind;
  }
}

/** `name(t1,t2,…)`: the signature a selector hashes. */
export function signature(name: string, types: readonly AbiType[]): string {
  return `${name}(${types.map(typeString).join(",")})`;
}

const PRIMITIVES: ReadonlyMap<string, AbiType> = new Map<string, AbiType>([
  ["bool", bool], ["address", address], ["bytes32", bytes32], ["bytes", bytes], ["string", string],
  ...INT_BITS.flatMap((b): [string, AbiType][] => [[`u${b}`, uint(b)], [`i${b}`, int(b)]]),
]);

/** Words that cannot name a struct or enum (they already mean a type). */
export const RESERVED_TYPE_NAMES: ReadonlySet<string> = new Set([...PRIMITIVES.keys(), "Vec", "Option", "Result", "Map"]);

export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a type string (spaces allowed) into an AbiType; identifiers that are not built-in
 * types are looked up with `resolve` (abi.json's `types` table). Throws `type.invalid` with the
 * character offset of the problem.
 */
export function parseType(text: string, resolve: (name: string) => AbiType | undefined = () => undefined): AbiType {
  let pos = 0;
  const fail = (msg: string): never => {
    throw new AbiError("type.invalid", `${msg} in type \`${text}\``, { offset: pos });
  };
  const ws = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const eat = (s: string): boolean => {
    ws();
    if (text.startsWith(s, pos)) return (pos += s.length), true;
    return false;
  };
  const expect = (s: string) => {
    if (!eat(s)) fail(`expected \`${s}\``);
  };
  const ident = (): string => {
    ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(pos));
    if (!m) return fail("expected a type");
    pos += m[0].length;
    return m[0];
  };
  const one = (): AbiType => {
    if (eat("[")) {
      const elem = one();
      expect(";");
      ws();
      const m = /^(0|[1-9][0-9]*)/.exec(text.slice(pos));
      if (!m) return fail("expected an array length");
      const len = Number(m[0]);
      if (len > MAX_ARRAY_LEN) fail(`array length above ${MAX_ARRAY_LEN}`);
      pos += m[0].length;
      expect("]");
      return array(elem, len);
    }
    if (eat("(")) {
      const elems: AbiType[] = [];
      if (!eat(")")) {
        do elems.push(one());
        while (eat(","));
        expect(")");
      }
      return tuple(...elems);
    }
    const start = pos;
    const name = ident();
    const prim = PRIMITIVES.get(name);
    if (prim) return prim;
    if (name === "Vec" || name === "Option") {
      expect("<");
      const inner = one();
      expect(">");
      return name === "Vec" ? vec(inner) : option(inner);
    }
    if (name === "Result") {
      expect("<");
      const ok = one();
      expect(",");
      const err = one();
      expect(">");
      return result(ok, err);
    }
    const named = RESERVED_TYPE_NAMES.has(name) ? undefined : resolve(name);
    if (!named) {
      pos = start;
      return fail(`unknown type \`${name}\``);
    }
    return named;
  };
  const t = one();
  ws();
  if (pos !== text.length) fail("unexpected text after the type");
  return t;
}

// ── structural checks ──────────────────────────────────────────────────────────────────────
/**
 * Checks that a hand-built or loaded AbiType is well formed: valid widths and lengths, identifier
 * names, unique field / variant names, ≤ 256 variants, named types unique by name, and every
 * cycle passing through a `Vec`. Throws `type.invalid` with a path.
 */
export function checkType(t: AbiType, path = "type"): void {
  const byName = new Map<string, AbiType>();
  const named: (StructType | EnumType)[] = [];
  const bad = (p: string, msg: string): never => {
    throw new AbiError("type.invalid", msg, { path: p });
  };
  const names = (p: string, list: readonly { name: string }[], what: string) => {
    const seen = new Set<string>();
    for (const [i, { name }] of list.entries()) {
      if (typeof name !== "string" || !IDENT.test(name)) bad(`${p}[${i}]`, `bad ${what} name ${JSON.stringify(name)}`);
      if (seen.has(name)) bad(`${p}[${i}]`, `duplicate ${what} \`${name}\``);
      seen.add(name);
    }
  };
  // 1. Shapes: every node once (named types once, so cycles through Vec terminate).
  const walk = (t: AbiType, p: string): void => {
    if (typeof t !== "object" || t === null) return bad(p, "not a type");
    switch (t.kind) {
      case "bool": case "address": case "bytes32": case "bytes": case "string":
        return;
      case "int":
        if (typeof t.signed !== "boolean" || !INT_BITS.includes(t.bits)) bad(p, `bad integer type`);
        return;
      case "array":
        if (!Number.isSafeInteger(t.len) || t.len < 0 || t.len > MAX_ARRAY_LEN) bad(p, `bad array length ${t.len}`);
        return walk(t.elem, `${p}.elem`);
      case "vec":
        return walk(t.elem, `${p}.elem`);
      case "tuple":
        return t.elems.forEach((e, i) => walk(e, `${p}.elems[${i}]`));
      case "option":
        return walk(t.inner, `${p}.inner`);
      case "result":
        walk(t.ok, `${p}.ok`);
        return walk(t.err, `${p}.err`);
      case "struct":
      case "enum": {
        if (typeof t.name !== "string" || !IDENT.test(t.name) || RESERVED_TYPE_NAMES.has(t.name)) bad(p, `bad type name ${JSON.stringify(t.name)}`);
        const prior = byName.get(t.name);
        if (prior === t) return;
        if (prior !== undefined) bad(p, `two different types are named \`${t.name}\``);
        byName.set(t.name, t);
        named.push(t);
        if (t.kind === "struct") {
          names(`${p}.fields`, t.fields, "field");
          return t.fields.forEach((f, i) => walk(f.type, `${p}.fields[${i}]`));
        }
        if (t.variants.length === 0 || t.variants.length > MAX_VARIANTS) bad(p, `an enum has 1..${MAX_VARIANTS} variants`);
        names(`${p}.variants`, t.variants, "variant");
        return t.variants.forEach((v, i) => {
          const vp = `${p}.variants[${i}]`;
          if (v.payload === undefined) return;
          if (v.payload.kind === "tuple") v.payload.elems.forEach((e, j) => walk(e, `${vp}.elems[${j}]`));
          else if (v.payload.kind === "struct") {
            names(`${vp}.fields`, v.payload.fields, "field");
            v.payload.fields.forEach((f, j) => walk(f.type, `${vp}.fields[${j}]`));
          } else bad(vp, "bad variant payload");
        });
      }
      default:
        return bad(p, `unknown type kind ${JSON.stringify((t as { kind: unknown }).kind)}`);
    }
  };
  walk(t, path);
  // 2. Finite size: the graph "named type A holds B inline (not behind a Vec)" has no cycle.
  const state = new Map<AbiType, "open" | "closed">();
  const visit = (n: StructType | EnumType): void => {
    if (state.get(n) === "closed") return;
    if (state.get(n) === "open") bad(path, `\`${n.name}\` contains itself without a Vec in between (infinite size)`);
    state.set(n, "open");
    for (const m of inlineNamed(n)) visit(m);
    state.set(n, "closed");
  };
  named.forEach(visit);
}

/** The named types a struct / enum holds inline: reachable from its body without crossing a Vec. */
function inlineNamed(n: StructType | EnumType): (StructType | EnumType)[] {
  const out: (StructType | EnumType)[] = [];
  const go = (t: AbiType): void => {
    switch (t.kind) {
      case "array": return go(t.elem);
      case "tuple": return t.elems.forEach(go);
      case "option": return go(t.inner);
      case "result": go(t.ok); return go(t.err);
      case "struct": case "enum": out.push(t); return;
      default: return;
    }
  };
  if (n.kind === "struct") n.fields.forEach((f) => go(f.type));
  else n.variants.forEach((v) => v.payload && payloadTypes(v.payload).forEach(go));
  return out;
}

const MIN_SIZE = new WeakMap<AbiType, number>();

/** The fewest bytes any value of `t` encodes to (used to refuse absurd Vec counts early). */
export function minSize(t: AbiType): number {
  const cached = MIN_SIZE.get(t);
  if (cached !== undefined) return cached;
  let n: number;
  switch (t.kind) {
    case "bool": n = 1; break;
    case "int": n = t.bits / 8; break;
    case "address": case "bytes32": n = 32; break;
    case "bytes": case "string": case "vec": n = 4; break;
    case "array": n = t.len * minSize(t.elem); break;
    case "tuple": n = t.elems.reduce((s, e) => s + minSize(e), 0); break;
    case "struct": n = t.fields.reduce((s, f) => s + minSize(f.type), 0); break;
    case "enum": n = 1 + Math.min(...t.variants.map((v) => (v.payload ? payloadTypes(v.payload).reduce((s, e) => s + minSize(e), 0) : 0))); break;
    case "option": n = 1; break;
    case "result": n = 1 + Math.min(minSize(t.ok), minSize(t.err)); break;
  }
  MIN_SIZE.set(t, n);
  return n;
}

export function payloadTypes(p: VariantPayload): readonly AbiType[] {
  return p.kind === "tuple" ? p.elems : p.fields.map((f) => f.type);
}

/** Types that fit one 32-byte topic word as themselves (others are hashed when indexed). */
export function isWordType(t: AbiType): boolean {
  return t.kind === "bool" || t.kind === "int" || t.kind === "address" || t.kind === "bytes32";
}
