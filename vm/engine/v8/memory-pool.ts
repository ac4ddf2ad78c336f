// Recycled linear memories for the v8 engine. Creating a WebAssembly.Memory reserves a large
// guarded address range and costs tens of microseconds, most of a small contract call; a
// memory that comes back at its initial size is zeroed and handed out again, which is
// indistinguishable from a fresh one (every byte zero, same size and maximum).

const PAGE = 65536;
/** Memories above this size are not pooled: zeroing them costs more than a fresh reservation. */
const MAX_POOLED_PAGES = 16;
const PER_SHAPE = 8;

export class MemoryPool {
  private readonly free = new Map<string, WebAssembly.Memory[]>();

  take(initial: number, maximum: number | undefined): WebAssembly.Memory {
    const list = this.free.get(key(initial, maximum));
    const m = list?.pop();
    if (m) return m;
    return new WebAssembly.Memory(maximum === undefined ? { initial } : { initial, maximum });
  }

  give(m: WebAssembly.Memory, initial: number, maximum: number | undefined): void {
    // A memory that grew cannot shrink back: let the GC have it.
    if (initial > MAX_POOLED_PAGES || m.buffer.byteLength !== initial * PAGE) return;
    const k = key(initial, maximum);
    let list = this.free.get(k);
    if (!list) this.free.set(k, (list = []));
    if (list.length >= PER_SHAPE) return;
    new Uint8Array(m.buffer).fill(0);
    list.push(m);
  }
}

function key(initial: number, maximum: number | undefined): string {
  return `${initial}:${maximum ?? "-"}`;
}
