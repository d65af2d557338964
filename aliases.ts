import { fileURLToPath } from 'node:url';

/** Path aliases, mirrored from tsconfig.json for Vite and Vitest (tsx reads tsconfig itself). */
export const aliases = {
  '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
  '@db': fileURLToPath(new URL('./db', import.meta.url)),
  '@server': fileURLToPath(new URL('./server', import.meta.url)),
  '@client': fileURLToPath(new URL('./client/src', import.meta.url)),
};
