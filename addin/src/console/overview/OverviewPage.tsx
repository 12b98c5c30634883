// The health page: users, mailboxes syncing, the last sync, errors, consent and
// Graph subscriptions. A mailbox outside the sync's RBAC scope is "not permitted":
// what the admin chose, not a failure.
import {
  Badge,
  Card,
  Link,
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
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isMailboxState, type MailboxState, type Overview } from '../api.ts';
import { consoleKeys, useConsoleApi, useConsoleFormats } from '../context.tsx';
import { hrefOf } from '../routes.ts';
import { Loading, ProblemBar } from '../../shell/index.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  tenant: { color: tokens.colorNeutralForeground2 },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))',
    gap: tokens.spacingHorizontalL,
  },
  card: { gap: tokens.spacingVerticalS },
  cardTitle: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  big: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

/** States that need someone to act; NOT_PERMITTED is counted apart (the RBAC scope). */
const ERROR_STATES: MailboxState[] = ['FAILED', 'NEEDS_ADMIN'];

export function OverviewPage() {
  const styles = useStyles();
  const { t } = useTranslation();
  const api = useConsoleApi();
  const overview = useQuery({ queryKey: consoleKeys.overview, queryFn: ({ signal }) => api.overview(signal) });
  return (
    <section className={styles.page} aria-labelledby="overview-heading">
      <h2 id="overview-heading" className={styles.heading}>
        {t('overview.heading')}
      </h2>
      {overview.isPending ? (
        <Loading />
      ) : overview.isError ? (
        <ProblemBar error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <Health data={overview.data} />
      )}
    </section>
  );
}

function HealthCard(props: { title: string; testId: string; children: ReactNode }) {
  const styles = useStyles();
  const id = `card-${props.testId}`;
  return (
    <Card className={styles.card} data-testid={props.testId} role="group" aria-labelledby={id}>
      <h3 id={id} className={styles.cardTitle}>
        {props.title}
      </h3>
      {props.children}
    </Card>
  );
}

function Health({ data }: { data: Overview }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const f = useConsoleFormats();
  const { mailboxes, users, consent, subscriptions, connection } = data;
  const errors = ERROR_STATES.reduce((sum, state) => sum + mailboxes.byState[state], 0);
  const notPermitted = mailboxes.byState.NOT_PERMITTED;
  const when = (iso: string | null, never: string) =>
    iso ? (
      <time dateTime={iso} title={f.dateTime(iso)}>
        {f.relative(iso)}
      </time>
    ) : (
      never
    );
  return (
    <>
      <Text className={styles.tenant} data-testid="tenant">
        {t('overview.tenant', {
          name: data.tenant.name,
          domains: data.tenant.domains.length ? f.list(data.tenant.domains) : t('overview.noDomains'),
        })}
        {data.tenant.entraTenantId && ` · ${t('overview.entraTenant', { id: data.tenant.entraTenantId })}`}
      </Text>
      <div className={styles.grid}>
        <HealthCard title={t('overview.users.title')} testId="users">
          <span className={styles.big}>{f.number(users.total)}</span>
          <Text className={styles.muted}>
            {t('overview.users.admins', { count: users.admins })} ·{' '}
            {t('overview.users.syncEnabled', { count: users.syncEnabled })}
          </Text>
        </HealthCard>
        <HealthCard title={t('overview.mailboxes.title')} testId="mailboxes">
          <span className={styles.big}>
            {t('overview.mailboxes.syncing', { active: mailboxes.byState.ACTIVE, total: mailboxes.total })}
          </span>
          <Text className={styles.muted}>
            {mailboxes.byState.THROTTLED > 0 &&
              `${t('overview.mailboxes.throttled', { count: mailboxes.byState.THROTTLED })} · `}
            {t('overview.mailboxes.items', { count: mailboxes.itemsCaptured })}
          </Text>
        </HealthCard>
        <HealthCard title={t('overview.lastSync.title')} testId="last-sync">
          <span className={styles.big}>{when(mailboxes.lastSyncAt, t('overview.lastSync.never'))}</span>
        </HealthCard>
        <HealthCard title={t('overview.errors.title')} testId="errors">
          <span className={styles.big}>{f.number(errors)}</span>
          <Text className={styles.muted}>
            {errors === 0 ? t('overview.errors.none') : t('overview.errors.some', { count: errors })}
          </Text>
          {notPermitted > 0 && (
            <Text data-testid="not-permitted">
              {t('overview.errors.notPermitted', { count: notPermitted })}{' '}
              <Link href={hrefOf('deployment')}>{t('overview.errors.rbacLink')}</Link>
            </Text>
          )}
        </HealthCard>
        <HealthCard title={t('overview.consent.title')} testId="consent">
          <ConsentLine
            granted={consent.granted}
            label={t('overview.consent.delegated')}
            detail={
              consent.granted
                ? t('overview.consent.grantedBy', { by: consent.by ?? t('overview.consent.unknownAdmin') })
                : t('overview.consent.missing')
            }
            at={consent.at}
          />
          <ConsentLine
            granted={consent.syncGranted}
            label={t('overview.consent.sync')}
            detail={consent.syncGranted ? t('overview.consent.granted') : t('overview.consent.syncMissing')}
            at={consent.syncAt}
          />
          <Text data-testid="connection">
            {t(`overview.connection.${connection.state}`)}
            {connection.reason && ` — ${connection.reason}`}
          </Text>
          {!consent.granted && <Link href={`/console${hrefOf('connect')}`}>{t('overview.consent.connect')}</Link>}
        </HealthCard>
        <HealthCard title={t('overview.subscriptions.title')} testId="subscriptions">
          <span className={styles.big}>{f.number(subscriptions.active)}</span>
          <Text className={styles.muted}>
            {t('overview.subscriptions.expiring', { count: subscriptions.expiringWithinDay })}
            {subscriptions.nextExpiry && (
              <>
                {' · '}
                {t('overview.subscriptions.next')} {when(subscriptions.nextExpiry, '')}
              </>
            )}
          </Text>
        </HealthCard>
      </div>
      <Problems problems={data.problems} />
    </>
  );
}

function ConsentLine(props: { granted: boolean; label: string; detail: string; at: string | null }) {
  const { t } = useTranslation();
  const f = useConsoleFormats();
  return (
    <Text>
      <Badge appearance="tint" color={props.granted ? 'success' : 'warning'}>
        {props.granted ? t('overview.consent.yes') : t('overview.consent.no')}
      </Badge>{' '}
      {props.label}: {props.detail}
      {props.at && (
        <>
          {' '}
          (
          <time dateTime={props.at} title={f.dateTime(props.at)}>
            {f.relative(props.at)}
          </time>
          )
        </>
      )}
    </Text>
  );
}

function Problems({ problems }: { problems: Overview['problems'] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const f = useConsoleFormats();
  return (
    <section className={styles.section} aria-labelledby="problems-heading">
      <h3 id="problems-heading" className={styles.sectionTitle}>
        {t('overview.problems.heading')}
      </h3>
      {problems.length === 0 ? (
        <Text className={styles.muted}>{t('overview.problems.none')}</Text>
      ) : (
        <Table aria-labelledby="problems-heading" size="small" data-testid="problems">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('overview.problems.mailbox')}</TableHeaderCell>
              <TableHeaderCell>{t('overview.problems.state')}</TableHeaderCell>
              <TableHeaderCell>{t('overview.problems.reason')}</TableHeaderCell>
              <TableHeaderCell>{t('overview.problems.since')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {problems.map((problem) => (
              <TableRow key={problem.mailboxId} data-testid="problem-row" data-state={problem.state}>
                <TableCell>{problem.address}</TableCell>
                <TableCell>
                  <Badge
                    appearance="tint"
                    color={
                      problem.state === 'NOT_PERMITTED'
                        ? 'informative'
                        : problem.state === 'THROTTLED'
                          ? 'warning'
                          : 'danger'
                    }
                  >
                    {/* A state a newer server adds shows as it is. */}
                    {isMailboxState(problem.state) ? t(`mailboxState.${problem.state}`) : problem.state}
                  </Badge>
                </TableCell>
                <TableCell>
                  {problem.state === 'NOT_PERMITTED' ? (
                    <>
                      {t('overview.problems.notPermittedHint')}{' '}
                      <Link href={hrefOf('deployment')}>{t('overview.errors.rbacLink')}</Link>
                    </>
                  ) : (
                    (problem.reason ?? '—')
                  )}
                </TableCell>
                <TableCell>
                  {problem.at ? (
                    <time dateTime={problem.at} title={f.dateTime(problem.at)}>
                      {f.relative(problem.at)}
                    </time>
                  ) : (
                    '—'
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
