import { expect, test } from "vitest";
import { SilkParser } from "./parser.js";

// Separate file from parser-once.test.ts: vitest runs each file in its own process, and this
// one builds an extra parser on purpose.
test("the grammar passes Chevrotain's validations (ambiguity, left recursion, …)", () => {
  expect(() => new SilkParser(true)).not.toThrow();
});
