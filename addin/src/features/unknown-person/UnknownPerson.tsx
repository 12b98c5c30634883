// Someone the CRM does not know: offer to create them, prefilled from the email,
// with the company their domain belongs to (or a new one).
import { Button, Checkbox, Field, Input, Text, makeStyles, tokens } from '@fluentui/react-components';
import { Building20Regular, PersonAdd20Regular } from '@fluentui/react-icons';
import { useState, type SubmitEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lookup } from '../../api/client.ts';
import { ErrorState } from '../../components/states.tsx';
import { useCreateContact } from './queries.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  company: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** "sales.adatum-corp.example" → "Adatum Corp": a starting point the user can edit. */
export function companyNameFromDomain(domain: string): string {
  const labels = domain.split('.');
  const main = labels.at(-2) ?? labels[0] ?? '';
  return main
    .split('-')
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Someone on the email: their address, and their name as the email gives it. */
type Person = { email: string; name: string | null };

export default function UnknownPerson({ person, lookup }: { person: Person; lookup: Lookup }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const domain = person.email.slice(person.email.indexOf('@') + 1);
  const [name, setName] = useState(person.name ?? person.email.slice(0, person.email.indexOf('@')));
  const [title, setTitle] = useState('');
  const [withCompany, setWithCompany] = useState(true);
  const [companyName, setCompanyName] = useState(companyNameFromDomain(domain));

  const create = useCreateContact();
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    if (!name.trim() || create.isPending) return;
    create.mutate({
      email: person.email,
      name: name.trim(),
      title: title.trim(),
      company: lookup.company,
      newCompany: withCompany && companyName.trim() ? { name: companyName.trim(), domain } : null,
    });
  };

  return (
    <section className={styles.section} data-testid="unknown-person">
      <Text as="h2" size={400} weight="semibold">
        {t('unknown.heading', { name: person.name ?? person.email })}
      </Text>
      <Text className={styles.company}>
        <Building20Regular aria-hidden />
        {lookup.company
          ? t('unknown.companyMatched', { company: lookup.company.name, domain })
          : t('unknown.noCompany', { domain })}
      </Text>
      <form className={styles.form} onSubmit={submit} aria-label={t('unknown.createContact')}>
        <Field label={t('unknown.name')} required>
          <Input value={name} onChange={(_e, data) => setName(data.value)} maxLength={200} />
        </Field>
        <Field label={t('unknown.email')}>
          <Input value={person.email} readOnly dir="ltr" />
        </Field>
        <Field label={t('unknown.jobTitle')}>
          <Input value={title} onChange={(_e, data) => setTitle(data.value)} maxLength={200} />
        </Field>
        {!lookup.company && (
          <>
            <Checkbox
              checked={withCompany}
              onChange={(_e, data) => setWithCompany(data.checked === true)}
              label={t('unknown.createCompany')}
            />
            {withCompany && (
              <Field label={t('unknown.companyName')}>
                <Input value={companyName} onChange={(_e, data) => setCompanyName(data.value)} maxLength={200} />
              </Field>
            )}
          </>
        )}
        {create.isError && <ErrorState error={create.error} />}
        <div>
          <Button
            appearance="primary"
            type="submit"
            icon={<PersonAdd20Regular />}
            disabled={!name.trim() || create.isPending}
          >
            {create.isPending ? t('unknown.creating') : t('unknown.createContact')}
          </Button>
        </div>
      </form>
    </section>
  );
}
