// Every language has every string of the lists, none empty, none left in English
// (the counted "days" may read the same where a language does not inflect the noun).
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/index.ts';
import { flattenStrings } from '../../i18n/locale-checks.ts';
import { LISTS_STRINGS } from './strings.ts';

const english = flattenStrings(LISTS_STRINGS.en);

describe.each(LANGUAGES.filter((l) => l !== 'en'))('the lists in %s', (language) => {
  const strings = flattenStrings(LISTS_STRINGS[language]);

  it('has every key English has and no other', () => {
    expect([...strings.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('is translated: no string is empty or the English one', () => {
    for (const [key, text] of strings) {
      expect(text.trim(), key).not.toBe('');
      expect(text, `${language}: ${key}`).not.toBe(english.get(key));
    }
  });
});
