import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { forbidModules, precompressAssets, preloadModules, preloadStylesheet } from './build-plugins.ts';

const reactRouter = path.dirname(createRequire(import.meta.url).resolve('react-router/package.json'));

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    preloadStylesheet('src/styles/global.css'),
    preloadModules({ chunks: ['components', 'home'], dictionaries: { en: 'src/i18n/en.ts', 'zh-CN': 'src/i18n/zh.ts' } }),
    precompressAssets(),
    forbidModules(['@sinclair/typebox']),
  ],
  resolve: {
    alias: [
      // The taxonomy and the limits are the only runtime values the web takes from the contract. Importing
      // them directly keeps TypeBox (used by the schemas) out of the browser bundle (see forbidModules).
      { find: '@kindred/contract/taxonomy', replacement: fileURLToPath(new URL('../contract/src/taxonomy.ts', import.meta.url)) },
      { find: '@kindred/contract/limits', replacement: fileURLToPath(new URL('../contract/src/limits.ts', import.meta.url)) },
      // React Router's package exports only its development build (with its warnings); the production
      // build beside it differs in that alone, and is the one shipped.
      ...(command === 'build'
        ? [
            { find: /^react-router$/, replacement: path.join(reactRouter, 'dist/production/index.mjs') },
            { find: /^react-router\/dom$/, replacement: path.join(reactRouter, 'dist/production/dom-export.mjs') },
          ]
        : []),
    ],
  },
  server: {
    port: 5173,
    // ws: the chat's live connection (/api/v1/realtime) goes through the same proxy.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false, ws: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        // A phone pays a round trip per file: a few chunks of sensible size rather than dozens of tiny ones.
        // What every page needs comes in two files (libraries, app frame); each page adds its own chunk and
        // the shared components; the companions section, the map (Leaflet), the activity form (luxon) and the
        // console's health charts (uPlot) load only where they are used.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](?!leaflet|luxon|uplot)/, priority: 4 },
            { name: 'app', tags: ['$initial'], priority: 3 },
            { name: 'components', test: /src[\\/](components|data|lib)[\\/](?!leaflet-map|wall-time|companion|chat|availability|invite-item|match|charts|health)/, priority: 2 },
            { name: 'companions', test: /src[\\/](routes|components|lib|data)[\\/](companion|chat|availability|invite-item|match)/, priority: 1 },
          ],
        },
      },
    },
  },
}));
