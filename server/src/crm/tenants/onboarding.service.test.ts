import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ONBOARDING_RESULTS, resultForEntraError, slugFor } from './onboarding.service.ts';

describe('resultForEntraError', () => {
  it.each([
    ['access_denied', 'AADSTS65004: User declined to consent to access the app.', 'cancelled'],
    ['access_denied', '', 'cancelled'],
    ['access_denied', 'AADSTS90094: The grant requires admin permission.', 'admin-required'],
    ['consent_required', 'AADSTS65001: The user or administrator has not consented', 'admin-required'],
    ['interaction_required', '', 'admin-required'],
    ['invalid_request', 'AADSTS50011: The redirect URI does not match', 'sign-in-failed'],
    ['temporarily_unavailable', '', 'sign-in-failed'],
  ])('maps error=%s (%s) to %s, so the console says what the admin can do', (error, description, result) => {
    expect(resultForEntraError(error, description)).toBe(result);
  });
});

describe('slugFor', () => {
  it.each([
    ['Tailspin Toys', ['tailspin.example'], 'tailspin-toys'],
    ['Fabrikam, Inc.', [], 'fabrikam-inc'],
    ['Café Nørd', [], 'cafe-n-rd'],
    ['  --Contoso--  ', [], 'contoso'],
    ['თბილისის ბანკი', ['tbcbank.ge'], 'tbcbank'],
    ['شرکت', [], 'organisation'],
    ['A'.repeat(80), [], 'a'.repeat(50)],
  ])('makes a slug of %s that the tenant pattern accepts', (name, domains, slug) => {
    const made = slugFor(name, domains);
    expect(made).toBe(slug);
    expect(made).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
  });
});

describe('the console explains every result', () => {
  it('has a message for each result code the server sends, in every language', async () => {
    const dir = path.resolve(import.meta.dirname, '../../../../addin/src/console/connect/locales');
    for (const language of ['en', 'ka', 'fa', 'sv', 'ta']) {
      const strings = JSON.parse(await readFile(path.join(dir, `${language}.json`), 'utf8')) as {
        result: Record<string, string>;
      };
      expect(Object.keys(strings.result).sort(), language).toEqual([...ONBOARDING_RESULTS].sort());
    }
  });
});
