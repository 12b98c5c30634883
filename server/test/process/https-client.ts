// HTTPS from the process tests to a server they started (its own certificate) or to the
// Graph simulator in that server's process (a certificate of its own making).
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

export type HttpsAnswer = { status: number; headers: IncomingHttpHeaders; text: string };

export type HttpsOptions = { ca?: string; method?: string; headers?: Record<string, string>; body?: string };

export function httpsRequest(url: string, options: HttpsOptions = {}): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers,
        // The simulator's certificate lives in the server's process only; it answers on loopback.
        ...(options.ca ? { ca: options.ca } : { rejectUnauthorized: false }),
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
