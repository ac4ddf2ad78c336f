import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { generateCstTypes } from "./cst-gen.js";

const file = fileURLToPath(new URL("./cst.generated.ts", import.meta.url));

test("the committed typed CST matches the grammar", () => {
  const fresh = generateCstTypes();
  if (process.env.UPDATE === "1") writeFileSync(file, fresh);
  expect(readFileSync(file, "utf8")).toBe(fresh);
});
