import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { checkFiles } from "../driver/driver.js";
import { defaultStdlibRoot, resolveSpecifier } from "./modules.js";

function resolveMemory(files: Record<string, string>) {
  const r = checkFiles(["/mem/main.silk"], { readFile: (p) => files[p], stopAfter: "resolve" });
  return r;
}

describe("module specifiers", () => {
  it("maps std/x to stdlib/silk/x.silk and relative paths to files beside the importer", () => {
    expect(resolveSpecifier("std/access", "/p/a.silk", "/lib")).toBe("/lib/access.silk");
    expect(resolveSpecifier("./b", "/p/a.silk", "/lib")).toBe("/p/b.silk");
    expect(resolveSpecifier("../q/c.silk", "/p/a.silk", "/lib")).toBe("/q/c.silk");
    expect(resolveSpecifier("std/../etc", "/p/a.silk", "/lib")).toBeUndefined();
    expect(resolveSpecifier("lodash", "/p/a.silk", "/lib")).toBeUndefined();
  });
  it("finds the repository's standard library", () => {
    expect(defaultStdlibRoot().split(path.sep).slice(-2)).toEqual(["stdlib", "silk"]);
  });
});

describe("name binding", () => {
  it("binds each use to its declaration: locals, shadowing, items, variants, builtins", () => {
    const r = resolveMemory({
      "/mem/main.silk": [
        "const K: u8 = 1;",
        "enum E { A, B(u8) }",
        "fn f(a: u8) -> u8 {",
        "    let a = a + K;",
        "    let _e = E::B(a);",
        "    let _s = msg.sender;",
        "    return a;",
        "}",
      ].join("\n"),
    });
    expect(r.diagnostics).toEqual([]);
    const p = r.resolved!;
    const kinds = [...p.values.entries()].map(([e, ref]) => [e.path.segments.map((s) => s.text).join("::"), ref.kind]);
    expect(kinds).toEqual([
      ["a", "local"],
      ["K", "item"],
      ["E::B", "variant"],
      ["a", "local"],
      ["msg", "builtin"],
      ["a", "local"],
    ]);
    // `let a = a + K` reads the parameter; the later `a`s read the new binding.
    const locals = [...p.values.values()].filter((v) => v.kind === "local").map((v) => (v.kind === "local" ? v.local.origin : ""));
    expect(locals).toEqual(["param", "let", "let"]);
  });

  it("suggests the closest name", () => {
    const r = resolveMemory({ "/mem/main.silk": "fn f(balance: u8) -> u8 {\n    return balanse;\n}\n" });
    expect(r.diagnostics[0]!.hints).toEqual(["did you mean `balance`?"]);
  });

  it("reports an import cycle once, naming every file on it", () => {
    const r = resolveMemory({
      "/mem/main.silk": 'import { b } from "./b";\nfn a() {}\n',
      "/mem/b.silk": 'import { a } from "./main";\nfn b() {}\n',
    });
    const cyc = r.diagnostics.filter((d) => d.code === "E0206");
    expect(cyc).toHaveLength(1);
    expect(cyc[0]!.message).toBe("import cycle: main.silk → b.silk → main.silk");
  });
});

describe("composition", () => {
  const src = [
    "component Ownable {",
    "    storage { owner: address }",
    "    init() { self.owner = msg.sender; }",
    "    pub fn owner() -> address { return self.owner; }",
    "}",
    "component Pausable {",
    "    use Ownable;",
    "    storage { paused: bool }",
    "    pub fn pause() { self.paused = true; }",
    "}",
    "contract C {",
    "    use Pausable;",
    "    use Ownable;",
    "    storage { owner: u8 }",
    "    init() { self.owner = 1; }",
    "    pub fn f() {}",
    "}",
  ].join("\n");

  it("namespaces storage per component so same-named fields never collide", () => {
    const r = resolveMemory({ "/mem/main.silk": src });
    expect(r.diagnostics).toEqual([]);
    const c = r.resolved!.contracts[0]!;
    const keys = c.storage.map((f) => [...f.namespace, f.name].join("::"));
    expect(keys).toEqual(["owner", "Pausable::paused", "Ownable::owner"]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("shares a diamond-used component once and orders inits components-first", () => {
    const c = resolveMemory({ "/mem/main.silk": src }).resolved!.contracts[0]!;
    expect(c.components.map((x) => x.name)).toEqual(["Pausable", "Ownable"]);
    expect(c.inits.map((i) => i.owner)).toEqual(["Ownable", "C"]);
    expect(c.entryPoints.map((f) => `${f.owner}.${f.decl.name.text}`).sort()).toEqual(["C.f", "Ownable.owner", "Pausable.pause"]);
  });

  it("inside a contract, its own field shadows a component's", () => {
    const c = resolveMemory({ "/mem/main.silk": src }).resolved!.contracts[0]!;
    expect(c.view.storage.get("owner")!.namespace).toEqual([]);
    expect(c.view.storage.get("paused")!.namespace).toEqual(["Pausable"]);
  });
});
