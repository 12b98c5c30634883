// The first dashboard: open pipeline by stage, deals won and lost in the period, emails
// per salesperson, contacts without contact for N days. Each figure is one request (one
// SQL statement on the server), drawn as a chart (@fluentui/react-charts, in this page's
// lazy chunk only) and given as a table too: the table is the accessible alternative
// and the exact numbers, money per currency (never added across currencies).
import {
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { VerticalBarChart, VerticalStackedBarChart } from '@fluentui/react-charts';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema.d.ts';
import { ok, useWebClient, useWebFormats, type WebFormats } from '../context.tsx';
import { useFeatureStrings } from '../i18n.ts';
import type { PageProps } from '../routes.ts';
import { periodOf, PERIODS, type PeriodName } from './period.ts';
import { DASHBOARD_NAMESPACE, DASHBOARD_STRINGS } from './strings.ts';

type Schemas = components['schemas'];
type Money = { currency: string; amount: string }[];
type UserRef = Schemas['UserRef'] | null;

const CHART_HEIGHT = 260;
const COLORS = { first: tokens.colorPaletteBlueBorderActive, second: tokens.colorPaletteMarigoldBorderActive };

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  filters: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL, alignItems: 'end' },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 28rem), 1fr))',
    gap: tokens.spacingVerticalL,
  },
  figure: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  figureHeading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  chart: { minHeight: `${CHART_HEIGHT}px`, overflowX: 'auto' },
  number: { textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
  total: { fontWeight: tokens.fontWeightSemibold },
});

export default function DashboardPage(_props: PageProps) {
  const t = useFeatureStrings(DASHBOARD_NAMESPACE, DASHBOARD_STRINGS);
  const styles = useStyles();
  const client = useWebClient();
  const [periodName, setPeriodName] = useState<PeriodName>('thisMonth');
  const [pipelineId, setPipelineId] = useState('');
  const [ownerId, setOwnerId] = useState('');
  const [days, setDays] = useState(90);
  const period = useMemo(() => periodOf(periodName, new Date()), [periodName]);
  const filters = { ...(ownerId ? { ownerId } : {}) };

  const pipelines = useQuery({
    queryKey: ['web', 'pipelines'],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/pipelines', { signal })),
  });
  const users = useQuery({
    queryKey: ['web', 'users'],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/users', { signal })),
  });
  const pipeline = useQuery({
    queryKey: ['web', 'dashboard', 'pipeline', pipelineId, ownerId],
    queryFn: ({ signal }) =>
      ok(
        client.GET('/api/v1/dashboard/pipeline', {
          params: { query: { ...filters, ...(pipelineId ? { pipelineId } : {}) } },
          signal,
        }),
      ),
  });
  const outcomes = useQuery({
    queryKey: ['web', 'dashboard', 'outcomes', period, pipelineId, ownerId],
    queryFn: ({ signal }) =>
      ok(
        client.GET('/api/v1/dashboard/outcomes', {
          params: { query: { ...period, ...filters, ...(pipelineId ? { pipelineId } : {}) } },
          signal,
        }),
      ),
  });
  const emails = useQuery({
    queryKey: ['web', 'dashboard', 'email-activity', period],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/dashboard/email-activity', { params: { query: period }, signal })),
  });
  const stale = useQuery({
    queryKey: ['web', 'dashboard', 'stale-contacts', days, ownerId],
    queryFn: ({ signal }) =>
      ok(client.GET('/api/v1/dashboard/stale-contacts', { params: { query: { days, ...filters } }, signal })),
  });

  return (
    <section className={styles.page} aria-labelledby="dashboard-heading" data-testid="page-dashboard">
      <h2 id="dashboard-heading" className={styles.heading}>
        {t('web:nav.dashboard')}
      </h2>
      <div className={styles.filters} role="group" aria-label={t('filters')}>
        <Field label={t('period')}>
          <Select value={periodName} onChange={(_e, data) => setPeriodName(data.value as PeriodName)}>
            {PERIODS.map((name) => (
              <option key={name} value={name}>
                {t(`periods.${name}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('pipeline')}>
          <Select value={pipelineId} onChange={(_e, data) => setPipelineId(data.value)}>
            {(pipelines.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.isDefault ? '' : p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('owner')}>
          <Select value={ownerId} onChange={(_e, data) => setOwnerId(data.value)}>
            <option value="">{t('everyone')}</option>
            {(users.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('stale.days')}>
          <Input
            type="number"
            min={1}
            max={3650}
            value={String(days)}
            onChange={(_e, data) => {
              const n = Number(data.value);
              if (Number.isInteger(n) && n >= 1 && n <= 3650) setDays(n);
            }}
          />
        </Field>
      </div>
      <div className={styles.grid}>
        <Figure title={t('pipelineFigure.title')} query={pipeline} t={t}>
          {(data) => <PipelineFigure data={data} t={t} />}
        </Figure>
        <Figure title={t('outcomes.title')} query={outcomes} t={t}>
          {(data) => <OutcomesFigure data={data} t={t} />}
        </Figure>
        <Figure title={t('emails.title')} query={emails} t={t}>
          {(data) => <EmailFigure data={data} t={t} />}
        </Figure>
        <Figure title={t('stale.title')} query={stale} t={t}>
          {(data) => <StaleFigure data={data} t={t} />}
        </Figure>
      </div>
    </section>
  );
}

/** A figure's frame: its heading, and its loading, error or content. */
function Figure<T>(props: {
  title: string;
  query: { data?: T; error: Error | null; isPending: boolean };
  t: TFunction;
  children: (data: T) => ReactNode;
}) {
  const styles = useStyles();
  const id = useId();
  const { data, error } = props.query;
  return (
    <section className={styles.figure} aria-labelledby={id}>
      <h3 id={id} className={styles.figureHeading}>
        {props.title}
      </h3>
      {error ? (
        <MessageBar intent="error">
          <MessageBarBody>{props.t('failed', { message: error.message })}</MessageBarBody>
        </MessageBar>
      ) : data === undefined ? (
        <Spinner size="small" label={props.t('loading')} />
      ) : (
        props.children(data)
      )}
    </section>
  );
}

/** The charts' number formats follow the app's language. */
/**
 * What every chart is told of the reader's language: its culture, and the y axis's ticks
 * in the reader's digits (the library writes them with d3, in Latin digits, otherwise).
 */
function useChartLocale() {
  const culture = useTranslation().i18n.language;
  const formats = useWebFormats();
  return { culture, yAxisTickFormat: (value: number) => formats.number(value) };
}

const nameOf = (user: UserRef, t: TFunction, none: 'nobody' | 'unattributed' = 'nobody') =>
  user ? user.displayName : t(none);

function moneyText(value: Money, formats: WebFormats): string {
  return value.length ? formats.list(value.map((m) => formats.money(m.amount, m.currency))) : '–';
}

/** A table with a caption for screen readers (the figure's heading names it for everyone). */
function FigureTable(props: {
  label: string;
  head: string[];
  numeric: boolean[];
  rows: ReactNode[][];
  foot?: ReactNode[];
}) {
  const styles = useStyles();
  const cell = (content: ReactNode, i: number, key: string, total = false) => (
    <TableCell key={key} className={mergeClasses(props.numeric[i] && styles.number, total && styles.total)}>
      {content}
    </TableCell>
  );
  return (
    <Table size="small" aria-label={props.label}>
      <TableHeader>
        <TableRow>
          {props.head.map((h, i) => (
            <TableHeaderCell key={h} className={props.numeric[i] ? styles.number : undefined}>
              {h}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {props.rows.map((row, r) => (
          <TableRow key={r}>{row.map((c, i) => cell(c, i, `${r}-${i}`))}</TableRow>
        ))}
        {props.foot && <TableRow>{props.foot.map((c, i) => cell(c, i, `total-${i}`, true))}</TableRow>}
      </TableBody>
    </Table>
  );
}

/** The chart for sighted users (its bars are focusable, so no role of its own); the table beside it carries the numbers. */
function Chart(props: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.chart} title={props.label}>
      {props.children}
    </div>
  );
}

function PipelineFigure(props: { data: Schemas['DashboardPipeline']; t: TFunction }) {
  const { data, t } = props;
  const formats = useWebFormats();
  const chartLocale = useChartLocale();
  const rows = data.stages.flatMap((s) => [
    [s.stage.name, '', formats.number(s.count), moneyText(s.value, formats)],
    ...s.owners.map((o) => ['', nameOf(o.owner, t), formats.number(o.count), moneyText(o.value, formats)]),
  ]);
  return (
    <>
      <Text>{data.pipeline.name}</Text>
      <Chart label={t('pipelineFigure.chart')}>
        <VerticalBarChart
          {...chartLocale}
          height={CHART_HEIGHT}
          hideLegend
          data={data.stages.map((s) => ({
            x: s.stage.name,
            y: s.count,
            barLabel: formats.number(s.count),
            legend: s.stage.name,
            color: COLORS.first,
            yAxisCalloutData: formats.number(s.count),
          }))}
        />
      </Chart>
      <FigureTable
        label={t('pipelineFigure.title')}
        head={[
          t('pipelineFigure.stage'),
          t('pipelineFigure.owner'),
          t('pipelineFigure.count'),
          t('pipelineFigure.value'),
        ]}
        numeric={[false, false, true, true]}
        rows={rows}
        foot={[t('pipelineFigure.total'), '', formats.number(data.total.count), moneyText(data.total.value, formats)]}
      />
    </>
  );
}

function OutcomesFigure(props: { data: Schemas['DashboardOutcomes']; t: TFunction }) {
  const { data, t } = props;
  const formats = useWebFormats();
  const chartLocale = useChartLocale();
  return (
    <>
      <Text>
        {formats.day(data.period.from)} – {formats.day(new Date(Date.parse(data.period.to) - 1).toISOString())}
      </Text>
      {data.owners.length ? (
        <Chart label={t('outcomes.chart')}>
          <VerticalStackedBarChart
            {...chartLocale}
            height={CHART_HEIGHT}
            data={data.owners.map((o) => ({
              xAxisPoint: nameOf(o.owner, t),
              chartData: [
                { legend: t('outcomes.won'), data: o.won.count, color: COLORS.first },
                { legend: t('outcomes.lost'), data: o.lost.count, color: COLORS.second },
              ],
            }))}
          />
        </Chart>
      ) : (
        <Text>{t('empty')}</Text>
      )}
      <FigureTable
        label={t('outcomes.title')}
        head={[
          t('outcomes.owner'),
          t('outcomes.won'),
          t('outcomes.wonValue'),
          t('outcomes.lost'),
          t('outcomes.lostValue'),
        ]}
        numeric={[false, true, true, true, true]}
        rows={data.owners.map((o) => [
          nameOf(o.owner, t),
          formats.number(o.won.count),
          moneyText(o.won.value, formats),
          formats.number(o.lost.count),
          moneyText(o.lost.value, formats),
        ])}
        foot={[
          t('outcomes.total'),
          formats.number(data.won.count),
          moneyText(data.won.value, formats),
          formats.number(data.lost.count),
          moneyText(data.lost.value, formats),
        ]}
      />
    </>
  );
}

function EmailFigure(props: { data: Schemas['DashboardEmailActivity']; t: TFunction }) {
  const { data, t } = props;
  const formats = useWebFormats();
  const chartLocale = useChartLocale();
  return (
    <>
      {data.users.length ? (
        <Chart label={t('emails.chart')}>
          <VerticalStackedBarChart
            {...chartLocale}
            height={CHART_HEIGHT}
            data={data.users.map((u) => ({
              xAxisPoint: nameOf(u.user, t, 'unattributed'),
              chartData: [
                { legend: t('emails.manual'), data: u.manual, color: COLORS.first },
                { legend: t('emails.sync'), data: u.sync, color: COLORS.second },
              ],
            }))}
          />
        </Chart>
      ) : (
        <Text>{t('empty')}</Text>
      )}
      <FigureTable
        label={t('emails.title')}
        head={[t('emails.user'), t('emails.manual'), t('emails.sync')]}
        numeric={[false, true, true]}
        rows={data.users.map((u) => [
          nameOf(u.user, t, 'unattributed'),
          formats.number(u.manual),
          formats.number(u.sync),
        ])}
        foot={[t('emails.total'), formats.number(data.total.manual), formats.number(data.total.sync)]}
      />
    </>
  );
}

function StaleFigure(props: { data: Schemas['DashboardStaleContacts']; t: TFunction }) {
  const { data, t } = props;
  const formats = useWebFormats();
  const chartLocale = useChartLocale();
  return (
    <>
      <Text>{t('stale.summary', { count: data.total, days: data.days })}</Text>
      {data.owners.length ? (
        <Chart label={t('stale.chart')}>
          <VerticalBarChart
            {...chartLocale}
            height={CHART_HEIGHT}
            hideLegend
            data={data.owners.map((o) => ({
              x: nameOf(o.owner, t),
              y: o.count,
              barLabel: formats.number(o.count),
              legend: nameOf(o.owner, t),
              color: COLORS.first,
            }))}
          />
        </Chart>
      ) : null}
      <FigureTable
        label={t('stale.chart')}
        head={[t('stale.owner'), t('stale.count')]}
        numeric={[false, true]}
        rows={data.owners.map((o) => [nameOf(o.owner, t), formats.number(o.count)])}
        foot={[t('pipelineFigure.total'), formats.number(data.total)]}
      />
      <FigureTable
        label={t('stale.longest')}
        head={[t('stale.contact'), t('stale.company'), t('stale.owner'), t('stale.lastContacted')]}
        numeric={[false, false, false, false]}
        rows={data.contacts.map((c) => [
          c.name,
          c.company?.name ?? '',
          nameOf(c.owner, t),
          c.lastContactedAt ? formats.day(c.lastContactedAt) : t('stale.never'),
        ])}
      />
    </>
  );
}
