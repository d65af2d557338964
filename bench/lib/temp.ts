import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh database path in its own temporary folder. */
export function tempDb(label: string): string {
  return join(mkdtempSync(join(tmpdir(), `concordat-bench-${label}-`)), 'bench.db');
}
