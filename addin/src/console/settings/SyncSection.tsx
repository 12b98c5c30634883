// The mail sync's settings (what it keeps of bodies, bulk mail, blocked domains and
// addresses) and, per mailbox, which folders it reads besides Inbox and Sent Items.
import { Badge, Field, Radio, RadioGroup, Switch, Text, Textarea } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncSettings, SyncStatus } from '../api.ts';
import { consoleKeys, useConsoleApi } from '../context.tsx';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { SaveFooter } from './SaveFooter.tsx';
import { linesOf, useSettingsStyles } from './shared.ts';

export function SyncSection() {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const settings = useQuery({ queryKey: consoleKeys.syncSettings, queryFn: ({ signal }) => api.syncSettings(signal) });
  return (
    <section className={styles.section} aria-labelledby="sync-heading" data-testid="sync-settings">
      <h3 id="sync-heading" className={styles.sectionTitle}>
        {t('settings.sync.heading')}
      </h3>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ProblemBar error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SyncForm initial={settings.data} />
      )}
    </section>
  );
}

function SyncForm({ initial }: { initial: SyncSettings }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const client = useQueryClient();
  const [bodyStorage, setBodyStorage] = useState(initial.bodyStorage);
  const [skipBulk, setSkipBulk] = useState(initial.skipBulk);
  const [blocked, setBlocked] = useState(initial.blocked.join('\n'));
  const save = useMutation({
    mutationFn: () =>
      api.saveSyncSettings({ bodyStorage, skipBulk, blocked: linesOf(blocked).map((b) => b.toLowerCase()) }),
    onSuccess: (saved) => {
      client.setQueryData(consoleKeys.syncSettings, saved);
      setBlocked(saved.blocked.join('\n'));
    },
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className={styles.form} onSubmit={submit}>
      <Field label={t('settings.sync.bodies')}>
        <RadioGroup
          value={bodyStorage}
          onChange={(_event, data) => setBodyStorage(data.value as SyncSettings['bodyStorage'])}
        >
          <Radio value="none" label={t('settings.sync.bodiesNone')} />
          <Radio value="preview" label={t('settings.sync.bodiesPreview')} />
          <Radio value="full" label={t('settings.sync.bodiesFull')} />
        </RadioGroup>
      </Field>
      <Switch
        checked={skipBulk}
        onChange={(_event, data) => setSkipBulk(data.checked)}
        label={t('settings.sync.skipBulk')}
      />
      <Field label={t('settings.sync.blocked')} hint={t('settings.sync.blockedHint')}>
        <Textarea
          value={blocked}
          onChange={(_event, data) => setBlocked(data.value)}
          rows={4}
          dir="ltr"
          resize="vertical"
        />
      </Field>
      <SaveFooter save={save} primary />
    </form>
  );
}

export function FoldersSection() {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const status = useQuery({ queryKey: consoleKeys.syncStatus, queryFn: ({ signal }) => api.syncStatus(signal) });
  return (
    <section className={styles.section} aria-labelledby="folders-heading" data-testid="folders">
      <h3 id="folders-heading" className={styles.sectionTitle}>
        {t('settings.folders.heading')}
      </h3>
      <Text className={styles.muted}>{t('settings.folders.intro')}</Text>
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ProblemBar error={status.error} onRetry={() => void status.refetch()} />
      ) : status.data.mailboxes.length === 0 ? (
        <Text>{t('settings.folders.none')}</Text>
      ) : (
        status.data.mailboxes.map((mailbox) => <MailboxFolders key={mailbox.id} mailbox={mailbox} />)
      )}
    </section>
  );
}

function MailboxFolders({ mailbox }: { mailbox: SyncStatus['mailboxes'][number] }) {
  const styles = useSettingsStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const client = useQueryClient();
  const extras = mailbox.folders.filter((folder) => folder.wellKnown === null);
  const [text, setText] = useState(extras.map((folder) => folder.folderId).join('\n'));
  const save = useMutation({
    mutationFn: () => api.setMailboxFolders(mailbox.id, linesOf(text)),
    onSuccess: () => client.invalidateQueries({ queryKey: consoleKeys.syncStatus }),
  });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const headingId = `folders-${mailbox.id}`;
  return (
    <form className={styles.form} onSubmit={submit} aria-labelledby={headingId} data-testid="mailbox-folders">
      <h4 id={headingId} className={styles.subTitle}>
        <span dir="ltr">{mailbox.address}</span>{' '}
        <Badge appearance="tint" color={mailbox.state === 'ACTIVE' ? 'success' : 'informative'}>
          {t(`mailboxState.${mailbox.state}`)}
        </Badge>
      </h4>
      <Text>
        {t('settings.folders.current')}{' '}
        {mailbox.folders.length
          ? mailbox.folders.map((folder) => folder.displayName).join(', ')
          : t('settings.folders.notYet')}
      </Text>
      <Field label={t('settings.folders.extra', { address: mailbox.address })} hint={t('settings.folders.extraHint')}>
        <Textarea value={text} onChange={(_event, data) => setText(data.value)} rows={2} dir="ltr" resize="vertical" />
      </Field>
      <SaveFooter save={save} label={t('settings.folders.save')} />
    </form>
  );
}
