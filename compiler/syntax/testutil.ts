// Test support shared by the syntax and fmt tests: the corpus of valid programs.

import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const VALID_DIR = fileURLToPath(new URL("../testdata/valid/", import.meta.url));

export interface CorpusFile {
  name: string;
  text: string;
}

export function validCorpus(): CorpusFile[] {
  return readdirSync(VALID_DIR)
    .filter((f) => f.endsWith(".silk"))
    .sort()
    .map((name) => ({ name, text: readFileSync(VALID_DIR + name, "utf8") }));
}
