import { describe, expect, it } from 'vitest';
import { addressForms, normalizeDomain, parseMailAddress } from './email-address.ts';

describe('parseMailAddress', () => {
  it.each([
    [
      'Nino@Fabrikam.example',
      'nino@fabrikam.example',
      'Graph hands over the case the sender typed; matching ignores it',
    ],
    ['  alice@contoso.example \n', 'alice@contoso.example', 'surrounding space is not part of an address'],
    ['მიშა@example.ge', 'მიშა@example.ge', 'a Georgian local part (RFC 6532) is an address'],
    ['a@bücher.example', 'a@bücher.example', 'an internationalised domain stays readable'],
    ['a@xn--bcher-kva.example', 'a@bücher.example', 'the punycode form is the same domain'],
    ['A@BÜCHER.EXAMPLE', 'a@bücher.example', 'upper-case Unicode folds like ASCII'],
    ['"john doe"@x.example', '"john doe"@x.example', 'a quoted local part keeps its quotes'],
    ['a!b@x.example', 'a!b@x.example', '! is an atext character'],
    ['first.last+tag@sub.x.example', 'first.last+tag@sub.x.example', 'dots, plus and subdomains'],
  ])('reads %j as %j: %s', (raw, canonical) => {
    expect(parseMailAddress(raw)?.address).toBe(canonical);
  });

  it.each([
    ['', 'empty'],
    ['plain', 'no domain'],
    ['a@localhost', 'a single-label domain reaches no one outside'],
    ['a@[192.0.2.1]', 'an address literal names no domain a company could own'],
    ['a b@x.example', 'an unquoted space'],
    ['.a@x.example', 'a leading dot'],
    ['a..b@x.example', 'two dots in a row'],
    ['a@-x.example', 'a label starting with a hyphen'],
    ['a@x..example', 'an empty label'],
    ['a\u0000@x.example', 'a NUL, which PostgreSQL cannot store'],
    [`${'a'.repeat(320)}@x.example`, 'longer than any mail system stores'],
  ])('refuses %j: %s', (raw) => {
    expect(parseMailAddress(raw)).toBeNull();
  });

  it('gives both spellings of an internationalised address, canonical first, and one of an ASCII address', () => {
    expect(addressForms(parseMailAddress('a@xn--bcher-kva.example')!)).toEqual([
      'a@bücher.example',
      'a@xn--bcher-kva.example',
    ]);
    expect(addressForms(parseMailAddress('Nino@Fabrikam.example')!)).toEqual(['nino@fabrikam.example']);
  });
});

describe('normalizeDomain', () => {
  it.each([
    ['Fabrikam.Example', { unicode: 'fabrikam.example', ascii: 'fabrikam.example' }],
    ['bücher.example', { unicode: 'bücher.example', ascii: 'xn--bcher-kva.example' }],
    ['xn--bcher-kva.example', { unicode: 'bücher.example', ascii: 'xn--bcher-kva.example' }],
    ['საქართველო.გე', { unicode: 'საქართველო.გე', ascii: 'xn--lodamdjuvtg5b.xn--node' }],
  ])('reads %j in both forms', (raw, forms) => {
    expect(normalizeDomain(raw)).toEqual(forms);
  });

  it.each([
    '',
    'example',
    'a..example',
    '-a.example',
    'a_b.example',
    'x.1',
    'x.example/path',
    'x.example:443',
    'a@x.example',
  ])('refuses %j', (raw) => {
    expect(normalizeDomain(raw)).toBeNull();
  });
});
