// The frame of a record page: a way back to the list, the record's header (name, what
// it is, owner, tags, last contact), then two columns (details and tasks; deals and
// the timeline) that stack on a narrow window.
import { Link, Tag, TagGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft16Regular, ArrowRight16Regular } from '@fluentui/react-icons';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '../../api/schema.d.ts';
import { TimelineSection } from '../../features/timeline/Timeline.tsx';
import type { TimelineOwner } from '../../features/timeline/queries.ts';
import { useWebFormats } from '../context.tsx';
import { PaneStrings } from '../PaneStrings.tsx';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  back: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  name: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  facts: { display: 'flex', gap: tokens.spacingHorizontalL, flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  columns: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(min(100%, 420px), 1fr))',
    gap: tokens.spacingHorizontalXXL,
    alignItems: 'start',
  },
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, minInlineSize: 0 },
});

export function RecordLayout(props: {
  back: { href: string; label: string };
  header?: ReactNode;
  main?: ReactNode;
  side?: ReactNode;
  children?: ReactNode;
  testId?: string;
}) {
  const styles = useStyles();
  const { i18n } = useTranslation();
  // "Back" points toward the start of the line: left in English, right in Persian.
  const Arrow = i18n.dir() === 'rtl' ? ArrowRight16Regular : ArrowLeft16Regular;
  return (
    <article className={styles.page} data-testid={props.testId}>
      <Link href={props.back.href} className={styles.back}>
        <Arrow aria-hidden />
        {props.back.label}
      </Link>
      {props.header}
      {props.children}
      {(props.main ?? props.side) && (
        <div className={styles.columns}>
          <div className={styles.column}>{props.main}</div>
          <div className={styles.column}>{props.side}</div>
        </div>
      )}
    </article>
  );
}

export function RecordHeader(props: {
  t: TFunction;
  name: string;
  subtitle?: ReactNode;
  owner: UserRef | null;
  tags: string[];
  lastContactedAt?: string | null;
}) {
  const styles = useStyles();
  const formats = useWebFormats();
  const { t } = props;
  return (
    <header className={styles.header}>
      <h2 className={styles.name} data-testid="record-name">
        {props.name}
      </h2>
      {props.subtitle && <Text>{props.subtitle}</Text>}
      <div className={styles.facts}>
        <Text data-testid="record-owner">
          {props.owner ? t('header.owner', { name: props.owner.displayName }) : t('header.noOwner')}
        </Text>
        {props.lastContactedAt !== undefined && (
          <Text>
            {props.lastContactedAt
              ? t('header.lastContacted', { when: formats.relative(props.lastContactedAt) })
              : t('header.neverContacted')}
          </Text>
        )}
      </div>
      {props.tags.length > 0 && (
        <TagGroup aria-label={t('header.tags')} data-testid="record-tags">
          {props.tags.map((tag) => (
            <Tag key={tag} size="small" appearance="brand">
              {tag}
            </Tag>
          ))}
        </TagGroup>
      )}
    </header>
  );
}

/** The pane's timeline of the record, every kind, page by page. */
export function RecordTimeline({ owner }: { owner: TimelineOwner }) {
  return (
    <PaneStrings>
      <TimelineSection owner={owner} />
    </PaneStrings>
  );
}
