// The audit log: who changed settings, logged or unlogged mail, deleted records,
// consented. Filtered by action, user, dates and text; read page by page ("Load
// more"); exported as CSV with the same filters.
import {
  Button,
  Field,
  Input,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditAction, AuditEvent, AuditFilters } from '../api.ts';
import { useBrowser } from '../browser.ts';
import { consoleKeys, useConsoleApi, useConsoleFormats } from '../context.tsx';
import { Loading, ProblemBar } from '../../shell/index.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalL,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
  },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground2 },
  details: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    fontFamily: tokens.fontFamilyMonospace,
    direction: 'ltr',
    textAlign: 'left',
  },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
});

/**
 * The actions the server records, a copy of its AUDIT_ACTIONS (server/src/crm/audit/;
 * the console does not import server code). KnownActions.test.ts fails when the two
 * lists differ; every action has a label in each locale (audit.actions, dots as "_").
 */
export const KNOWN_ACTIONS = [
  'settings.tenant.updated',
  'settings.sync.updated',
  'settings.sync.folders.updated',
  'settings.sync.connected',
  'sync.resync.requested',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.stage.added',
  'pipeline.stage.updated',
  'pipeline.stages.reordered',
  'pipeline.stage.removed',
  'user.role.changed',
  'user.sync.enabled',
  'user.sync.disabled',
  'email.logged',
  'email.unlogged',
  'contact.deleted',
  'company.deleted',
  'deal.deleted',
  'contacts.imported',
  'companies.imported',
  'consent.granted',
  'consent.failed',
  'sync-consent.granted',
] as const satisfies readonly AuditAction[];

const isKnownAction = (action: string): action is AuditAction => (KNOWN_ACTIONS as readonly string[]).includes(action);

/** A localized label for a dotted action, or the action itself (one a newer server records). */
export function useActionLabel() {
  const { t, i18n } = useTranslation();
  return (action: string) => {
    const key = `audit.actions.${action.replaceAll('.', '_')}`;
    return i18n.exists(key) ? t(key) : action;
  };
}

type Form = { action: string; actorUserId: string; from: string; to: string; q: string };
const EMPTY: Form = { action: '', actorUserId: '', from: '', to: '', q: '' };

/** The form as the API's filters: dates are whole days in the admin's time zone (to: through its end). */
export function filtersOf(form: Form): AuditFilters {
  const day = (value: string, plusDays: number) => {
    const [y, m, d] = value.split('-').map(Number);
    if (!y || !m || !d) return undefined;
    return new Date(y, m - 1, d + plusDays).toISOString();
  };
  const filters: AuditFilters = {};
  if (isKnownAction(form.action)) filters.action = form.action;
  if (form.actorUserId) filters.actorUserId = form.actorUserId;
  const from = form.from ? day(form.from, 0) : undefined;
  const to = form.to ? day(form.to, 1) : undefined;
  if (from) filters.from = from;
  if (to) filters.to = to;
  if (form.q.trim()) filters.q = form.q.trim();
  return filters;
}

export function AuditPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const browser = useBrowser();
  const [form, setForm] = useState<Form>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const users = useQuery({ queryKey: consoleKeys.users, queryFn: ({ signal }) => api.users(signal) });
  const events = useInfiniteQuery({
    queryKey: consoleKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => api.audit(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const exportCsv = useMutation({
    mutationFn: async () => {
      const file = await api.auditExport(filters);
      browser.saveFile(file.blob, file.fileName ?? 'audit-log.csv');
    },
  });
  const label = useActionLabel();
  const set = (field: keyof Form) => (_event: unknown, data: { value: string }) =>
    setForm((current) => ({ ...current, [field]: data.value }));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setFilters(filtersOf(form));
  };
  const actions = [...KNOWN_ACTIONS].sort((a, b) => label(a).localeCompare(label(b)));
  const items = events.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={styles.page} aria-labelledby="audit-heading">
      <h2 id="audit-heading" className={styles.heading}>
        {t('audit.heading')}
      </h2>
      <form className={styles.filters} onSubmit={submit} aria-label={t('audit.filters')}>
        <Field label={t('audit.action')}>
          <Select value={form.action} onChange={set('action')} data-testid="filter-action">
            <option value="">{t('audit.anyAction')}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {label(action)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('audit.user')}>
          <Select value={form.actorUserId} onChange={set('actorUserId')} data-testid="filter-user">
            <option value="">{t('audit.anyUser')}</option>
            {(users.data ?? []).map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('audit.from')}>
          <Input type="date" value={form.from} onChange={set('from')} />
        </Field>
        <Field label={t('audit.to')}>
          <Input type="date" value={form.to} onChange={set('to')} />
        </Field>
        <Field label={t('audit.search')}>
          <Input type="search" value={form.q} onChange={set('q')} maxLength={200} />
        </Field>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary">
            {t('audit.apply')}
          </Button>
          <Button
            onClick={() => {
              setForm(EMPTY);
              setFilters({});
            }}
          >
            {t('audit.clear')}
          </Button>
        </div>
      </form>
      <div className={styles.actions}>
        <Button onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending}>
          {t('audit.export')}
        </Button>
        <Text className={styles.muted}>{t('audit.exportHint')}</Text>
      </div>
      {exportCsv.isError && <ProblemBar error={exportCsv.error} testId="export-problem" />}
      {users.isError && <ProblemBar error={users.error} />}
      {events.isPending ? (
        <Loading />
      ) : events.isError && items.length === 0 ? (
        <ProblemBar error={events.error} onRetry={() => void events.refetch()} />
      ) : items.length === 0 ? (
        <Text data-testid="audit-empty">{t('audit.empty')}</Text>
      ) : (
        <>
          <Table className={styles.table} aria-labelledby="audit-heading" size="small" data-testid="audit-table">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('audit.when')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.who')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.action')}</TableHeaderCell>
                <TableHeaderCell>{t('audit.what')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((event) => (
                <AuditRow key={event.id} event={event} label={label(event.action)} />
              ))}
            </TableBody>
          </Table>
          {events.isFetchNextPageError && <ProblemBar error={events.error} />}
          {events.hasNextPage && (
            <div>
              <Button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                {events.isFetchingNextPage ? t('loading') : t('audit.more')}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function AuditRow({ event, label }: { event: AuditEvent; label: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const f = useConsoleFormats();
  return (
    <TableRow data-testid="audit-row">
      <TableCell>
        <time dateTime={event.at}>{f.dateTime(event.at)}</time>
      </TableCell>
      <TableCell>{event.actor.label}</TableCell>
      <TableCell>
        <span title={event.action}>{label}</span>
      </TableCell>
      <TableCell>
        <div>{event.summary}</div>
        {event.details && (
          <details>
            <summary>{t('audit.details')}</summary>
            <pre className={styles.details}>{JSON.stringify(event.details, null, 2)}</pre>
          </details>
        )}
      </TableCell>
    </TableRow>
  );
}
