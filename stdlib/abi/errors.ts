// The one error type of the ABI codec. Every failure — a malformed encoding, a JS value that does
// not fit its type, a bad abi.json, a bad call expression — is an `AbiError` with a stable code;
// nothing else escapes the codec. Codes are data for tools (and tests); the message is for people.

export type AbiErrorCode =
  // decoding bytes (offset = byte offset in the input where the problem was found)
  | "decode.truncated" // the input ends before the value does (also: a length prefix larger than what is left)
  | "decode.trailing-bytes" // the value ends before the input does
  | "decode.bad-bool" // a bool byte other than 0 or 1
  | "decode.bad-tag" // an enum / Option / Result tag with no variant
  | "decode.bad-utf8" // string bytes that are not well-formed UTF-8
  | "decode.bad-padding" // a topic whose padding bytes are not zero
  | "decode.too-many-items" // a Vec of zero-sized items longer than MAX_ZERO_SIZED_ITEMS
  | "decode.too-deep" // nesting deeper than MAX_DEPTH (recursive types through Vec)
  | "decode.unknown-selector" // revert data / event topic naming no error / event of the ABI
  // encoding JS values (path = where in the value)
  | "encode.bad-value" // the JS value has the wrong shape for the type
  | "encode.out-of-range" // an integer that does not fit, a byte string of the wrong width, a length ≥ 2³²
  | "encode.bad-string" // a JS string with a lone surrogate (it has no UTF-8 encoding)
  | "encode.too-many-items"
  | "encode.too-deep"
  // types and abi.json
  | "type.invalid" // a malformed AbiType or type string
  | "schema.invalid" // abi.json that does not follow the schema
  | "schema.selector-mismatch" // a recorded selector that is not sha256(signature)[0..4]
  | "schema.duplicate" // a repeated name, or two entries with the same selector
  // looking things up in an ABI
  | "abi.unknown-function"
  | "abi.unknown-event"
  | "abi.unknown-error"
  | "abi.arity" // wrong number of arguments
  // the CLI's call expressions (offset = character offset in the expression)
  | "call.syntax"
  | "call.bad-literal";

export class AbiError extends Error {
  override readonly name = "AbiError";
  /** Byte offset (decode.*) or character offset (call.*, type.* from a string); undefined otherwise. */
  readonly offset: number | undefined;
  /** Where in a value or an abi.json document, e.g. `args[1].amount` or `functions[2].inputs`. */
  readonly path: string | undefined;

  constructor(readonly code: AbiErrorCode, readonly detail: string, at: { offset?: number; path?: string } = {}) {
    super(AbiError.render(code, detail, at));
    this.offset = at.offset;
    this.path = at.path;
  }

  private static render(code: AbiErrorCode, detail: string, at: { offset?: number; path?: string }): string {
    const where = [
      at.path !== undefined && at.path !== "" ? `at ${at.path}` : undefined,
      at.offset !== undefined ? `offset ${at.offset}` : undefined,
    ].filter((s) => s !== undefined);
    return `${code}: ${detail}${where.length > 0 ? ` (${where.join(", ")})` : ""}`;
  }
}

export function isAbiError(e: unknown, code?: AbiErrorCode): e is AbiError {
  return e instanceof AbiError && (code === undefined || e.code === code);
}
