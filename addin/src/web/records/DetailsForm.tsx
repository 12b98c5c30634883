// A record's details form: its fields, Save (only when something changed) and Cancel
// (back to what is saved), what the server said about each field on the field, and
// what it said about nothing in particular above the buttons.
import { Button, Field, Input, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import type { UseMutationResult } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { ReactNode, SubmitEvent } from 'react';
import { ProblemBar } from '../../shell/index.ts';
import { unplaced, type FieldError } from './field-errors.ts';

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

export function DetailsForm(props: {
  t: TFunction;
  save: UseMutationResult<unknown, Error, void>;
  dirty: boolean;
  errors: FieldError[];
  /** The fields the form shows: errors about others are reported above the buttons. */
  fields: readonly string[];
  onCancel: () => void;
  children: ReactNode;
}) {
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
