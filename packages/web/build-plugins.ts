import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { HtmlTagDescriptor, Plugin, ResolvedConfig } from 'vite';

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
      const files = (await filesUnder(outDir)).filter((f) => COMPRESSIBLE.test(f));
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
          // Even index.html, small as it is: the server then never compresses a page on the fly.
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
 * The app applies its stylesheet itself (imported with `?url`) and renders once it has loaded, so the
 * page's head only preloads it: the download starts with the page, and the first paint is not held back.
 */
export function preloadStylesheet(source: string): Plugin {
  let base = '/';
  return {
    name: 'kindred:preload-stylesheet',
    apply: 'build',
    configResolved(resolved) {
      base = resolved.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const asset = Object.values(ctx.bundle ?? {}).find(
          (file) => file.type === 'asset' && file.originalFileNames.some((name) => name.endsWith(source)),
        );
        if (!asset) throw new Error(`No built stylesheet for ${source}`);
        const tag: HtmlTagDescriptor = { tag: 'link', attrs: { rel: 'preload', as: 'style', href: `${base}${asset.fileName}` }, injectTo: 'head' };
        return [tag];
      },
    },
  };
}
