// One click logs the email. What the button says comes from the server: anyone in
// the tenant, on any device, or the mailbox sync may have logged it already.
import { Button, Select, Skeleton, SkeletonItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle20Filled, MailAdd20Regular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Deal } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useFormats } from '../../i18n/format.ts';
import { useEmailStatus, useLogEmail, type EmailToLog } from './queries.ts';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    minBlockSize: '32px',
  },
  logged: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    color: tokens.colorPaletteGreenForeground1,
  },
  deal: { flexGrow: 1, minInlineSize: '8rem' },
  skeleton: { inlineSize: '100%' },
});

export function LogEmail({ item, deals }: { item: EmailToLog; deals: Deal[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const status = useEmailStatus(item.internetMessageId);
  const log = useLogEmail(item);
  const [dealId, setDealId] = useState('');
  // The second click of a double click arrives before React re-renders the button
  // disabled: a ref, set at once, lets only the first through.
  const sending = useRef(false);
  const send = () => {
    if (sending.current) return;
    sending.current = true;
    log.mutate(dealId || null, { onSettled: () => (sending.current = false) });
  };

  if (status.isPending) {
    return (
      <Skeleton className={styles.bar} aria-label={t('pane.loading')}>
        <SkeletonItem size={32} className={styles.skeleton} />
      </Skeleton>
    );
  }
  if (status.isError && !status.data) return <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  const state = status.data;
  if (state.logged && state.loggedAt) {
    const date = formats.day(state.loggedAt);
    return (
      <div className={styles.bar} data-testid="log-status" role="status">
        <Text className={styles.logged}>
          <CheckmarkCircle20Filled aria-hidden />
          {state.loggedBy
            ? t('log.loggedBy', { name: state.loggedBy.displayName, date })
            : t('log.loggedBySync', { date })}
        </Text>
      </div>
    );
  }
  return (
    <div className={styles.bar} data-testid="log-status">
      <Button appearance="primary" icon={<MailAdd20Regular />} disabled={log.isPending} onClick={send}>
        {log.isPending ? t('log.logging') : t('log.button')}
      </Button>
      {deals.length > 0 && (
        <Select
          className={styles.deal}
          aria-label={t('log.attachTo')}
          value={dealId}
          onChange={(_event, data) => setDealId(data.value)}
          disabled={log.isPending}
        >
          <option value="">{t('log.noDeal')}</option>
          {deals.map((deal) => (
            <option key={deal.id} value={deal.id}>
              {deal.name}
            </option>
          ))}
        </Select>
      )}
      {log.isError && <ErrorState error={log.error} />}
    </div>
  );
}
