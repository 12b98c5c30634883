// The console's strings: every language has every key English has, with the same
// placeholders and the plural forms its grammar needs, and is really translated (no
// English left behind); the language chosen before comes back on the next visit.
import { describe, expect, it } from 'vitest';
import { expectedKeys, flattenStrings, placeholdersOf, pluralBases, PLURAL } from '../i18n/locale-checks.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { initialLocale, LANGUAGE_KEY, startConsoleI18n } from './i18n.ts';

const files = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*.json', { eager: true });

const english = flattenStrings(files['./locales/en.json']!.default);
const englishBases = pluralBases(english);

describe.each(LANGUAGES.filter((language) => language !== 'en'))('the console in %s', (language) => {
  const file = files[`./locales/${language}.json`];
  const strings = flattenStrings(file?.default ?? {});

  it('has every key English has, with the plural forms of the language, and no other', () => {
    expect(file, `addin/src/console/locales/${language}.json`).toBeDefined();
    expect([...strings.keys()].sort()).toEqual(expectedKeys(english, language));
  });

  it('keeps the placeholders of English and leaves no English text behind', () => {
    for (const [key, text] of strings) {
      expect(text.trim(), key).not.toBe('');
      const base = key.replace(PLURAL, '');
      const source = english.get(key) ?? english.get(`${base}_other`) ?? englishBases.get(base)!;
      expect(placeholdersOf(text), `${language}: ${key}`).toEqual(placeholdersOf(source));
      expect(text, `${language}: ${key} is still English`).not.toBe(source);
    }
  });

  it('writes counts in the digits of the language', async () => {
    const i18n = await startConsoleI18n({ language, formatLocale: language, dir: language === 'fa' ? 'rtl' : 'ltr' });
    const digits = new Intl.NumberFormat(language).format(1234);
    expect(i18n.t('overview.errors.some', { count: 1234 })).toContain(digits);
    expect(i18n.t('overview.errors.some', { count: 1234 })).not.toContain('{{');
  });
});

describe('the console language', () => {
  const storage = (value: string | null) => ({ getItem: (key: string) => (key === LANGUAGE_KEY ? value : null) });

  it('is the one chosen before, else the browser language, else English', () => {
    expect(initialLocale(storage('fa'), 'sv-SE')).toMatchObject({ language: 'fa', dir: 'rtl' });
    expect(initialLocale(storage(null), 'sv-SE')).toMatchObject({ language: 'sv', formatLocale: 'sv-SE', dir: 'ltr' });
    expect(initialLocale(storage(null), 'de-DE')).toMatchObject({ language: 'en' });
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(initialLocale(refusing, 'ta-IN')).toMatchObject({ language: 'ta' });
  });

  it('reads its strings from the console namespace, not the pane’s', async () => {
    const i18n = await startConsoleI18n({ language: 'en', formatLocale: 'en-US', dir: 'ltr' });
    expect(i18n.t('nav.audit')).toBe('Audit log');
    expect(i18n.t('overview.users.admins', { count: 1 })).toBe('1 admin');
    expect(i18n.t('overview.users.admins', { count: 1200 })).toBe('1,200 admins');
  });
});
