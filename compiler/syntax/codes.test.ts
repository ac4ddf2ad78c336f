import { expect, test } from "vitest";
import { CATALOGUE } from "../diagnostics/catalogue.js";
import { SYNTAX_CODES } from "./codes.js";

test("syntax codes agree with the central catalogue where it has them", () => {
  for (const [code, info] of Object.entries(SYNTAX_CODES)) {
    const central = (CATALOGUE as Record<string, { severity: string; template: string }>)[code];
    if (!central) continue; // not merged yet (e.g. E0006); the catalogue owner adds it
    expect({ code, severity: central.severity }).toEqual({ code, severity: info.severity });
  }
});
