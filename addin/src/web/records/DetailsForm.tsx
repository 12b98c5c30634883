// A record's details form: its fields, Save (only when something changed) and Cancel
// (back to what is saved), what the server said about each field on the field, and
// what it said about nothing in particular above the buttons; and the draft behind
// it (useDetailsDraft), the same for every kind of record.
import { Button, Field, Input, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState, type ReactNode, type SubmitEvent } from 'react';
import { ProblemBar } from '../../shell/index.ts';
import { fieldErrorsOf, messageFor, unplaced, type FieldError } from './field-errors.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxInlineSize: '560px' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  saved: { color: tokens.colorPaletteGreenForeground1 },
});

export type FormField = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: string;
  required?: boolean;
  maxLength?: number;
  multiline?: boolean;
  /** Addresses, phone numbers and domains read left to right in a right-to-left page too. */
  dir?: 'ltr';
  type?: 'text' | 'tel';
};

export function TextField(props: FormField) {
  return (
    <Field
      label={props.label}
      hint={props.hint}
      required={props.required}
      validationState={props.error ? 'error' : 'none'}
      validationMessage={props.error}
    >
      {props.multiline ? (
        <Textarea
          value={props.value}
          onChange={(_event, data) => props.onChange(data.value)}
          rows={3}
          resize="vertical"
          dir={props.dir}
        />
      ) : (
        <Input
          value={props.value}
          onChange={(_event, data) => props.onChange(data.value)}
          maxLength={props.maxLength}
          dir={props.dir}
          type={props.type ?? 'text'}
        />
      )}
    </Field>
  );
}

type DetailsFormProps = {
  t: TFunction;
  save: UseMutationResult<unknown, Error, void>;
  dirty: boolean;
  errors: FieldError[];
  /** The fields the form shows: errors about others are reported above the buttons. */
  fields: readonly string[];
  onCancel: () => void;
};

/**
 * A record's draft beside what is saved (`draftOf` the record), the changes between the
 * two as PATCH takes them, and their save: the server's answer becomes the saved record
 * (`onSaved`: the caches) and the new draft. `set` changes fields of the draft, `error`
 * is what the server said about a field, `form` the DetailsForm's props.
 */
export function useDetailsDraft<Saved, Draft, Changes extends object>(options: {
  t: TFunction;
  record: Saved;
  draftOf: (record: Saved) => Draft;
  changes: (saved: Draft, draft: Draft) => Changes;
  save: (changes: Changes) => Promise<Saved>;
  onSaved: (updated: Saved) => void;
  fields: readonly string[];
}) {
  const { t, draftOf } = options;
  const [draft, setDraft] = useState(() => draftOf(options.record));
  const saved = draftOf(options.record);
  const changes = options.changes(saved, draft);
  const save = useMutation({
    mutationFn: () => options.save(changes),
    onSuccess: (updated) => {
      options.onSaved(updated);
      setDraft(draftOf(updated));
    },
  });
  const errors = fieldErrorsOf(save.error);
  const error = (field: string) => messageFor(errors, field, (line, message) => t('details.line', { line, message }));
  const set = (patch: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...patch }));
    if (save.isSuccess) save.reset();
  };
  const form: DetailsFormProps = {
    t,
    save,
    dirty: Object.keys(changes).length > 0,
    errors,
    fields: options.fields,
    onCancel: () => {
      setDraft(saved);
      save.reset();
    },
  };
  return { draft, set, error, form };
}

export function DetailsForm(props: DetailsFormProps & { children: ReactNode }) {
  const styles = useStyles();
  const { t, save } = props;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const elsewhere = unplaced(props.errors, props.fields);
  return (
    <section className={styles.section} aria-labelledby="details-heading">
      <h3 id="details-heading" className={styles.heading}>
        {t('details.heading')}
      </h3>
      <form className={styles.form} onSubmit={submit} noValidate data-testid="details-form">
        {props.children}
        {save.isError && (
          <div role="alert" data-testid="save-failed">
            {props.errors.length > 0 && elsewhere.length === 0 ? (
              <Text>{t('details.failed')}</Text>
            ) : (
              <ProblemBar error={save.error} />
            )}
          </div>
        )}
        <div className={styles.buttons}>
          <Button type="submit" appearance="primary" disabled={!props.dirty || save.isPending}>
            {t('details.save')}
          </Button>
          <Button disabled={(!props.dirty && !save.isError) || save.isPending} onClick={props.onCancel}>
            {t('details.cancel')}
          </Button>
          <span role="status" className={styles.saved}>
            {save.isSuccess && !props.dirty ? t('details.saved') : ''}
          </span>
        </div>
      </form>
    </section>
  );
}
