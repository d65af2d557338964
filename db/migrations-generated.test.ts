import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DRIZZLE_KIT = join(ROOT, 'node_modules', '.bin', 'drizzle-kit');
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs drizzle-kit's generator over a copy of the committed migrations: it writes a new migration only
 * if the schema says something they do not. (It is run from the filesystem's root because it reads its
 * paths relative to where it runs.)
 */
function generateOver(dialect: 'sqlite' | 'postgresql', schema: string, migrations: string): string[] {
  dir = mkdtempSync(join(tmpdir(), 'concordat-migrations-'));
  const out = join(dir, 'migrations');
  cpSync(join(ROOT, migrations), out, { recursive: true });
  const before = readdirSync(out);
  execFileSync(DRIZZLE_KIT, ['generate', `--dialect=${dialect}`, `--schema=${join(ROOT, schema)}`, `--out=${out}`], {
    cwd: '/',
    stdio: 'pipe',
  });
  return readdirSync(out).filter((file) => !before.includes(file));
}

describe('committed migrations are what drizzle-kit generates from each dialect’s schema', () => {
  it('SQLite (db/schema.ts → db/migrations)', () => {
    expect(generateOver('sqlite', 'db/schema.ts', 'db/migrations')).toEqual([]);
  });

  it('PostgreSQL (db/postgres/schema.ts → db/postgres/migrations)', () => {
    expect(generateOver('postgresql', 'db/postgres/schema.ts', 'db/postgres/migrations')).toEqual([]);
  });
});
