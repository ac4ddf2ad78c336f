// The one door to Chevrotain: every value the compiler takes from it comes through here, so the
// whole process shares one copy (token type indices and `EOF` are per copy, and tokens of one
// copy do not match the grammar of another).
//
// Why not `import … from "chevrotain"`: the package's entry point (lib/src/api.js) is ~40 ES
// modules that pull in lodash-es, several hundred more; loading them costs ~250 ms at start-up,
// more than a warm check of 5,000 lines. The package ships the same version as one pre-bundled
// ES module (lib/chevrotain.mjs, ~15 ms to load), but its `exports` map does not expose it, so
// it is located next to the entry point. If it is ever missing, the entry point is used.
// (bench/check.bench.ts measures both.)

import type * as Chevrotain from "chevrotain";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export type {
  CstNode,
  ICstVisitor,
  ILookaheadStrategy,
  ILLkLookaheadValidator,
  IParserErrorMessageProvider,
  IRecognitionException,
  IOrAlt,
  IToken,
  LookaheadProductionType,
  OrMethodOpts,
  LookaheadSequence,
  OptionalProductionType,
  ParserMethod,
  Rule,
  TokenType,
} from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    const entry = createRequire(import.meta.url).resolve("chevrotain"); // <pkg>/lib/src/api.js
    const bundle = join(dirname(entry), "..", "chevrotain.mjs");
    if (existsSync(bundle)) return (await import(pathToFileURL(bundle).href)) as typeof Chevrotain;
  } catch {
    // Fall back to the entry point below.
  }
  return await import("chevrotain");
}

const chevrotain = await load();

export const {
  CstParser,
  EOF,
  LLkLookaheadStrategy,
  Lexer,
  createToken,
  generateCstDts,
  getLookaheadPaths,
  tokenMatcher,
} = chevrotain;
