// The load generator, in its own process so it does not share the server's event
// loop. Asks for random paths of the given list (lookups of known contacts, searches);
// prints autocannon's totals and the latency percentiles it measured per response.
import autocannon from 'autocannon';
import { z } from 'zod';

const [url, token, connections, seconds, pathsJson] = process.argv.slice(2);
if (!url || !token || !pathsJson) throw new Error('usage: load-worker.ts URL TOKEN CONNECTIONS SECONDS PATHS_JSON');
const paths = z.array(z.string()).min(1).parse(JSON.parse(pathsJson));

const latencies: number[] = [];
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url,
      connections: Number(connections),
      duration: Number(seconds),
      headers: { authorization: `Bearer ${token}` },
      requests: [{ setupRequest: (req) => ({ ...req, path: paths[Math.floor(Math.random() * paths.length)]! }) }],
    },
    (error: unknown, done) => {
      if (error) reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error }));
      else resolve(done);
    },
  );
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    // From the per-response times: autocannon's own percentiles are whole milliseconds,
    // too coarse to compare a 2 ms lookup with a 1.4 ms bare query.
    p50: Math.round(at(0.5) * 100) / 100,
    p95: Math.round(at(0.95) * 100) / 100,
    p99: Math.round(at(0.99) * 100) / 100,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
);
