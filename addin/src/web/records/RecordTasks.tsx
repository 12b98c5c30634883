// A record's open tasks (everyone's, by due date) with complete and reschedule, and
// for a contact a form that adds one. A company's tasks are its contacts' and its
// deals' (a task names a contact or a deal, never a company), so it has no form.
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type SubmitEvent } from 'react';
import { ProblemBar } from '../../shell/index.ts';
import { useFeatureStrings } from '../i18n.ts';
import { useAddTask } from '../tasks/queries.ts';
import { TASKS_NAMESPACE, TASKS_STRINGS } from '../tasks/strings.ts';
import { dueAtFromDateInput } from '../tasks/task-dates.ts';
import { TaskSection } from '../tasks/TaskList.tsx';

const useStyles = makeStyles({
  tasks: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  form: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  title: { flexGrow: 1, minInlineSize: '200px' },
});

export function RecordTasks(props: { heading: string; filter: { contactId: string } | { companyId: string } }) {
  const styles = useStyles();
  const t = useFeatureStrings(TASKS_NAMESPACE, TASKS_STRINGS);
  return (
    <div className={styles.tasks}>
      <TaskSection
        t={t}
        level="h3"
        heading={props.heading}
        empty={t('empty.record')}
        query={{ view: 'all', ...props.filter }}
        testId="record-tasks"
        showAssignee
      />
      {'contactId' in props.filter && <AddTaskForm contactId={props.filter.contactId} />}
    </div>
  );
}

function AddTaskForm({ contactId }: { contactId: string }) {
  const styles = useStyles();
  const t = useFeatureStrings(TASKS_NAMESPACE, TASKS_STRINGS);
  const add = useAddTask();
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    add.mutate(
      { title: title.trim(), dueAt: date ? dueAtFromDateInput(date, null) : null, contactId },
      {
        onSuccess: () => {
          setTitle('');
          setDate('');
        },
      },
    );
  };
  return (
    <>
      <form className={styles.form} onSubmit={submit} aria-label={t('add.heading')} data-testid="add-task">
        <Field label={t('add.title')} required className={styles.title}>
          <Input value={title} maxLength={500} onChange={(_event, data) => setTitle(data.value)} />
        </Field>
        <Field label={t('add.dueDate')}>
          <Input type="date" value={date} onChange={(_event, data) => setDate(data.value)} />
        </Field>
        <Button type="submit" disabled={!title.trim() || add.isPending}>
          {t('add.submit')}
        </Button>
      </form>
      {add.isError && <ProblemBar error={add.error} />}
    </>
  );
}
