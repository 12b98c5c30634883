// A note or a follow-up task for the contact, without leaving the email.
import { Button, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Note20Regular, TaskListAdd20Regular } from '@fluentui/react-icons';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../api/client.ts';

// The form loads when first opened: the card paints without it.
const QuickActionForm = lazy(() => import('./QuickActionForm.tsx'));

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export function QuickActions({ contact }: { contact: Contact }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const [open, setOpen] = useState<'note' | 'task' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const start = (kind: 'note' | 'task') => {
    setOpen(kind);
    setDone(null);
  };
  return (
    <section className={styles.section} aria-label={t('actions.addNote')}>
      {done && (
        <MessageBar intent="success" data-testid="action-done">
          <MessageBarBody>{done}</MessageBarBody>
        </MessageBar>
      )}
      {open === null ? (
        <div className={styles.actions}>
          <Button icon={<Note20Regular />} onClick={() => start('note')}>
            {t('actions.addNote')}
          </Button>
          <Button icon={<TaskListAdd20Regular />} onClick={() => start('task')}>
            {t('actions.addTask')}
          </Button>
        </div>
      ) : (
        <Suspense fallback={<Spinner size="tiny" />}>
          <QuickActionForm
            kind={open}
            contact={contact}
            onCancel={() => setOpen(null)}
            onSaved={(message) => {
              setOpen(null);
              setDone(message);
            }}
          />
        </Suspense>
      )}
    </section>
  );
}
