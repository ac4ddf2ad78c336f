// Reads the converted WebAssembly spec suite (wast2json output, see ../shared/wasm-testsuite/README.md).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface SpecValue { type: string; value?: string | string[]; lane_type?: string }
export interface SpecAction { type: "invoke" | "get"; module?: string; field: string; args?: SpecValue[] }
export interface SpecCommand {
  type: string;
  line: number;
  filename?: string;
  name?: string;
  as?: string;
  module_type?: "binary" | "text";
  text?: string;
  action?: SpecAction;
  expected?: SpecValue[];
}
export interface SpecFile { name: string; dir: string; commands: SpecCommand[] }

export function listSpecFiles(suiteDir: string): SpecFile[] {
  if (!existsSync(suiteDir)) return [];
  const out: SpecFile[] = [];
  for (const name of readdirSync(suiteDir).sort()) {
    const dir = join(suiteDir, name);
    const json = join(dir, `${name}.json`);
    if (!existsSync(json)) continue;
    const parsed = JSON.parse(readFileSync(json, "utf8")) as { commands: SpecCommand[] };
    out.push({ name, dir, commands: parsed.commands });
  }
  return out;
}

/** Default location of the suite relative to the project root (CI lays ../shared beside the clone). */
export const DEFAULT_SUITE = join(import.meta.dirname ?? ".", "..", "..", "..", "shared", "wasm-testsuite");
