import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { aliases } from './aliases.ts';

const serverPort = Number(process.env.PORT ?? 3000);

export default defineConfig({
  root: 'client',
  plugins: [react()],
  resolve: { alias: aliases },
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    // `npm run dev` serves the API on PORT; the Vite dev server proxies to it.
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/socket.io': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
});
