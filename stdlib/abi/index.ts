// The ABI codec (DESIGN §4; normative text in docs/abi.md).
export * from "./errors.js";
export * from "./types.js";
export * from "./codec.js";
export * from "./selector.js";
export * from "./schema.js";
export * from "./contract.js";
export * from "./call-expr.js";
