// Trusts one more certificate authority for every TLS connection this process
// makes (fetch, MSAL): the Graph simulator's, or a proxy's (GRAPH_CA_FILE).
// Node 24's tls.setDefaultCACertificates; the system's authorities stay trusted.
import tls from 'node:tls';

export function trustCertificate(pem: string) {
  const current = tls.getCACertificates('default');
  if (current.includes(pem)) return;
  tls.setDefaultCACertificates([...current, pem]);
}
