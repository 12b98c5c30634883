// The last interactions with the contact, newest first, and more on request.
import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowSwap20Regular,
  CalendarLtr20Regular,
  Call20Regular,
  CheckmarkCircle20Regular,
  Mail20Regular,
  Note20Regular,
  TaskListLtr20Regular,
  type FluentIcon,
} from '@fluentui/react-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../api/client.ts';
import { useFormats } from '../i18n/format.ts';
import { useApi } from '../state/context.tsx';
import { keys } from '../state/queries.ts';
import { ErrorState } from './states.tsx';

const useStyles = makeStyles({
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start' },
  icon: { flexShrink: 0, color: tokens.colorNeutralForeground3, marginBlockStart: '2px' },
  text: { display: 'flex', flexDirection: 'column', minInlineSize: 0 },
  body: {
    overflowWrap: 'anywhere',
    display: '-webkit-box',
    WebkitLineClamp: 3,
    // csstype marks it deprecated, but -webkit-line-clamp still works only with it.
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- needed by the line clamp above
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

// Partial: a kind added to the server later is not in this table.
const ICONS: Partial<Record<string, FluentIcon>> = {
  email: Mail20Regular,
  note: Note20Regular,
  call: Call20Regular,
  meeting: CalendarLtr20Regular,
  stage_change: ArrowSwap20Regular,
  task_created: TaskListLtr20Regular,
  task_completed: CheckmarkCircle20Regular,
};

type Text2 = { title: string; detail: string | null };

function describe(item: TimelineItem, t: (key: string, options?: Record<string, unknown>) => string): Text2 {
  const data = (item.data ?? {}) as Record<string, unknown>;
  const name = (value: unknown) => (value as { name?: string } | undefined)?.name ?? '';
  switch (item.kind) {
    case 'email': {
      const direction = item.email?.direction ?? 'inbound';
      const title =
        direction === 'outbound'
          ? t('timeline.emailSent')
          : direction === 'internal'
            ? t('timeline.emailInternal')
            : t('timeline.emailReceived');
      return { title: item.email?.subject || t('timeline.noSubject'), detail: title };
    }
    case 'note':
    case 'call':
    case 'meeting':
      return { title: t(`timeline.${item.kind}`), detail: item.body };
    case 'stage_change':
      return {
        title: t('timeline.stageChange', {
          deal: data.dealName ?? '',
          from: name(data.fromStage),
          to: name(data.toStage),
        }),
        detail: null,
      };
    case 'task_created':
      return { title: t('timeline.taskCreated', { title: data.title ?? '' }), detail: null };
    case 'task_completed':
      return { title: t('timeline.taskCompleted', { title: data.title ?? '' }), detail: null };
    default:
      return { title: item.body ?? '', detail: null };
  }
}

function Entry({ item }: { item: TimelineItem }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  // A kind added to the server later still shows, with a neutral icon.
  const Icon = ICONS[item.kind] ?? Note20Regular;
  const { title, detail } = describe(item, t);
  return (
    <li className={styles.item} data-testid="timeline-item">
      <Icon className={styles.icon} aria-hidden />
      <div className={styles.text}>
        <Text weight="semibold" className={styles.body}>
          {title}
        </Text>
        {detail && <Text className={styles.body}>{detail}</Text>}
        <Text size={200} className={styles.muted}>
          {item.author
            ? t('timeline.by', { name: item.author.displayName, date: formats.day(item.occurredAt) })
            : formats.day(item.occurredAt)}
        </Text>
      </div>
    </li>
  );
}

/** Whose timeline: a contact's (the pane's card) or a company's (the web app's record page). */
export type TimelineOwner = { kind: 'contact' | 'company'; id: string };

type TimelineProps =
  /** The pane's card: the newest items the lookup brought, and more on request. */
  | { contactId: string; recent: TimelineItem[]; pageSize: number }
  /** A record page: every item, page by page from the first. */
  | { owner: TimelineOwner };

export function TimelineSection(props: TimelineProps) {
  const styles = useStyles();
  const { t } = useTranslation();
  const api = useApi();
  const owner: TimelineOwner = 'owner' in props ? props.owner : { kind: 'contact', id: props.contactId };
  const recent = 'owner' in props ? null : props;
  const [expanded, setExpanded] = useState(recent === null);
  const more = useInfiniteQuery({
    queryKey: owner.kind === 'contact' ? keys.timeline(owner.id) : keys.companyTimeline(owner.id),
    queryFn: ({ pageParam, signal }) =>
      owner.kind === 'contact'
        ? api.contactTimeline(owner.id, pageParam, signal)
        : api.companyTimeline(owner.id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    enabled: expanded,
  });
  const items = expanded && more.data ? more.data.pages.flatMap((page) => page.items) : (recent?.recent ?? []);
  const hasMore = expanded ? more.hasNextPage : (recent?.recent.length ?? 0) >= (recent?.pageSize ?? 0);
  return (
    <section aria-labelledby="timeline-heading">
      <Text as="h3" id="timeline-heading" weight="semibold" block>
        {t('timeline.heading')}
      </Text>
      {items.length === 0 ? (
        // While the first page loads the spinner below stands for the list.
        !(expanded && more.isPending) && <Text className={styles.muted}>{t('timeline.none')}</Text>
      ) : (
        <ol className={styles.list}>
          {items.map((item) => (
            <Entry key={item.id} item={item} />
          ))}
        </ol>
      )}
      {more.isError && <ErrorState error={more.error} onRetry={() => void more.refetch()} />}
      {more.isFetching && expanded ? (
        <Spinner size="tiny" />
      ) : (
        hasMore && (
          <Button
            appearance="transparent"
            onClick={() => {
              if (expanded) void more.fetchNextPage();
              else setExpanded(true);
            }}
          >
            {t('timeline.more')}
          </Button>
        )
      )}
    </section>
  );
}
