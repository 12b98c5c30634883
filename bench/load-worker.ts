// The load generator, in its own process so it does not share the server's event
// loop. Asks the lookup endpoint for random known contacts; prints autocannon's JSON.
import autocannon from 'autocannon';
import { z } from 'zod';

const [url, token, connections, seconds, emailsJson] = process.argv.slice(2);
if (!url || !token || !emailsJson) throw new Error('usage: load-worker.ts URL TOKEN CONNECTIONS SECONDS EMAILS_JSON');
const emails = z.array(z.string()).min(1).parse(JSON.parse(emailsJson));

const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  headers: { authorization: `Bearer ${token}` },
  requests: [
    {
      setupRequest: (req) => {
        const email = emails[Math.floor(Math.random() * emails.length)]!;
        return { ...req, path: `/api/v1/contacts/lookup?email=${encodeURIComponent(email)}` };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  }),
);
