// The contact list: search, filters, saved views, sortable columns, virtualised rows.
import type { components } from '../../api/schema.d.ts';
import { useWebFormats } from '../context.tsx';
import { RecordLink, RecordList, useMutedStyle, type Column } from '../lists/RecordList.tsx';
import { useContactPages } from '../lists/queries.ts';
import { useListStrings } from '../lists/strings.ts';
import { Tags } from '../lists/Tags.tsx';
import { useListState } from '../lists/useListState.ts';

type Contact = components['schemas']['Contact'];

export function ContactList() {
  const t = useListStrings();
  const f = useWebFormats();
  const muted = useMutedStyle();
  const [state, setState] = useListState('contact', 'contacts');
  const pages = useContactPages(state);
  const columns: Column<Contact>[] = [
    {
      key: 'name',
      label: t('column.name'),
      sort: 'name',
      width: 'minmax(10rem, 2fr)',
      render: (c) => (
        <RecordLink page="contacts" id={c.id}>
          {c.name}
        </RecordLink>
      ),
    },
    { key: 'company', label: t('column.company'), width: 'minmax(8rem, 1.5fr)', render: (c) => c.company?.name ?? '' },
    {
      key: 'email',
      label: t('column.email'),
      width: 'minmax(10rem, 2fr)',
      render: (c) => <span dir="ltr">{c.emails[0] ?? ''}</span>,
    },
    {
      key: 'owner',
      label: t('column.owner'),
      width: 'minmax(7rem, 1fr)',
      render: (c) => c.owner?.displayName ?? <span className={muted}>{t('nobody')}</span>,
    },
    { key: 'tags', label: t('column.tags'), width: 'minmax(8rem, 1.5fr)', render: (c) => <Tags tags={c.tags} /> },
    {
      key: 'lastContacted',
      label: t('column.lastContacted'),
      sort: 'lastContactedAt',
      width: 'minmax(8rem, 1fr)',
      render: (c) =>
        c.lastContactedAt ? (
          <time dateTime={c.lastContactedAt} title={f.dateTime(c.lastContactedAt)}>
            {f.relative(c.lastContactedAt)}
          </time>
        ) : (
          <span className={muted}>{t('never')}</span>
        ),
    },
    {
      key: 'created',
      label: t('column.created'),
      sort: 'createdAt',
      width: 'minmax(6rem, 1fr)',
      render: (c) => <time dateTime={c.createdAt}>{f.day(c.createdAt)}</time>,
    },
  ];
  return (
    <RecordList
      entity="contact"
      page="contacts"
      heading={t('contactsHeading')}
      columns={columns}
      state={state}
      onChange={setState}
      pages={pages}
    />
  );
}
