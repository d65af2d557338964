import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { aliases } from './aliases.ts';

const serverPort = Number(process.env.PORT ?? 3000);

/**
 * Writes dist/client/sw.js from client/service-worker.js with the list of built files it keeps, so the
 * app shell opens offline (docs/ARCHITECTURE.md, "Offline tablet"). Its version is a hash of those
 * files: a new build replaces the kept shell.
 */
function serviceWorker(): Plugin {
  return {
    name: 'concordat-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((name) => !name.endsWith('.map') && name !== 'index.html');
      const files = ['/', ...[...built, ...readdirSync('client/public')].sort().map((name) => `/${name}`)];
      const hash = createHash('sha256');
      for (const output of Object.values(bundle)) {
        hash.update(output.fileName).update(output.type === 'chunk' ? output.code : output.source);
      }
      const template = readFileSync('client/service-worker.js', 'utf8');
      const source = template
        .replace("const SHELL_FILES = ['/'];", `const SHELL_FILES = ${JSON.stringify(files)};`)
        .replace("const SHELL_VERSION = 'development';", `const SHELL_VERSION = '${hash.digest('hex').slice(0, 12)}';`);
      if (source.includes("'development'"))
        throw new Error('service-worker.js: the build could not fill in its constants');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

const ENTRY = resolve('client/src/main.tsx');
let firstLoadModules: Set<string> | null = null;

/** Every module reachable from the entry by static imports: what the first screen cannot start without. */
function firstLoad(getModuleInfo: (id: string) => { importedIds: readonly string[] } | null): Set<string> {
  if (firstLoadModules) return firstLoadModules;
  const seen = new Set<string>();
  const queue = [ENTRY];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(getModuleInfo(id)?.importedIds ?? []));
  }
  firstLoadModules = seen;
  return seen;
}

export default defineConfig({
  root: 'client',
  plugins: [react(), serviceWorker()],
  resolve: { alias: aliases },
  // Source maps are written for debugging on the build machine but not named in the scripts; the server
  // never serves them.
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    sourcemap: 'hidden',
    rolldownOptions: {
      output: {
        // The console's first screen in few files: a browser opens six connections to a server over HTTP/1.1,
        // so on a 3G tablet every extra round of files is another half second (docs/PERFORMANCE.md). Every
        // module the entry imports statically goes into one `core` file; each screen's own code, and the map,
        // chart and form libraries, still load on demand with the screen.
        codeSplitting: {
          groups: [
            {
              debugName: 'first load',
              name: (id, ctx) => (firstLoad((m) => ctx.getModuleInfo(m)).has(id) ? 'core' : null),
            },
          ],
        },
      },
    },
  },
  server: {
    // `npm run dev` serves the API on PORT; the Vite dev server proxies to it.
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/socket.io': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
