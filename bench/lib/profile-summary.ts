import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface TProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function across the .cpuprofile files in a folder, largest first, as shares of all samples. */
export function summariseProfiles(dir: string, top = 15): { fn: string; sharePct: number }[] {
  const self = new Map<string, number>();
  let total = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: TProfileNode[] };
    for (const node of profile.nodes) {
      const hits = node.hitCount ?? 0;
      total += hits;
      const { functionName, url, lineNumber } = node.callFrame;
      const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|db|bench)\//, '$1/');
      const key = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
      self.set(key, (self.get(key) ?? 0) + hits);
    }
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([fn, hits]) => ({ fn, sharePct: Math.round((1000 * hits) / total) / 10 }));
}
