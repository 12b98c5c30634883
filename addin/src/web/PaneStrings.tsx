// The pane's components read their strings from the pane's namespace (`translation`,
// addin/src/i18n/locales) with a plain useTranslation(). Mounted in the web app, whose
// default namespace is its own, they go inside <PaneStrings>: it loads the pane's
// strings for the language (and English, the fallback) once, then makes `translation`
// the default namespace below it.
import type { i18n } from 'i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { Loading, ProblemBar } from '../shell/index.ts';

/** The pane's namespace (i18n/index.ts startI18n). */
export const PANE_NAMESPACE = 'translation';

const loaders = import.meta.glob<{ default: object }>('../i18n/locales/*.json');

const missingLanguages = (instance: i18n) =>
  [...new Set(['en', instance.language])].filter((language) => !instance.hasResourceBundle(language, PANE_NAMESPACE));

async function addPaneStrings(instance: i18n, languages: string[]) {
  for (const language of languages) {
    const load = loaders[`../i18n/locales/${language}.json`];
    if (!load) continue;
    const strings = (await load()).default;
    if (!instance.hasResourceBundle(language, PANE_NAMESPACE)) {
      instance.addResourceBundle(language, PANE_NAMESPACE, strings);
    }
  }
}

export function PaneStrings({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const missing = missingLanguages(i18n);
  const [, setLoaded] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const key = missing.join();
  useEffect(() => {
    if (!key) return;
    let live = true;
    addPaneStrings(i18n, key.split(',')).then(
      () => live && setLoaded((count) => count + 1),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [i18n, key]);
  if (error !== null) return <ProblemBar error={error} />;
  if (missing.length > 0) return <Loading />;
  return (
    <I18nextProvider i18n={i18n} defaultNS={PANE_NAMESPACE}>
      {children}
    </I18nextProvider>
  );
}
