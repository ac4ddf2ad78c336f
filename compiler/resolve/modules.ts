// Where an import specifier points. Two forms:
//   "./x", "../lib/y"  → relative to the importing file; ".silk" is appended when missing.
//   "std/<name>"       → <repo>/stdlib/silk/<name>.silk (the Silk standard library; the sibling
//                        folders stdlib/host and stdlib/abi are TypeScript and not importable).
// Anything else is not a module path (E0204).

import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** <repo>/stdlib/silk, located from this file (compiler/resolve/ in source and in dist/). */
export function defaultStdlibRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, "stdlib", "silk");
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return path.resolve("stdlib", "silk");
}

/** The absolute file a specifier names, or undefined when the form is not a module path. */
export function resolveSpecifier(spec: string, importer: string, stdlibRoot: string): string | undefined {
  const withExt = (p: string) => (p.endsWith(".silk") ? p : p + ".silk");
  if (spec.startsWith("std/")) {
    const rest = spec.slice(4);
    if (rest === "" || rest.split("/").some((s) => s === "" || s === "." || s === "..")) return undefined;
    return withExt(path.join(stdlibRoot, rest));
  }
  if (spec.startsWith("./") || spec.startsWith("../")) {
    return withExt(path.resolve(path.dirname(importer), spec));
  }
  return undefined;
}
