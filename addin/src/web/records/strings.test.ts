// Every language has every string of the record pages and of the tasks, none empty,
// none left in English, and the same {{placeholders}} as English.
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/index.ts';
import { flattenStrings } from '../../i18n/locale-checks.ts';
import { TASKS_STRINGS } from '../tasks/strings.ts';
import { RECORDS_STRINGS } from './strings.ts';

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe.each([
  ['records', RECORDS_STRINGS],
  ['tasks', TASKS_STRINGS],
] as const)('the %s strings', (_name, strings) => {
  const english = flattenStrings(strings.en);

  describe.each(LANGUAGES.filter((l) => l !== 'en'))('in %s', (language) => {
    const translated = flattenStrings(strings[language]);

    it('have every key English has and no other', () => {
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    });

    it('are translated: none empty or the English one, each with English’s placeholders', () => {
      for (const [key, text] of translated) {
        expect(text.trim(), key).not.toBe('');
        expect(text, `${language}: ${key}`).not.toBe(english.get(key));
        expect(placeholders(text), `${language}: ${key}`).toEqual(placeholders(english.get(key) ?? ''));
      }
    });
  });
});
