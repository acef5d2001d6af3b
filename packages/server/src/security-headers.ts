import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';

/**
 * Security headers on every response: a content security policy that lets
 * scripts come only from this server, no framing by other sites, no MIME
 * sniffing, a strict referrer policy, and HSTS once the request came over
 * HTTPS (directly or through a trusted proxy) — sent over plain HTTP it would
 * be ignored, and on localhost it would pin a developer's browser to HTTPS.
 *
 * Helmet's middleware is built once here and its headers read from it once
 * (@fastify/helmet builds it again, parsing the policy, for every request).
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'mapTileUrl'>) {
  const tiles = config.mapTileUrl ? new URL(config.mapTileUrl.replace(/\{[a-z]\}/g, '0')).origin : null;
  const apply = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React, Leaflet and the API docs page set style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...(tiles ? [tiles] : [])],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The service worker (/sw.js) and the locale warm-up worker; the web app manifest.
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  });
  const headers = headersOf(apply);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    done();
  });
}

/**
 * The headers Helmet's middleware sets, read once: they depend on nothing in
 * the request, so each response gets the same object (Helmet's own work,
 * rebuilding them per response, cost a few percent of a short request).
 */
function headersOf(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => undefined,
  };
  let done = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => void (done = true));
  if (!done || Object.keys(headers).length === 0) throw new Error('Helmet did not set its headers synchronously');
  return headers;
}
