// npm run -s token -- --tenant demo --email alice@contoso.example [--role admin] [--name "Alice"] [--hours 8]
// Prints a development bearer token on standard output and nothing else. It reads
// only the signing key in DATA_DIR, never the database, so it works while the
// server runs. The server creates the tenant and user on their first request.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadOrCreateDevKey, signDevToken } from '../server/src/auth/index.ts';
import { ConfigError, loadConfig } from '../server/src/config.ts';
import { EmailAddress } from '../server/src/crm/index.ts';

const Args = z.object({
  tenant: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'a tenant slug: lower case letters, digits and -'),
  email: EmailAddress,
  role: z.enum(['admin', 'member']).default('member'),
  name: z.string().min(1).optional(),
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
});

const USAGE =
  'Usage: npm run -s token -- --tenant <slug> --email <address> [--role admin|member] [--name <name>] [--hours <n>]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      hours: { type: 'string' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
const args = Args.safeParse(values);
if (!args.success) fail(args.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (config.auth.mode !== 'dev') fail('Development tokens are only accepted with AUTH_MODE=dev.');

const key = await loadOrCreateDevKey(config.auth.keyFile);
const token = await signDevToken(key, {
  tenant: args.data.tenant,
  email: args.data.email.toLowerCase(),
  role: args.data.role,
  name: args.data.name,
  ttlSeconds: Math.round(args.data.hours * 3600),
});
process.stdout.write(`${token}\n`);
