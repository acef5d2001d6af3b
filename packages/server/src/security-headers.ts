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
 * Helmet's middleware is built once here and applied to each response
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
  app.addHook('onRequest', (request, reply, done) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    apply(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
}
