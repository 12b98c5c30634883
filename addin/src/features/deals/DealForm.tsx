// A new deal for the contact (and their company), in the default pipeline's first stage.
import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Company, Contact } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useFormats } from '../../i18n/format.ts';
import { useCreateDeal } from './queries.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS },
  grow: { flexGrow: 1 },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS },
});

const CURRENCIES = ['EUR', 'USD', 'GBP', 'SEK', 'GEL', 'IRR', 'INR'];

export default function NewDealForm(props: {
  contact: Contact;
  company: Company | null;
  currency: string;
  onDone: () => void;
}) {
  const styles = useStyles();
  const { t } = useTranslation();
  const formats = useFormats();
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [currency, setCurrency] = useState(props.currency);
  const create = useCreateDeal(props.onDone);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate({
      name: name.trim(),
      value: formats.amount(value) || '0',
      currency,
      contactIds: [props.contact.id],
      companyId: props.company?.id ?? null,
    });
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={t('deals.newDeal')}>
      <Field label={t('deals.name')} required>
        <Input
          value={name}
          onChange={(_e, data) => setName(data.value)}
          maxLength={200}
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the user just opened this form with a click: focus follows them into it
          autoFocus
        />
      </Field>
      <div className={styles.row}>
        <Field label={t('deals.value')} className={styles.grow}>
          <Input value={value} onChange={(_e, data) => setValue(data.value)} inputMode="decimal" />
        </Field>
        <Field label={t('deals.currency')}>
          <Select value={currency} onChange={(_e, data) => setCurrency(data.value)}>
            {[...new Set([currency, ...CURRENCIES])].map((code) => (
              <option key={code}>{code}</option>
            ))}
          </Select>
        </Field>
      </div>
      {create.isError && <ErrorState error={create.error} />}
      <div className={styles.buttons}>
        <Button appearance="primary" type="submit" disabled={create.isPending || !name.trim()}>
          {t('deals.create')}
        </Button>
        <Button onClick={props.onDone}>{t('actions.cancel')}</Button>
      </div>
    </form>
  );
}
