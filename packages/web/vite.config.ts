import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The taxonomy is the only runtime value the web takes from the contract. Importing it
    // directly keeps TypeBox (used by the schemas) out of the browser bundle.
    alias: {
      '@kindred/contract/taxonomy': fileURLToPath(new URL('../contract/src/taxonomy.ts', import.meta.url)),
    },
  },
  server: {
    port: 5173,
    // ws: the chat's live connection (/api/v1/realtime) goes through the same proxy.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false, ws: true } },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 700 },
});
