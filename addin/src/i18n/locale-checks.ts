// What the locale tests of the pane, the console and the connect page check alike: a
// translation file's strings by dotted key, their placeholders, and the keys a language
// must have (English's, with each plural key in the plural forms of that language).

/** i18next's plural suffixes. */
export const PLURAL = /_(zero|one|two|few|many|other)$/;

/** A nested strings object as dotted key → text. */
export function flattenStrings(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flattenStrings(value as object, path)) out.set(k, v);
  }
  return out;
}

/** The `{{name}}` placeholders of a string, sorted. */
export const placeholdersOf = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

/** English's strings by key without plural suffix. */
export function pluralBases(english: Map<string, string>): Map<string, string> {
  const bases = new Map<string, string>();
  for (const [key, text] of english) bases.set(key.replace(PLURAL, ''), text);
  return bases;
}

/** The keys `language` must have: English's, with every plural key in that language's plural forms. */
export function expectedKeys(english: Map<string, string>, language: string): string[] {
  const expected = new Set<string>();
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  for (const key of pluralBases(english).keys()) {
    const plural = [...english.keys()].some((k) => k !== key && k.replace(PLURAL, '') === key);
    if (plural) for (const category of categories) expected.add(`${key}_${category}`);
    else expected.add(key);
  }
  return [...expected].sort();
}
