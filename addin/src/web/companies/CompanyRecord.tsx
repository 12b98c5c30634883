// A company's record page (#/companies/<id>): its details to edit (name, domains,
// owner, tags), its contacts (links to their records), its open deals, its contacts' and
// deals' open tasks and its timeline.
import { Button, Link, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { Company } from '../../api/schema.d.ts';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';
import { useFeatureStrings } from '../i18n.ts';
import { hrefOf } from '../routes.ts';
import { DetailsForm, TextField, useDetailsDraft } from '../records/DetailsForm.tsx';
import { linesOf, tagsOf } from '../records/field-errors.ts';
import { OpenDeals } from '../records/OpenDeals.tsx';
import { recordSaved, useCompanyContacts, useCompanyRecord } from '../records/queries.ts';
import { OwnerField, TagsField } from '../records/RecordFields.tsx';
import { RecordHeader, RecordLayout, RecordTimeline } from '../records/RecordLayout.tsx';
import { RecordTasks } from '../records/RecordTasks.tsx';
import { RECORDS_NAMESPACE, RECORDS_STRINGS } from '../records/strings.ts';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  list: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function CompanyRecord({ id }: { id: string }) {
  const t = useFeatureStrings(RECORDS_NAMESPACE, RECORDS_STRINGS);
  const company = useCompanyRecord(id);
  const back = { href: hrefOf({ page: 'companies' }), label: t('back.companies') };
  if (company.isPending) return <Loading />;
  if (company.isError) {
    return (
      <RecordLayout back={back}>
        <ProblemBar error={company.error} onRetry={() => void company.refetch()} />
      </RecordLayout>
    );
  }
  const c = company.data;
  return (
    <RecordLayout
      back={back}
      testId="company-record"
      header={
        <RecordHeader
          t={t}
          name={c.name}
          owner={c.owner}
          tags={c.tags}
          subtitle={c.domains.length ? <span dir="ltr">{c.domains.join(', ')}</span> : undefined}
        />
      }
      main={
        <>
          <CompanyDetails key={c.id} company={c} />
          <CompanyContacts t={t} companyId={c.id} />
          <RecordTasks heading={t('tasks.heading')} filter={{ companyId: c.id }} />
        </>
      }
      side={
        <>
          <OpenDeals t={t} filter={{ companyId: c.id }} />
          <RecordTimeline owner={{ kind: 'company', id: c.id }} />
        </>
      }
    />
  );
}

type Draft = { name: string; domains: string; ownerId: string | null; tags: string };

const draftOf = (c: Company): Draft => ({
  name: c.name,
  domains: c.domains.join('\n'),
  ownerId: c.owner?.id ?? null,
  tags: c.tags.join(', '),
});

const FIELDS = ['name', 'domains', 'ownerId', 'tags'] as const;

/** What changed between the saved company and the draft, as PATCH /companies/{id} takes it. */
export function companyChanges(saved: Draft, draft: Draft) {
  const body: { name?: string; domains?: string[]; ownerId?: string | null; tags?: string[] } = {};
  if (draft.name !== saved.name) body.name = draft.name;
  if (linesOf(draft.domains).join('\n') !== linesOf(saved.domains).join('\n')) body.domains = linesOf(draft.domains);
  if (draft.ownerId !== saved.ownerId) body.ownerId = draft.ownerId;
  if (tagsOf(draft.tags).join(',') !== tagsOf(saved.tags).join(',')) body.tags = tagsOf(draft.tags);
  return body;
}

function CompanyDetails({ company }: { company: Company }) {
  const t = useFeatureStrings(RECORDS_NAMESPACE, RECORDS_STRINGS);
  const client = useWebClient();
  const queries = useQueryClient();
  const { draft, set, error, form } = useDetailsDraft({
    t,
    record: company,
    draftOf,
    changes: companyChanges,
    fields: FIELDS,
    save: (body) => ok(client.PATCH('/api/v1/companies/{id}', { params: { path: { id: company.id } }, body })),
    onSaved: (updated) => recordSaved(queries, 'company', updated),
  });
  return (
    <DetailsForm {...form}>
      <TextField
        label={t('fields.name')}
        value={draft.name}
        onChange={(name) => set({ name })}
        error={error('name')}
        required
        maxLength={200}
      />
      <TextField
        label={t('fields.domains')}
        hint={t('fields.domainsHint')}
        value={draft.domains}
        onChange={(domains) => set({ domains })}
        error={error('domains')}
        multiline
        dir="ltr"
      />
      <OwnerField t={t} value={draft.ownerId} onChange={(ownerId) => set({ ownerId })} error={error('ownerId')} />
      <TagsField t={t} value={draft.tags} onChange={(tags) => set({ tags })} error={error('tags')} />
    </DetailsForm>
  );
}

function CompanyContacts({ t, companyId }: { t: TFunction; companyId: string }) {
  const styles = useStyles();
  const contacts = useCompanyContacts(companyId);
  const items = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className={styles.section} aria-labelledby="company-contacts-heading" data-testid="company-contacts">
      <h3 id="company-contacts-heading" className={styles.heading}>
        {t('contacts.heading')}
      </h3>
      {contacts.isPending ? (
        <Spinner size="tiny" />
      ) : contacts.isError ? (
        <ProblemBar error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : items.length === 0 ? (
        <Text className={styles.muted}>{t('contacts.none')}</Text>
      ) : (
        <ul className={styles.list}>
          {items.map((contact) => (
            <li key={contact.id}>
              <Link href={hrefOf({ page: 'contacts', id: contact.id })}>{contact.name}</Link>
              {contact.title && <Text className={styles.muted}> · {contact.title}</Text>}
            </li>
          ))}
        </ul>
      )}
      {contacts.hasNextPage && (
        <Button
          appearance="subtle"
          disabled={contacts.isFetchingNextPage}
          onClick={() => void contacts.fetchNextPage()}
        >
          {t('contacts.more')}
        </Button>
      )}
    </section>
  );
}
