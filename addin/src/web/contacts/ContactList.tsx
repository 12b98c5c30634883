// The contact list: search, filters, saved views, sortable columns, virtualised rows.
import type { components } from '../../api/schema.d.ts';
import { useWebFormats } from '../context.tsx';
import { useSharedColumns } from '../lists/columns.tsx';
import { RecordList, useMutedStyle, type Column } from '../lists/RecordList.tsx';
import { useContactPages } from '../lists/queries.ts';
import { useListStrings } from '../lists/strings.ts';
import { useListState } from '../lists/useListState.ts';

type Contact = components['schemas']['Contact'];

export function ContactList() {
  const t = useListStrings();
  const f = useWebFormats();
  const muted = useMutedStyle();
  const shared = useSharedColumns<Contact>('contacts');
  const [state, setState] = useListState('contact', 'contacts');
  const pages = useContactPages(state);
  const columns: Column<Contact>[] = [
    shared.name,
    { key: 'company', label: t('column.company'), width: 'minmax(8rem, 1.5fr)', render: (c) => c.company?.name ?? '' },
    {
      key: 'email',
      label: t('column.email'),
      width: 'minmax(10rem, 2fr)',
      render: (c) => <span dir="ltr">{c.emails[0] ?? ''}</span>,
    },
    shared.owner,
    shared.tags,
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
    shared.created,
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
