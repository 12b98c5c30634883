// A list of tasks as My tasks and the record pages show it: each task can be completed
// (a checkbox, at once on screen, undone if the server refuses) and rescheduled (a
// labelled date input, in the user's own calendar day), in pages of TASK_PAGE_SIZE.
import {
  Badge,
  Button,
  Checkbox,
  Field,
  Input,
  Link,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import { CalendarEdit20Regular } from '@fluentui/react-icons';
import { useId, useState, type SubmitEvent } from 'react';
import type { TFunction } from 'i18next';
import { ProblemBar } from '../../shell/index.ts';
import { useMe, useWebFormats } from '../context.tsx';
import { hrefOf } from '../routes.ts';
import { useCompleteTask, useRescheduleTask, useTaskList, type Task, type TaskQuery } from './queries.ts';
import { dateInputValue, dueAtFromDateInput } from './task-dates.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  task: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBlock: tokens.spacingVerticalS,
    borderBlockEndWidth: tokens.strokeWidthThin,
    borderBlockEndStyle: 'solid',
    borderBlockEndColor: tokens.colorNeutralStroke2,
  },
  top: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  grow: { flexGrow: 1, minInlineSize: 0, overflowWrap: 'anywhere' },
  done: { textDecorationLine: 'line-through', color: tokens.colorNeutralForeground3 },
  meta: {
    display: 'flex',
    gap: tokens.spacingHorizontalM,
    flexWrap: 'wrap',
    paddingInlineStart: '32px',
    color: tokens.colorNeutralForeground2,
  },
  form: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
    paddingInlineStart: '32px',
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** One section of tasks (a query of GET /tasks) with its heading, empty text and "Show more". */
export function TaskSection(props: {
  t: TFunction;
  heading: string;
  /** The heading's level: h2 on My tasks, h3 inside a record page. */
  level?: 'h2' | 'h3';
  empty: string;
  query: TaskQuery;
  testId: string;
  /** Show whom each task is assigned to (a record page's tasks are everyone's). */
  showAssignee?: boolean;
}) {
  const styles = useStyles();
  const headingId = useId();
  const tasks = useTaskList(props.query);
  const Heading = props.level ?? 'h2';
  const items = tasks.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={styles.section} aria-labelledby={headingId} data-testid={props.testId}>
      <Heading id={headingId} className={styles.heading}>
        {props.heading}
      </Heading>
      {tasks.isPending ? (
        <Spinner size="tiny" />
      ) : tasks.isError ? (
        <ProblemBar error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : items.length === 0 ? (
        <Text className={styles.muted}>{props.empty}</Text>
      ) : (
        <ul className={styles.list}>
          {items.map((task) => (
            <TaskRow key={task.id} task={task} t={props.t} showAssignee={props.showAssignee ?? false} />
          ))}
        </ul>
      )}
      {tasks.hasNextPage &&
        (tasks.isFetchingNextPage ? (
          <Spinner size="tiny" />
        ) : (
          <Button appearance="subtle" onClick={() => void tasks.fetchNextPage()}>
            {props.t('more')}
          </Button>
        ))}
    </section>
  );
}

export function TaskRow({ task, t, showAssignee }: { task: Task; t: TFunction; showAssignee: boolean }) {
  const styles = useStyles();
  const formats = useWebFormats();
  const complete = useCompleteTask(task);
  const me = useMe();
  // The server lets the assignee, the creator and admins change a task (PATCH /tasks/{id}).
  const mayChange = me.role === 'admin' || task.assignee.id === me.id || task.createdBy.id === me.id;
  const [rescheduling, setRescheduling] = useState(false);
  // Checked in the click's own render: the cache's optimistic copy (useCompleteTask) lands a
  // moment later, and a box that does not tick when clicked reads as a missed click.
  const [ticked, setTicked] = useState(false);
  const done = task.done || ticked;
  return (
    <li className={styles.task} data-testid="task" data-task-id={task.id}>
      <div className={styles.top}>
        <Checkbox
          className={styles.grow}
          checked={done}
          disabled={done}
          onChange={() => {
            setTicked(true);
            complete.mutate(undefined, { onError: () => setTicked(false) });
          }}
          label={<span className={mergeClasses(done && styles.done)}>{task.title}</span>}
        />
        {task.overdue && (
          <Badge appearance="tint" color="danger">
            {t('overdue')}
          </Badge>
        )}
        {mayChange && !done && !rescheduling && (
          <Button
            size="small"
            appearance="subtle"
            icon={<CalendarEdit20Regular />}
            aria-label={t('rescheduleFor', { title: task.title })}
            onClick={() => setRescheduling(true)}
          >
            {t('reschedule')}
          </Button>
        )}
      </div>
      <div className={styles.meta}>
        <Text size={200} data-testid="task-due">
          {task.dueAt ? t('due', { date: formats.dateTime(task.dueAt) }) : t('noDueDate')}
        </Text>
        {task.contact && (
          <Text size={200}>
            {/* The name is a link; the label before it is the translated text around it. */}
            <Link href={hrefOf({ page: 'contacts', id: task.contact.id })}>
              {t('contact', { name: task.contact.name })}
            </Link>
          </Text>
        )}
        {task.deal && <Text size={200}>{t('deal', { name: task.deal.name })}</Text>}
        {showAssignee && <Text size={200}>{t('assignedTo', { name: task.assignee.displayName })}</Text>}
      </div>
      {rescheduling && <RescheduleForm task={task} t={t} onDone={() => setRescheduling(false)} />}
      {complete.isError && (
        <div>
          <Text role="alert">{t('completeFailed', { title: task.title })}</Text>
          <ProblemBar error={complete.error} />
        </div>
      )}
    </li>
  );
}

function RescheduleForm({ task, t, onDone }: { task: Task; t: TFunction; onDone: () => void }) {
  const styles = useStyles();
  const reschedule = useRescheduleTask(task);
  const [value, setValue] = useState(task.dueAt ? dateInputValue(task.dueAt) : '');
  const [invalid, setInvalid] = useState(false);
  const save = (dueAt: string | null) => reschedule.mutate(dueAt, { onSuccess: onDone });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const dueAt = dueAtFromDateInput(value, task.dueAt);
    setInvalid(dueAt === null);
    if (dueAt) save(dueAt);
  };
  return (
    <>
      <form className={styles.form} onSubmit={submit} data-testid="reschedule-form">
        <Field
          label={t('newDate', { title: task.title })}
          validationState={invalid ? 'error' : 'none'}
          validationMessage={invalid ? t('pickDate') : undefined}
        >
          <Input
            type="date"
            value={value}
            onChange={(_event, data) => setValue(data.value)}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- opened by a click on Reschedule: focus goes where the user is about to type
            autoFocus
          />
        </Field>
        <Button type="submit" appearance="primary" disabled={reschedule.isPending}>
          {t('save')}
        </Button>
        {task.dueAt && (
          <Button disabled={reschedule.isPending} onClick={() => save(null)}>
            {t('clearDate')}
          </Button>
        )}
        <Button appearance="subtle" onClick={onDone}>
          {t('cancel')}
        </Button>
      </form>
      {reschedule.isError && <ProblemBar error={reschedule.error} />}
    </>
  );
}
