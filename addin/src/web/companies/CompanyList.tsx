// The company list: search, filters, saved views, sortable columns, virtualised rows.
import type { components } from '../../api/schema.d.ts';
import { useWebFormats } from '../context.tsx';
import { RecordLink, RecordList, useMutedStyle, type Column } from '../lists/RecordList.tsx';
import { useCompanyPages } from '../lists/queries.ts';
import { useListStrings } from '../lists/strings.ts';
import { Tags } from '../lists/Tags.tsx';
import { useListState } from '../lists/useListState.ts';

type Company = components['schemas']['Company'];

export function CompanyList() {
  const t = useListStrings();
  const f = useWebFormats();
  const muted = useMutedStyle();
  const [state, setState] = useListState('company', 'companies');
  const pages = useCompanyPages(state);
  const columns: Column<Company>[] = [
    {
      key: 'name',
      label: t('column.name'),
      sort: 'name',
      width: 'minmax(10rem, 2fr)',
      render: (c) => (
        <RecordLink page="companies" id={c.id}>
          {c.name}
        </RecordLink>
      ),
    },
    {
      key: 'domains',
      label: t('column.domains'),
      width: 'minmax(10rem, 2fr)',
      render: (c) => <span dir="ltr">{c.domains.join(', ')}</span>,
    },
    {
      key: 'owner',
      label: t('column.owner'),
      width: 'minmax(7rem, 1fr)',
      render: (c) => c.owner?.displayName ?? <span className={muted}>{t('nobody')}</span>,
    },
    { key: 'tags', label: t('column.tags'), width: 'minmax(8rem, 1.5fr)', render: (c) => <Tags tags={c.tags} /> },
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
      entity="company"
      page="companies"
      heading={t('companiesHeading')}
      columns={columns}
      state={state}
      onChange={setState}
      pages={pages}
    />
  );
}
