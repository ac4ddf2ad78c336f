// bench/RESULTS.md is shared by several benchmarks: each owns one `## ` section and replaces
// only that section, so running one benchmark never erases another's figures.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const HEADER = "# Silk benchmark results\n\nEach section is written by its own benchmark; the figures are medians, with the machine, date and load they were measured under.\n";

/** Replace (or append) the section whose first line is `heading` (a `## ` line). */
export function writeResultsSection(root: string, heading: string, section: string): string {
  if (!heading.startsWith("## ") || !section.startsWith(heading)) throw new Error("a section must start with its ## heading");
  const path = join(root, "bench", "RESULTS.md");
  const old = existsSync(path) ? readFileSync(path, "utf8") : HEADER;
  const body = section.endsWith("\n") ? section : `${section}\n`;
  const start = old.indexOf(`\n${heading}\n`);
  let next: string;
  if (start < 0) {
    next = `${old.endsWith("\n") ? old : `${old}\n`}\n${body}`;
  } else {
    const after = old.indexOf("\n## ", start + 1);
    next = old.slice(0, start + 1) + body + (after < 0 ? "" : `\n${old.slice(after + 1)}`);
  }
  writeFileSync(path, next.replace(/\n{3,}/g, "\n\n"));
  return path;
}
