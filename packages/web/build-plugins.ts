import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { HtmlTagDescriptor, IndexHtmlTransformContext, Plugin, ResolvedConfig, Rollup } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest|map)$/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

/**
 * Writes `name.br` (brotli, best) and `name.gz` (gzip, best) beside each text file of the build,
 * so the server sends them as they are instead of compressing every response on the fly.
 */
export function precompressAssets(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'kindred:precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir);
      // Not the page (index.html): the server sends each visitor a variant of it, compressed as it goes.
      const files = (await filesUnder(outDir)).filter((f) => COMPRESSIBLE.test(f) && path.relative(outDir, f) !== 'index.html');
      let written = 0;
      await Promise.all(
        files.map(async (file) => {
          const content = await fs.readFile(file);
          const [br, gz] = await Promise.all([
            brotli(content, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
                [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
              },
            }),
            gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION }),
          ]);
          // A variant no smaller than the file is left out (the file is sent as it is).
          if (br.length < content.length) await fs.writeFile(`${file}.br`, br);
          if (gz.length < content.length) await fs.writeFile(`${file}.gz`, gz);
          written++;
        }),
      );
      config.logger.info(`precompressed ${written} files (.br, .gz)`);
    },
  };
}

/**
 * Fails the build when a module of one of the `packages` is bundled: a single value import from the
 * contract's index brings in every schema and TypeBox with them, code every page would download and run
 * at start for nothing.
 */
export function forbidModules(packages: string[]): Plugin {
  const forbidden = (id: string) => packages.some((name) => id.replaceAll('\\', '/').includes(`/node_modules/${name}/`));
  return {
    name: 'kindred:forbid-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      if (!Object.values(bundle).some((file) => file.type === 'chunk' && file.moduleIds.some(forbidden))) return;
      const importers = [...this.getModuleIds()].filter((id) => !forbidden(id) && this.getModuleInfo(id)?.importedIds.some(forbidden));
      this.error(`${packages.join(', ')} must stay out of the browser bundle; imported by ${importers.join(', ')}`);
    },
  };
}

type BundleFile = NonNullable<IndexHtmlTransformContext['bundle']>[string];

/** A build-only plugin adding tags to the page's head, chosen from the built files. */
function headTags(name: string, tags: (files: BundleFile[], base: string) => HtmlTagDescriptor[]): Plugin {
  let base = '/';
  return {
    name,
    apply: 'build',
    configResolved(resolved) {
      base = resolved.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, ctx) => tags(Object.values(ctx.bundle ?? {}), base),
    },
  };
}

/**
 * The app applies its stylesheet itself (imported with `?url`) and renders once it has loaded, so the
 * page's head only preloads it: the download starts with the page, and the first paint is not held back.
 */
export function preloadStylesheet(source: string): Plugin {
  return headTags('kindred:preload-stylesheet', (files, base) => {
    const asset = files.find((file) => file.type === 'asset' && file.originalFileNames.some((name) => name.endsWith(source)));
    if (!asset) throw new Error(`No built stylesheet for ${source}`);
    return [{ tag: 'link', attrs: { rel: 'preload', as: 'style', href: `${base}${asset.fileName}` }, injectTo: 'head' }];
  });
}

/**
 * `<link rel="modulepreload">` in the page's head for modules the app imports as soon as it starts, so
 * they download alongside its entry instead of once it has run: the `chunks` named (the components every
 * page's chunk imports, the landing page's own) and each language's dictionary. A dictionary's link
 * carries `data-lang`; the server sends each visitor only their language's (packages/server/src/web-app.ts).
 */
export function preloadModules({ entries, chunks, dictionaries }: { entries: string[]; chunks: string[]; dictionaries: Record<string, string> }): Plugin {
  return headTags('kindred:preload-modules', (files, base) => {
    const output = files.filter((file) => file.type === 'chunk');
    const byFile = new Map(output.map((chunk) => [chunk.fileName, chunk]));
    // The modules the page's entry starts by importing (the app, after its first paint), with all they import.
    const started = new Set<string>();
    const start = (fileName: string) => {
      const chunk = byFile.get(fileName);
      if (!chunk || started.has(fileName)) return;
      started.add(fileName);
      chunk.imports.forEach(start);
    };
    for (const source of entries) {
      const chunk = output.find((c) => c.facadeModuleId?.endsWith(source));
      if (!chunk) throw new Error(`No chunk for ${source}`);
      start(chunk.fileName);
    }
    const link = (fileName: string, lang?: string): HtmlTagDescriptor => ({
      tag: 'link',
      attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${fileName}`, ...(lang ? { 'data-lang': lang } : {}) },
      injectTo: 'head',
    });
    const named = chunks.map((name) => {
      const chunk = output.find((c) => c.name === name);
      if (!chunk) throw new Error(`No chunk named ${name}`);
      return chunk.fileName;
    });
    const modules = [...new Set([...started, ...named])].filter((fileName) => !byFile.get(fileName)?.facadeModuleId?.endsWith('index.html')).map((fileName) => link(fileName));
    const perLanguage = Object.entries(dictionaries).map(([lang, source]) => {
      const chunk = output.find((c) => c.facadeModuleId?.endsWith(source));
      if (!chunk) throw new Error(`No chunk for ${source}`);
      return link(chunk.fileName, lang);
    });
    return [...modules, ...perLanguage];
  });
}

/** The URLs the built page (index.html) references in `href` and `src`; `purpose` names the caller in the error when there is none. */
export function builtPageUrls(bundle: Rollup.OutputBundle, purpose: string): string[] {
  const page = bundle['index.html'];
  if (page?.type !== 'asset') throw new Error(`No built index.html for ${purpose}`);
  return [...String(page.source).matchAll(/\b(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
}

/**
 * Writes `route-modules.json` beside the page: for each page module under `routesDir` (e.g. "group" for
 * src/routes/group.tsx), the built files it needs that the page's head does not already load (its chunk,
 * the chunks it imports, and its stylesheets). The server adds them to the head of the page a visitor opens
 * (packages/server/src/web-preloads.ts), so they download with the app instead of once it has run.
 */
export function routeModules(routesDir: string): Plugin {
  let outDir = '';
  let base = '/';
  return {
    name: 'kindred:route-modules',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      base = config.base;
    },
    async writeBundle(_options, bundle) {
      const inHead = new Set(builtPageUrls(bundle, 'the route modules'));
      const chunks = new Map(Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])));
      const dir = `${path.resolve(routesDir).replaceAll('\\', '/')}/`;
      const map: Record<string, { modules: string[]; styles: string[] }> = {};
      for (const chunk of chunks.values()) {
        const source = chunk.facadeModuleId?.replaceAll('\\', '/');
        if (!chunk.isDynamicEntry || !source?.startsWith(dir)) continue;
        const modules: string[] = [];
        const styles = new Set<string>();
        const visit = (fileName: string) => {
          const url = `${base}${fileName}`;
          const file = chunks.get(fileName);
          if (!file || inHead.has(url) || modules.includes(url)) return;
          modules.push(url);
          for (const css of file.viteMetadata?.importedCss ?? []) styles.add(`${base}${css}`);
          file.imports.forEach(visit);
        };
        visit(chunk.fileName);
        map[path.basename(source).replace(/\.[jt]sx?$/, '')] = { modules, styles: [...styles] };
      }
      await fs.writeFile(path.join(outDir, 'route-modules.json'), `${JSON.stringify(map, null, 1)}\n`);
    },
  };
}
