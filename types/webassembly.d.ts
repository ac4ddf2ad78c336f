// The part of the WebAssembly JS API (https://webassembly.github.io/spec/js-api/) that the
// VM uses. @types/node for Node 20 does not declare it and lib.dom would pull in the browser.
declare namespace WebAssembly {
  type ExportValue = Function | Global | Memory | Table;
  type Exports = Record<string, ExportValue>;
  type ImportValue = Function | Global | Memory | Table | number | bigint;
  type Imports = Record<string, Record<string, ImportValue>>;
  type BufferSource = ArrayBufferView | ArrayBuffer;

  class Module {
    constructor(bytes: BufferSource);
    static exports(m: Module): { name: string; kind: string }[];
    static imports(m: Module): { module: string; name: string; kind: string }[];
  }
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  interface MemoryDescriptor { initial: number; maximum?: number }
  class Memory {
    constructor(d: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  interface GlobalDescriptor { value: "i32" | "i64" | "f32" | "f64"; mutable?: boolean }
  class Global {
    constructor(d: GlobalDescriptor, v?: number | bigint);
    value: number | bigint;
  }
  class Table {
    readonly length: number;
    get(i: number): unknown;
  }
  class CompileError extends Error {}
  class LinkError extends Error {}
  class RuntimeError extends Error {}
  function validate(bytes: BufferSource): boolean;
  function compile(bytes: BufferSource): Promise<Module>;
  function instantiate(bytes: BufferSource, imports?: Imports): Promise<{ module: Module; instance: Instance }>;
}
