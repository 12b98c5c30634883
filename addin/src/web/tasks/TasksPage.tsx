// My tasks: the signed-in user's open tasks in four sections (overdue, due today,
// upcoming, no due date), each its own query of GET /tasks with the bounds of today in
// the browser's time zone, so "today" is the user's day wherever the server runs.
import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useWebFormats } from '../context.tsx';
import { useFeatureStrings } from '../i18n.ts';
import type { PageProps } from '../routes.ts';
import { TASKS_NAMESPACE, TASKS_STRINGS } from './strings.ts';
import { dayBounds } from './task-dates.ts';
import { TaskSection } from './TaskList.tsx';
import type { TaskQuery } from './queries.ts';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxInlineSize: '900px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

type SectionName = 'overdue' | 'today' | 'upcoming' | 'noDate';

/** The four queries of My tasks, for the day that contains `now` (here). */
export function sectionQueries(now: Date): Record<SectionName, TaskQuery> {
  const { startOfToday, startOfTomorrow } = dayBounds(now);
  const start = startOfToday.toISOString();
  const end = startOfTomorrow.toISOString();
  return {
    overdue: { dueBefore: start },
    today: { dueAfter: start, dueBefore: end },
    upcoming: { dueAfter: end },
    noDate: { hasDueDate: 'false' },
  };
}

const SECTIONS: SectionName[] = ['overdue', 'today', 'upcoming', 'noDate'];

export default function TasksPage(_props: PageProps) {
  const styles = useStyles();
  const t = useFeatureStrings(TASKS_NAMESPACE, TASKS_STRINGS);
  const formats = useWebFormats();
  // The day is fixed when the page opens; reopening the page after midnight moves it on.
  const [now] = useState(() => new Date());
  const queries = sectionQueries(now);
  return (
    <div className={styles.page} data-testid="page-tasks">
      <div>
        <h2 className={styles.heading}>{t('heading')}</h2>
        <Text>{t('intro', { date: formats.day(now.toISOString()) })}</Text>
      </div>
      {SECTIONS.map((name) => (
        <TaskSection
          key={name}
          t={t}
          heading={t(`sections.${name}`)}
          empty={t(`empty.${name}`)}
          query={queries[name]}
          testId={`tasks-${name}`}
        />
      ))}
    </div>
  );
}
