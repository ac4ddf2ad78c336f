// Typed failures of the VM's front half. Every rejection names the rule that caused it,
// so tools and the spec runner can tell "malformed" from "invalid" from "outside policy".

/** Malformed binary (spec §5): `offset` is the byte offset where decoding failed. */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  constructor(readonly offset: number, message: string, readonly rule: string = "decode.malformed") {
    super(`${message} (at byte ${offset})`);
  }
}

/**
 * A module that decodes but is not accepted: `rule` is `spec.*` for a violation of the
 * WebAssembly validation rules (spec §3), `policy.*` for a feature the deterministic policy
 * forbids, and `limit.*` for a size limit of the policy.
 */
export class ValidationError extends Error {
  override readonly name = "ValidationError";
  constructor(readonly rule: string, message: string, readonly func?: number, readonly offset?: number) {
    super(func === undefined ? `${rule}: ${message}` : `${rule}: ${message} (in function ${func})`);
  }
}

export type RejectionKind = "malformed" | "invalid" | "policy";

export function rejectionKind(e: DecodeError | ValidationError): RejectionKind {
  if (e instanceof DecodeError) return e.rule.startsWith("policy.") ? "policy" : "malformed";
  return e.rule.startsWith("spec.") ? "invalid" : "policy";
}
