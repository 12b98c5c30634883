// The pane's components (its timeline, its deal stage track, its error state) read the
// pane's strings from i18next's default namespace. Mounted in the web app, whose
// default namespace is its own, they are wrapped in this: the pane's strings for the
// language (and English, the fallback) are added to the app's i18n instance once, as
// the namespace `translation`, and made the default for the components inside.
import { Spinner } from '@fluentui/react-components';
import type { i18n, ResourceLanguage } from 'i18next';
import { Suspense, use, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';

export const PANE_NAMESPACE = 'translation';

const loaders = import.meta.glob<{ default: ResourceLanguage }>('../../i18n/locales/*.json');

/** Per i18n instance (a language change makes a new one): the loading of its bundles. */
const loading = new WeakMap<i18n, Promise<void>>();

function paneStringsOf(instance: i18n): Promise<void> {
  let promise = loading.get(instance);
  if (!promise) {
    const languages = [...new Set(['en', instance.language])];
    promise = Promise.all(
      languages.map(async (language) => {
        const load = loaders[`../../i18n/locales/${language}.json`];
        if (!load || instance.hasResourceBundle(language, PANE_NAMESPACE)) return;
        instance.addResourceBundle(language, PANE_NAMESPACE, (await load()).default);
      }),
    ).then(() => undefined);
    loading.set(instance, promise);
  }
  return promise;
}

function WithPaneStrings({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  use(paneStringsOf(i18n));
  return (
    <I18nextProvider i18n={i18n} defaultNS={PANE_NAMESPACE}>
      {children}
    </I18nextProvider>
  );
}

export function PaneStrings({ children }: { children: ReactNode }) {
  return (
    <Suspense fallback={<Spinner size="tiny" />}>
      <WithPaneStrings>{children}</WithPaneStrings>
    </Suspense>
  );
}
