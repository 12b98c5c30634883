// Rendering for component tests: the whole pane on a stand-in mailbox (what a
// salesperson sees beside an email), or one shared feature on its own, as the web
// app mounts it (no email, no mailbox of its own).
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { Api } from '../api/client.ts';
import { pickLocale, startI18n } from '../i18n/index.ts';
import type { MessageItem } from '../office/mailbox.ts';
import { createStandInMailbox, type Sample } from '../office/stand-in.ts';
import { App } from '../pane/App.tsx';
import { PaneProviders, createQueryClient } from '../state/context.tsx';

export const me = { email: 'alice@contoso.example', name: 'Alice' };

/** A sample email from `from` to the user. */
export function email(id: string, from: string, extra: Partial<MessageItem> = {}): Sample {
  return {
    label: id,
    item: {
      kind: 'message',
      internetMessageId: `<${id}@test>`,
      subject: `Subject ${id}`,
      from: { email: from, name: null },
      to: [me],
      cc: [],
      sentAt: '2026-11-20T08:00:00.000Z',
      conversationId: null,
      ...extra,
    },
    body: 'Hello there',
  };
}

/** The pane on these emails (the first selected); returns the mailbox to change the selection. */
export async function renderPane(api: Api, samples: Sample[], language = 'en-US') {
  const mailbox = createStandInMailbox(samples, { user: me, displayLanguage: language });
  const locale = pickLocale(language);
  const i18n = await startI18n(locale);
  render(
    <PaneProviders
      api={api}
      mailbox={mailbox}
      i18n={i18n}
      formatLocale={locale.formatLocale}
      queryClient={createQueryClient()}
    >
      <App dir={locale.dir} />
    </PaneProviders>,
  );
  return mailbox;
}

/** The pane on one email from `from`, once the sender's card shows. */
export async function renderCard(api: Api, from = 'nino@fabrikam.example') {
  const mailbox = await renderPane(api, [email('a', from, { from: { email: from, name: 'Nino' } })]);
  await screen.findByTestId('contact-card');
  return mailbox;
}

/** One shared component on its own, with the API and the language (no email selected). */
export async function renderShared(api: Api, ui: ReactNode, language = 'en-US') {
  const locale = pickLocale(language);
  const i18n = await startI18n(locale);
  return render(
    <PaneProviders
      api={api}
      mailbox={createStandInMailbox([], { user: me, displayLanguage: language })}
      i18n={i18n}
      formatLocale={locale.formatLocale}
      queryClient={createQueryClient()}
    >
      <FluentProvider theme={webLightTheme} dir={locale.dir}>
        {ui}
      </FluentProvider>
    </PaneProviders>,
  );
}
