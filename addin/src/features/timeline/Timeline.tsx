// The last interactions with a contact, a company or a deal, newest first, and more on
// request. The pane starts from the few its lookup brought; a record page from the first page.
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
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineItem } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useFormats } from '../../i18n/format.ts';
import { useTimeline, type TimelineOwner } from './queries.ts';

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

type Kind = TimelineItem['kind'];

// Partial: a kind added to the server later is not in this table.
const ICONS: Partial<Record<Kind, FluentIcon>> = {
  email: Mail20Regular,
  note: Note20Regular,
  call: Call20Regular,
  meeting: CalendarLtr20Regular,
  stage_change: ArrowSwap20Regular,
  task_created: TaskListLtr20Regular,
  task_completed: CheckmarkCircle20Regular,
};

type Described = { title: string; detail: string | null };
type Translate = (key: string, options?: Record<string, unknown>) => string;

const DIRECTION_KEYS = {
  inbound: 'timeline.emailReceived',
  outbound: 'timeline.emailSent',
  internal: 'timeline.emailInternal',
} as const;

/** Each kind in its own words, from its own fields: the API types each kind's details. */
function describe(item: TimelineItem, t: Translate): Described {
  switch (item.kind) {
    case 'email':
      return { title: item.email.subject || t('timeline.noSubject'), detail: t(DIRECTION_KEYS[item.email.direction]) };
    case 'note':
    case 'call':
    case 'meeting':
      return { title: t(`timeline.${item.kind}`), detail: item.body };
    case 'stage_change':
      return {
        title: t('timeline.stageChange', {
          deal: item.data.dealName,
          from: item.data.fromStage.name,
          to: item.data.toStage.name,
        }),
        detail: null,
      };
    case 'task_created':
      return { title: t('timeline.taskCreated', { title: item.data.title }), detail: null };
    case 'task_completed':
      return { title: t('timeline.taskCompleted', { title: item.data.title }), detail: null };
    default:
      return unknownKind(item, t);
  }
}

/** A kind added to the server after this build: shown as plain activity, not left out. */
function unknownKind(_item: never, t: Translate): Described {
  return { title: t('timeline.activity'), detail: null };
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

export function TimelineSection(props: {
  owner: TimelineOwner;
  /** The newest items, already at hand (the lookup's), shown until the user asks for more. Without them, the first page loads at once. */
  recent?: { items: TimelineItem[]; pageSize: number };
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const { recent } = props;
  const heading = useId();
  // Nothing at hand: the first page is asked for at once.
  const [expanded, setExpanded] = useState(!recent);
  const more = useTimeline(props.owner, { enabled: expanded });
  const items = expanded && more.data ? more.data.pages.flatMap((page) => page.items) : (recent?.items ?? []);
  const hasMore = expanded ? more.hasNextPage : !!recent && recent.items.length >= recent.pageSize;
  return (
    <section aria-labelledby={heading}>
      <Text as="h3" id={heading} weight="semibold" block>
        {t('timeline.heading')}
      </Text>
      {more.isPending && !recent ? null : items.length === 0 ? (
        <Text className={styles.muted}>{t('timeline.none')}</Text>
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
