// Every language has every string, the plural forms its grammar needs, and the
// same placeholders as English; the locale follows Outlook's display language.
import { describe, expect, it, vi } from 'vitest';
import { expectedKeys, flattenStrings, placeholdersOf, pluralBases, PLURAL } from './locale-checks.ts';
import { createFormats } from './format.ts';
import { LANGUAGES, pickLocale, startI18n } from './index.ts';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*.json', { eager: true });

const english = flattenStrings(files['./locales/en.json']!.default);
const englishBases = pluralBases(english);

describe.each(LANGUAGES)('the %s strings', (language) => {
  const file = files[`./locales/${language}.json`];
  const strings = flattenStrings(file?.default ?? {});

  it('exist, with every key English has and no other', () => {
    expect(file, `addin/src/i18n/locales/${language}.json`).toBeDefined();
    expect([...strings.keys()].sort()).toEqual(expectedKeys(english, language));
  });

  it('are not empty and keep the placeholders of English', () => {
    for (const [key, text] of strings) {
      expect(text.trim(), key).not.toBe('');
      const base = englishBases.get(key.replace(PLURAL, ''))!;
      expect(placeholdersOf(text), `${language}: ${key}`).toEqual(placeholdersOf(english.get(key) ?? base));
    }
  });

  it('pick the plural form of the count', async () => {
    const i18n = await startI18n(pickLocale(language));
    const one = i18n.t('people.found', { count: 1 });
    const five = i18n.t('people.found', { count: 5 });
    const number = new Intl.NumberFormat(language);
    expect(one).toContain(number.format(1));
    expect(five).toContain(number.format(5));
    expect(i18n.t('people.found', { count: 5 })).not.toContain('{{');
  });

  it('writes numbers in the digits of the language', async () => {
    const i18n = await startI18n(pickLocale(language));
    const digits = new Intl.NumberFormat(language).format(1234);
    expect(i18n.t('deals.stageOf', { position: 1234, count: 1234, stage: 'X' })).toContain(digits);
  });
});

describe('the locale', () => {
  it("follows Outlook's display language, English for any other", () => {
    expect(pickLocale('fa-IR')).toEqual({ language: 'fa', formatLocale: 'fa-IR', dir: 'rtl' });
    expect(pickLocale('sv')).toEqual({ language: 'sv', formatLocale: 'sv-SE', dir: 'ltr' });
    expect(pickLocale('sv-FI')).toEqual({ language: 'sv', formatLocale: 'sv-FI', dir: 'ltr' });
    expect(pickLocale('en-GB')).toEqual({ language: 'en', formatLocale: 'en-GB', dir: 'ltr' });
    expect(pickLocale('de-DE')).toEqual({ language: 'en', formatLocale: 'en-US', dir: 'ltr' });
    expect(pickLocale('not a tag!')).toEqual({ language: 'en', formatLocale: 'en-US', dir: 'ltr' });
  });

  it('chooses the plural form by the count', async () => {
    const i18n = await startI18n(pickLocale('en-US'));
    expect(i18n.t('people.found', { count: 1 })).toBe('1 person on this email is in your CRM');
    expect(i18n.t('people.found', { count: 1200 })).toBe('1,200 people on this email are in your CRM');
  });

  it('reads amounts as they are typed in the locale', () => {
    expect(createFormats('en-US').amount('1,200.50')).toBe('1200.50');
    expect(createFormats('sv-SE').amount('1\u00a0200,5')).toBe('1200.5');
    expect(createFormats('fa-IR').amount('۱٬۲۰۰٫۵')).toBe('1200.5');
    expect(createFormats('ta-IN').amount('12,00,000')).toBe('1200000');
    expect(createFormats('en-US').amount('12abc')).toBe('12abc'); // left for the server to refuse
  });

  it('lists, and leaves the year out only within the current year of the calendar', () => {
    expect(createFormats('en-US').list(['a@x.example', 'b@x.example'])).toBe('a@x.example, b@x.example');
    const lastYear = new Date();
    lastYear.setFullYear(lastYear.getFullYear() - 1);
    expect(createFormats('en-US').day(lastYear.toISOString())).toMatch(String(lastYear.getFullYear()));
    expect(createFormats('en-US').day(new Date().toISOString())).not.toMatch(String(new Date().getFullYear()));
  });

  it('formats money, percentages and dates with Intl for the locale', () => {
    expect(createFormats('en-US').money('48000.50', 'EUR')).toBe('€48,000.50');
    expect(createFormats('sv-SE').money('48000', 'SEK')).toBe('48\u00a0000,00\u00a0kr');
    expect(createFormats('fa-IR').percent(60)).toMatch(/^۶۰/);
    expect(createFormats('ta-IN').money('9500.5', 'INR')).toBe('₹9,500.50');
    expect(createFormats('en-US').dateTime('2026-11-03T12:00:00Z')).toMatch(/Nov 3, 2026/); // midday UTC: the 3rd in most zones
  });
});

/** Runs `check` as a user in `zone` would: Node and Intl read TZ again on the next call. */
function inZone(zone: string, check: () => void) {
  vi.stubEnv('TZ', zone);
  try {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    check();
  } finally {
    vi.unstubAllEnvs();
  }
}

describe("dates in the user's time zone", () => {
  const plain = (text: string) => text.replace(/\s/gu, ' ');

  it.each([
    ['UTC', 'Nov 3, 2026, 9:00 AM'],
    ['Pacific/Honolulu', 'Nov 2, 2026, 11:00 PM'],
    ['Asia/Tokyo', 'Nov 3, 2026, 6:00 PM'],
  ])('shows 09:00 UTC on 3 November as the clock in %s read it: %s', (zone, expected) => {
    inZone(zone, () => expect(plain(createFormats('en-US').dateTime('2026-11-03T09:00:00Z'))).toBe(expected));
  });

  it.each([
    // At 20:00 UTC on 31 December it is still 2026 in Honolulu and already 2027 in Tokyo.
    ['UTC', 'Jan 1, 2027'],
    ['Pacific/Honolulu', 'Dec 31'],
    ['Asia/Tokyo', 'Jan 1'],
  ])('leaves the year out by the calendar of %s: %s', (zone, expected) => {
    vi.useFakeTimers({ now: new Date('2026-12-31T20:00:00Z'), toFake: ['Date'] });
    try {
      inZone(zone, () => expect(createFormats('en-US').day('2027-01-01T05:00:00Z')).toBe(expected));
    } finally {
      vi.useRealTimers();
    }
  });
});
