// Small helpers shared by the command files.

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;
export const EXIT_REJECTED = 3;

/** A usage problem found after argument parsing (bad hex, missing file): exit 2 with a message. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export function parseHex(s: string, what: string): Uint8Array {
  const h = s.startsWith("0x") ? s.slice(2) : s;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new UsageError(`${what} must be hex bytes, got "${s}"`);
  return Uint8Array.from(Buffer.from(h, "hex"));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function parseBigIntArg(s: string, what: string): bigint {
  if (!/^(0x[0-9a-fA-F]+|[0-9][0-9_]*)$/.test(s)) throw new UsageError(`${what} must be a non-negative integer, got "${s}"`);
  return BigInt(s.replaceAll("_", ""));
}

/** Run a command body, turning UsageError into exit code 2. */
export async function guarded(body: () => Promise<number> | number): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`silk: ${e.message}`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    throw e;
  }
}

/** Where a command writes, and whether diagnostics may be coloured (the command bodies take it, so tests can capture). */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
  isTty: boolean;
  cwd: string;
}

/** The real process's streams; colour follows stderr, where diagnostics go. */
export function processIo(): CliIo {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    isTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}
