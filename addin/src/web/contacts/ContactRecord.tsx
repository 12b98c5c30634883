// A contact's record page (#/contacts/<id>): who they are and who owns them, their
// details to edit (the server's field errors shown on the fields), their open deals,
// their tasks and their whole timeline.
import { Link } from '@fluentui/react-components';
import { useQueryClient } from '@tanstack/react-query';
import type { Contact } from '../../api/schema.d.ts';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';
import { useFeatureStrings } from '../i18n.ts';
import { hrefOf } from '../routes.ts';
import { DetailsForm, TextField, useDetailsDraft, type FormField } from '../records/DetailsForm.tsx';
import { linesOf, tagsOf } from '../records/field-errors.ts';
import { OpenDeals } from '../records/OpenDeals.tsx';
import { recordSaved, useContactRecord } from '../records/queries.ts';
import { RecordHeader, RecordLayout, RecordTimeline } from '../records/RecordLayout.tsx';
import { CompanyField, OwnerField, TagsField } from '../records/RecordFields.tsx';
import { RecordTasks } from '../records/RecordTasks.tsx';
import { RECORDS_NAMESPACE, RECORDS_STRINGS } from '../records/strings.ts';

export function ContactRecord({ id }: { id: string }) {
  const t = useFeatureStrings(RECORDS_NAMESPACE, RECORDS_STRINGS);
  const contact = useContactRecord(id);
  if (contact.isPending) return <Loading />;
  if (contact.isError) {
    return (
      <RecordLayout back={{ href: hrefOf({ page: 'contacts' }), label: t('back.contacts') }}>
        <ProblemBar error={contact.error} onRetry={() => void contact.refetch()} />
      </RecordLayout>
    );
  }
  const c = contact.data;
  return (
    <RecordLayout
      back={{ href: hrefOf({ page: 'contacts' }), label: t('back.contacts') }}
      testId="contact-record"
      header={
        <RecordHeader
          t={t}
          name={c.name}
          owner={c.owner}
          tags={c.tags}
          lastContactedAt={c.lastContactedAt}
          subtitle={
            <>
              {c.title}
              {c.title && c.company && ' · '}
              {c.company && (
                <Link href={hrefOf({ page: 'companies', id: c.company.id })} data-testid="company-link">
                  {c.company.name}
                </Link>
              )}
            </>
          }
        />
      }
      main={
        <>
          <ContactDetails key={c.id} contact={c} />
          <RecordTasks heading={t('tasks.heading')} filter={{ contactId: c.id }} />
        </>
      }
      side={
        <>
          <OpenDeals t={t} filter={{ contactId: c.id }} />
          <RecordTimeline owner={{ kind: 'contact', id: c.id }} />
        </>
      }
    />
  );
}

type Draft = {
  name: string;
  title: string;
  phone: string;
  emails: string;
  company: { id: string; name: string } | null;
  ownerId: string | null;
  tags: string;
};

const draftOf = (c: Contact): Draft => ({
  name: c.name,
  title: c.title ?? '',
  phone: c.phone ?? '',
  emails: c.emails.join('\n'),
  company: c.company,
  ownerId: c.owner?.id ?? null,
  tags: c.tags.join(', '),
});

const FIELDS = ['name', 'title', 'phone', 'emails', 'companyId', 'ownerId', 'tags'] as const;

/** What changed between the saved contact and the draft, as PATCH /contacts/{id} takes it. */
export function contactChanges(saved: Draft, draft: Draft) {
  const body: {
    name?: string;
    title?: string | null;
    phone?: string | null;
    emails?: string[];
    companyId?: string | null;
    ownerId?: string | null;
    tags?: string[];
  } = {};
  if (draft.name !== saved.name) body.name = draft.name;
  if (draft.title !== saved.title) body.title = draft.title.trim() || null;
  if (draft.phone !== saved.phone) body.phone = draft.phone.trim() || null;
  if (linesOf(draft.emails).join('\n') !== linesOf(saved.emails).join('\n')) body.emails = linesOf(draft.emails);
  if ((draft.company?.id ?? null) !== (saved.company?.id ?? null)) body.companyId = draft.company?.id ?? null;
  if (draft.ownerId !== saved.ownerId) body.ownerId = draft.ownerId;
  if (tagsOf(draft.tags).join(',') !== tagsOf(saved.tags).join(',')) body.tags = tagsOf(draft.tags);
  return body;
}

function ContactDetails({ contact }: { contact: Contact }) {
  const t = useFeatureStrings(RECORDS_NAMESPACE, RECORDS_STRINGS);
  const client = useWebClient();
  const queries = useQueryClient();
  const { draft, set, error, form } = useDetailsDraft({
    t,
    record: contact,
    draftOf,
    changes: contactChanges,
    fields: FIELDS,
    save: (body) => ok(client.PATCH('/api/v1/contacts/{id}', { params: { path: { id: contact.id } }, body })),
    onSaved: (updated) => recordSaved(queries, 'contact', updated),
  });
  const text = (field: 'name' | 'title' | 'phone', props: Partial<FormField> = {}): FormField => ({
    label: t(`fields.${field}`),
    value: draft[field],
    onChange: (value) => set({ [field]: value }),
    error: error(field),
    ...props,
  });
  return (
    <DetailsForm {...form}>
      <TextField {...text('name', { required: true, maxLength: 200 })} />
      <TextField {...text('title', { maxLength: 200 })} />
      <TextField {...text('phone', { maxLength: 50, dir: 'ltr', type: 'tel' })} />
      <TextField
        label={t('fields.emails')}
        hint={t('fields.emailsHint')}
        value={draft.emails}
        onChange={(emails) => set({ emails })}
        error={error('emails')}
        multiline
        dir="ltr"
      />
      <CompanyField t={t} value={draft.company} onChange={(company) => set({ company })} error={error('companyId')} />
      <OwnerField t={t} value={draft.ownerId} onChange={(ownerId) => set({ ownerId })} error={error('ownerId')} />
      <TagsField t={t} value={draft.tags} onChange={(tags) => set({ tags })} error={error('tags')} />
    </DetailsForm>
  );
}
