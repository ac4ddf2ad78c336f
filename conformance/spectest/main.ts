// `node dist/conformance/spectest/main.js <suite-dir>`: the spec-suite run CI performs.
// Prints "N passed, N failed" with the rejected-by-policy count; exits 1 on any failure.

import { SPEC_SCHEDULE, SpecRunner } from "./runner.js";
import { listSpecFiles } from "./suite.js";
import { V8Engine } from "../../vm/engine/v8/engine.js";
import { InterpEngine } from "../../vm/engine/interp/engine.js";

function main(argv: string[]): number {
  const dir = argv[0];
  if (!dir) {
    console.error("usage: spectest <wasm-testsuite folder>");
    return 2;
  }
  const files = listSpecFiles(dir);
  if (files.length === 0) {
    console.error(`no spec tests found in ${dir}`);
    return 2;
  }
  const runner = new SpecRunner([new V8Engine(SPEC_SCHEDULE), new InterpEngine(SPEC_SCHEDULE)]);
  for (const f of files) runner.runFile(f);
  const r = runner.report;
  for (const line of r.failures.slice(0, 200)) console.log(`FAIL ${line}`);
  const rules = Object.keys(r.policyRules).sort().map((k) => `${k}: ${r.policyRules[k]}`).join(", ");
  console.log(`rejected by policy: ${r.rejectedByPolicy} commands (modules by rule: ${rules})`);
  console.log(`not run: ${r.sharedWithRejected} commands on modules sharing a table or memory with a policy-rejected module`);
  console.log(`skipped (text-format modules; the VM takes binaries): ${r.skippedText}`);
  console.log(`${r.passed} passed, ${r.failed} failed`);
  return r.failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
