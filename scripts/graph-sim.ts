// npm run graph:sim [-- --port 4443]: a Graph simulator with a demo tenant and a generated
// population, for trying the sync by hand. Runs until Ctrl-C.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generatePopulation, startGraphSimulator } from '../server/src/graph/simulator/index.ts';

const portArg = process.argv.indexOf('--port');
const port = Number(portArg >= 0 ? process.argv[portArg + 1] : (process.env.PORT ?? 4443));
const tenant = {
  directoryTenantId: '0c8a6c3e-3b3f-4d3a-9a64-5d0c6e1f2a01',
  clientId: '4f1e2d3c-5b6a-4978-8e9d-0a1b2c3d4e5f',
  clientSecret: 'demo-secret~not-for-production',
  domains: ['contoso.example'],
};

const sim = await startGraphSimulator({ port, latencyMs: 20 });
sim.addTenant(tenant);
const users = generatePopulation(sim, {
  directoryTenantId: tenant.directoryTenantId,
  users: 5,
  messagesPerMailbox: 200,
  seed: 42,
  ownDomains: tenant.domains,
});
const caPath = path.resolve('data/graph-sim-ca.pem');
mkdirSync(path.dirname(caPath), { recursive: true });
writeFileSync(caPath, sim.ca);

const lines = [
  `Graph simulator at ${sim.url} (Graph: ${sim.graphBaseUrl})`,
  `CA certificate: ${caPath}`,
  `Tenant ${tenant.directoryTenantId}, client id ${tenant.clientId}, secret ${tenant.clientSecret}`,
  `Users: ${users.map((u) => `${u.mail} (${u.id})`).join(', ')}`,
  '',
  'Try:',
  `  TOKEN=$(curl -s --cacert ${caPath} ${sim.url}/${tenant.directoryTenantId}/oauth2/v2.0/token \\`,
  `    -d grant_type=client_credentials -d client_id=${tenant.clientId} \\`,
  `    --data-urlencode 'client_secret=${tenant.clientSecret}' \\`,
  `    --data-urlencode 'scope=https://graph.microsoft.com/.default' | sed -E 's/.*"access_token":"([^"]+)".*/\\1/')`,
  `  curl -s --cacert ${caPath} -H "Authorization: Bearer $TOKEN" ${sim.graphBaseUrl}/users`,
  `  curl -s --cacert ${caPath} -H "Authorization: Bearer $TOKEN" -H 'Prefer: odata.maxpagesize=5' \\`,
  `    ${sim.graphBaseUrl}/users/${users[0]?.id ?? ''}/mailFolders/inbox/messages/delta?\\$select=subject`,
  '',
  'Ctrl-C to stop.',
];
process.stdout.write(lines.join('\n') + '\n');

process.on('SIGINT', () => {
  void sim.close().then(() => process.exit(0));
});
