import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type Rollup } from 'vite';
import react from '@vitejs/plugin-react';
import { builtPageUrls, forbidModules, precompressAssets, preloadModules, preloadStylesheet, routeModules } from './build-plugins.ts';

/**
 * Writes into the built service worker (public/sw.js, copied to dist/sw.js) the app shell it caches when it
 * installs: the files the page references (its entry, preloaded modules and stylesheet, icons) and the
 * manifest's icons, with a version from their names, so each build's worker is a new version with its own cache.
 */
function serviceWorkerBuild(): Plugin {
  let outDir = '';
  return {
    name: 'kindred:service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    // Before closeBundle, where precompressAssets writes sw.js.br and .gz.
    async writeBundle(_options, bundle) {
      const manifest = JSON.parse(await fs.readFile(path.join(outDir, 'manifest.webmanifest'), 'utf8')) as { icons: { src: string }[] };
      const referenced = builtPageUrls(bundle, 'the service worker').filter((url) => url.startsWith('/') && !url.startsWith('/api/'));
      const html = String((bundle['index.html'] as Rollup.OutputAsset).source);
      const shell = [...new Set([...referenced, ...manifest.icons.map((icon) => icon.src)])].sort();
      const version = crypto.createHash('sha256').update(html).update(shell.join('\n')).digest('hex').slice(0, 12);
      const file = path.join(outDir, 'sw.js');
      const source = await fs.readFile(file, 'utf8');
      const marked = /\/\* kindred:build \*\/.*\/\* \/kindred:build \*\//;
      if (!marked.test(source)) throw new Error('sw.js has lost its kindred:build markers');
      await fs.writeFile(file, source.replace(marked, () => JSON.stringify({ version, shell })));
    },
  };
}

/** The app's components, data and helpers outside the sections that load on their own (companions, map, form, charts). */
const SHARED_MODULES = /src[\\/](components|data|lib)[\\/](?!leaflet-map|wall-time|companion|chat|availability|invite-item|match|charts|health)/;

const reactRouter = path.dirname(createRequire(import.meta.url).resolve('react-router/package.json'));

export default defineConfig(({ command }) => ({
  plugins: [
    react(),
    preloadStylesheet('src/styles/global.css'),
    preloadModules({ entries: ['src/main.tsx'], chunks: ['components'], dictionaries: { en: 'src/i18n/en.ts', 'zh-CN': 'src/i18n/zh.ts' } }),
    precompressAssets(),
    forbidModules(['@sinclair/typebox']),
    serviceWorkerBuild(),
    routeModules('src/routes'),
  ],
  resolve: {
    alias: [
      // The taxonomy, the limits, the field reasons and money's units are the only runtime values the web takes from the contract. Importing
      // them directly keeps TypeBox (used by the schemas) out of the browser bundle (see forbidModules).
      { find: '@kindred/contract/taxonomy', replacement: fileURLToPath(new URL('../contract/src/taxonomy.ts', import.meta.url)) },
      { find: '@kindred/contract/limits', replacement: fileURLToPath(new URL('../contract/src/limits.ts', import.meta.url)) },
      { find: '@kindred/contract/field-reasons', replacement: fileURLToPath(new URL('../contract/src/field-reasons.ts', import.meta.url)) },
      { find: '@kindred/contract/money', replacement: fileURLToPath(new URL('../contract/src/money.ts', import.meta.url)) },
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
      // The app (src/main.tsx) is an entry of its own as well as the page's (src/boot.ts, which imports it
      // after the first paint), so what it imports at start stays in the initial chunks below.
      input: { index: fileURLToPath(new URL('./index.html', import.meta.url)), main: fileURLToPath(new URL('./src/main.tsx', import.meta.url)) },
      output: {
        // What every page needs comes in a few files (libraries, app frame, the components most pages share);
        // each page adds its own chunk and the smaller pieces it shares with one other page or a few; the
        // companions section, the map (Leaflet), the activity form (luxon) and the console's health charts
        // (uPlot) load only where they are used. A page's extra files cost no round trip: the server names
        // them in the head of the page opened (route-modules.json, packages/server/src/web-preloads.ts).
        codeSplitting: {
          groups: [
            // The page's entry with Vite's helpers for loading modules, and nothing else (see src/boot.ts).
            { name: 'boot', test: /web[\\/]index\.html$|src[\\/]boot\.ts$|vite[\\/](modulepreload-polyfill|preload-helper)/, priority: 6 },
            { name: 'vendor', test: /node_modules[\\/](?!leaflet|luxon|uplot)/, priority: 5 },
            { name: 'app', tags: ['$initial'], priority: 4 },
            { name: 'components', test: SHARED_MODULES, minShareCount: 3, priority: 3 },
            { name: 'shared', test: SHARED_MODULES, minShareCount: 2, priority: 2 },
            { name: 'companions', test: /src[\\/](routes|components|lib|data)[\\/](companion|chat|availability|invite-item|match)/, priority: 1 },
          ],
        },
      },
    },
  },
}));
