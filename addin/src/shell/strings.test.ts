// The shell's strings and the web app's own (nav, titles): every language has every key
// English has, with its placeholders, none empty and none left in English.
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../i18n/index.ts';
import { expectedKeys, flattenStrings, placeholdersOf } from '../i18n/locale-checks.ts';
import { SHELL_STRINGS } from './strings.ts';

const web = import.meta.glob<{ default: object }>('../web/locales/*.json', { eager: true });
const webStrings = Object.fromEntries(
  LANGUAGES.map((language) => [language, web[`../web/locales/${language}.json`]?.default ?? {}]),
) as Record<Language, object>;

describe.each([
  ['the shell', SHELL_STRINGS],
  ['the web app', webStrings],
] as const)('%s', (_name, strings) => {
  const english = flattenStrings(strings.en);

  describe.each(LANGUAGES.filter((language) => language !== 'en'))('in %s', (language) => {
    const translated = flattenStrings(strings[language]);

    it('has every key English has, with the plural forms of the language, and no other', () => {
      expect([...translated.keys()].sort()).toEqual(expectedKeys(english, language));
    });

    it('keeps the placeholders of English and leaves no English text behind', () => {
      for (const [key, text] of translated) {
        expect(text.trim(), key).not.toBe('');
        expect(placeholdersOf(text), `${language}: ${key}`).toEqual(placeholdersOf(english.get(key) ?? ''));
        expect(text, `${language}: ${key} is still English`).not.toBe(english.get(key));
      }
    });
  });
});
