// The pane: follows the selected item (pinned panes get ItemChanged, with a null
// item between two selections) and shows the view for what is selected.
import { FluentProvider, Select, Text, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { Notice } from '../components/states.tsx';
import type { MailItem, Mailbox } from '../office/mailbox.ts';
import type { StandInMailbox } from '../office/stand-in.ts';
import { useMailbox } from '../state/context.tsx';
import { useStartFetchesUsed } from '../state/queries.ts';
import { MessageView } from './MessageView.tsx';

const useStyles = makeStyles({
  provider: { minBlockSize: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  pane: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBlock: tokens.spacingVerticalM,
    paddingInline: tokens.spacingHorizontalM,
    maxInlineSize: '640px',
    marginInline: 'auto',
  },
  standIn: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlockEnd: tokens.spacingVerticalS,
    borderBlockEndWidth: '1px',
    borderBlockEndStyle: 'dashed',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

const itemKey = (item: MailItem) =>
  item.kind === 'message' ? item.internetMessageId : item.kind === 'other' ? `other:${item.itemType}` : 'none';

export function useMailItem(mailbox: Mailbox): MailItem {
  const current = useRef<MailItem>(mailbox.current());
  const subscribe = useCallback(
    (notify: () => void) => {
      const stop = mailbox.onItemChanged((item) => {
        current.current = item;
        notify();
      });
      // The selection may have changed between the first render and this subscription.
      const now = mailbox.current();
      if (itemKey(now) !== itemKey(current.current)) {
        current.current = now;
        notify();
      }
      return stop;
    },
    [mailbox],
  );
  return useSyncExternalStore(subscribe, () => current.current);
}

function StandInPicker({ mailbox, item }: { mailbox: StandInMailbox; item: MailItem }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const index = mailbox.samples.findIndex((sample) => sample.item === item);
  return (
    <div className={styles.standIn}>
      <Text size={200} className={styles.muted}>
        {t('pane.standInNotice')} · {t('pane.signedInAs', { email: mailbox.user.email })}
      </Text>
      <Select
        aria-label={t('pane.standInSample')}
        value={String(index)}
        onChange={(_event, data) => mailbox.select(data.value === '-1' ? null : Number(data.value))}
        data-testid="sample-picker"
      >
        <option value="-1">—</option>
        {mailbox.samples.map((sample, i) => (
          <option key={i} value={i}>
            {sample.label}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function App({ dir }: { dir: 'ltr' | 'rtl' }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const mailbox = useMailbox();
  const item = useMailItem(mailbox);
  useStartFetchesUsed();
  return (
    <FluentProvider theme={webLightTheme} dir={dir} className={styles.provider}>
      <main className={styles.pane}>
        {mailbox.host === 'stand-in' && <StandInPicker mailbox={mailbox as StandInMailbox} item={item} />}
        {item.kind === 'message' ? (
          <ErrorBoundary key={item.internetMessageId}>
            <MessageView item={item} />
          </ErrorBoundary>
        ) : item.kind === 'other' ? (
          <Notice testId="not-email">{t('pane.notEmail')}</Notice>
        ) : (
          <Notice testId="no-item">{t('pane.noItem')}</Notice>
        )}
      </main>
    </FluentProvider>
  );
}
