// Email addresses as mail systems give them, internationalised ones included
// (RFC 6531/6532): `მიშა@example.ge`, `a@bücher.example` and its punycode form
// `a@xn--bcher-kva.example`, quoted local parts, `a!b@x.example`. The grammar is
// RFC 5321's (smtp-address-parser); domains go through UTS #46 (node:url), so a
// domain in Unicode and the same domain in punycode are one domain.
//
// The canonical form, stored and compared: the local part in NFC and lower case
// (addresses are matched case-insensitively), the domain in its Unicode form.
// Rows written before internationalised addresses were accepted may hold a
// punycode domain, so lookups ask for both forms (addressForms, domainForms).
import { LRUCache } from 'lru-cache';
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'smtp-address-parser';

/** RFC 5321 limits a path to 256 octets; a few systems store longer ones. */
export const MAX_ADDRESS_LENGTH = 320;

export type MailDomain = { unicode: string; ascii: string };

export type MailAddress = {
  /** The canonical address: `local@unicode-domain`. */
  address: string;
  local: string;
  domain: MailDomain;
};

const ASCII_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const ASCII_TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A domain name in both forms, or null when it is not one a mail address can
 * use (one label, a bad label, an address literal, too long).
 */
export function normalizeDomain(raw: string): MailDomain | null {
  const trimmed = raw.trim().replace(/\.$/, '').normalize('NFC').toLowerCase();
  // Characters URL parsing would read as the end of a host name.
  if (!trimmed || trimmed.length > 253 * 4 || /[\s/\\?#@:[\]%]/.test(trimmed)) return null;
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => ASCII_LABEL.test(label))) return null;
  if (!ASCII_TLD.test(labels.at(-1) ?? '')) return null;
  return { ascii, unicode: domainToUnicode(ascii) };
}

type ParsedPath = {
  localPart: { DotString?: string; QuotedString?: string };
  domainPart: { DomainName?: string; AddressLiteral?: string };
};

/**
 * Parsed addresses, by the text given: the sync meets the same few thousand
 * correspondents on every page, and the RFC 5321 parser is the costliest step of
 * recording an email (a third of the sync's CPU before this cache). Results are
 * frozen: callers share them.
 */
const parsedAddresses = new LRUCache<string, { value: MailAddress | null }>({ max: 50_000 });

/** The address in its canonical form, or null when it is not a usable mail address. */
export function parseMailAddress(raw: string): MailAddress | null {
  const cached = parsedAddresses.get(raw);
  if (cached) return cached.value;
  const parsed = parseUncached(raw);
  const value = parsed && Object.freeze({ ...parsed, domain: Object.freeze(parsed.domain) });
  parsedAddresses.set(raw, { value });
  return value;
}

function parseUncached(raw: string): MailAddress | null {
  const input = raw.trim().normalize('NFC');
  if (!input || input.length > MAX_ADDRESS_LENGTH || input.includes('\u0000')) return null;
  let parsed: ParsedPath;
  try {
    parsed = parse(input) as ParsedPath;
  } catch {
    return null;
  }
  // An address literal (`a@[192.0.2.1]`) names no domain a company could own.
  const domainName = parsed.domainPart.DomainName;
  const local = parsed.localPart.DotString ?? parsed.localPart.QuotedString;
  if (domainName === undefined || local === undefined) return null;
  const domain = normalizeDomain(domainName);
  if (!domain) return null;
  const canonicalLocal = local.toLowerCase();
  return { address: `${canonicalLocal}@${domain.unicode}`, local: canonicalLocal, domain };
}

/** The domain's spellings a stored row may use: the Unicode form first. */
export function domainForms(domain: MailDomain): string[] {
  return domain.ascii === domain.unicode ? [domain.unicode] : [domain.unicode, domain.ascii];
}

/** The address's spellings a stored row may use: the canonical form first. */
export function addressForms(address: MailAddress): string[] {
  return domainForms(address.domain).map((domain) => `${address.local}@${domain}`);
}

/** The spellings of an address given as a string: none when it is not an address. */
export function formsOfAddress(raw: string): { address: string[]; domain: string[] } {
  const parsed = parseMailAddress(raw);
  return parsed ? { address: addressForms(parsed), domain: domainForms(parsed.domain) } : { address: [], domain: [] };
}
