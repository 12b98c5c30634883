// How the server's bytes travel: every text response compressed (brotli or gzip, as
// the caller accepts), the pane's hashed files sent as compressed at build time.
//
// - Dynamic responses (HTML, JSON, manifests, CSV): `compression`, brotli at quality 4
//   (its default: on a 2-core machine quality 11 costs more CPU than it saves bytes on
//   a few kB), gzip where brotli is not accepted, nothing below 1 kB (the headers and
//   the encoder's framing would eat the gain). Images and other encoded types are
//   left alone (compressible's list).
// - The pane's hashed files (/pane): the build writes .br (quality 11) and .gz (level 9)
//   beside each one (addin/vite.config.ts); express-static-gzip picks brotli, else gzip,
//   else the file itself, with Vary: Accept-Encoding and the immutable caching.
// - Range requests are answered from the stored bytes, never compressed on the fly: a
//   206 of a body compressed after slicing would not be a range of anything the client
//   can reassemble. There is no streaming response (server-sent events) today; if one
//   comes, it calls res.flush() after each event (compression supports it).
import { realpathSync } from 'node:fs';
import compression from 'compression';
import type { Request, RequestHandler, Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Below this many bytes a response goes as it is. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD_BYTES,
    filter: (req: Request, res: Response) => !req.headers.range && compression.filter(req, res),
  });
}

/** One year: the name changes when the content does. */
const IMMUTABLE = { immutable: true, maxAge: '365d', index: false, fallthrough: true } as const;

/**
 * Serves `dir`'s files with their precompressed twins. express-static-gzip lists the
 * twins once, when it is created; the served folder is a symbolic link that a build
 * swaps for a new one under a running server (scripts/build-pane.ts), so there is one
 * instance per build the link has pointed at (two or three in a server's life).
 */
export function servePrecompressed(dir: string): RequestHandler {
  const byBuild = new Map<string, RequestHandler>();
  return (req, res, next) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      next(); // Not built: the 404 below.
      return;
    }
    let serve = byBuild.get(real);
    if (!serve) {
      serve = expressStaticGzip(real, {
        enableBrotli: true,
        orderPreference: ['br', 'gzip'],
        index: false,
        serveStatic: IMMUTABLE,
      }) as RequestHandler;
      byBuild.set(real, serve);
    }
    serve(req, res, next);
  };
}
