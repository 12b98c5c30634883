// The note or task form of the quick actions.
import { Button, Field, Input, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useFormats } from '../../i18n/format.ts';
import { useSaveQuickAction, type QuickAction } from './queries.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** A due date is a calendar day: the task falls due at 17:00 of it, in the user's time zone. */
export function dueAtOf(day: string): string {
  // A malformed day is an Invalid Date, and toISOString throws on it.
  const [year = NaN, month = NaN, date = NaN] = day.split('-').map(Number);
  return new Date(year, month - 1, date, 17, 0, 0).toISOString();
}

export default function QuickActionForm(props: {
  kind: 'note' | 'task';
  contact: Contact;
  onCancel: () => void;
  onSaved: (message: string) => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const [text, setText] = useState('');
  const [due, setDue] = useState('');
  const saved = (action: QuickAction) =>
    props.onSaved(
      action.kind === 'note'
        ? t('actions.noteSaved')
        : action.dueAt
          ? t('actions.taskSaved', { date: formats.day(action.dueAt) })
          : t('actions.taskSavedNoDate'),
    );
  const save = useSaveQuickAction(saved);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!text.trim() || save.isPending) return;
    const contactId = props.contact.id;
    save.mutate(
      props.kind === 'note'
        ? { kind: 'note', contactId, body: text.trim() }
        : { kind: 'task', contactId, title: text.trim(), dueAt: due ? dueAtOf(due) : null },
    );
  };

  return (
    <form className={styles.form} onSubmit={submit}>
      {props.kind === 'note' ? (
        <Field label={t('actions.note')} required>
          <Textarea
            value={text}
            onChange={(_e, data) => setText(data.value)}
            maxLength={20_000}
            // eslint-disable-next-line jsx-a11y/no-autofocus -- the user just opened this form with a click: focus follows them into it
            autoFocus
            resize="vertical"
          />
        </Field>
      ) : (
        <>
          <Field label={t('actions.taskTitle')} required>
            <Input
              value={text}
              onChange={(_e, data) => setText(data.value)}
              maxLength={500}
              // eslint-disable-next-line jsx-a11y/no-autofocus -- the user just opened this form with a click: focus follows them into it
              autoFocus
            />
          </Field>
          <Field label={t('actions.due')}>
            <Input type="date" value={due} onChange={(_e, data) => setDue(data.value)} />
          </Field>
        </>
      )}
      {save.isError && <ErrorState error={save.error} />}
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={!text.trim() || save.isPending}>
          {t('actions.save')}
        </Button>
        <Button onClick={props.onCancel}>{t('actions.cancel')}</Button>
      </div>
    </form>
  );
}
