// The company list: search, filters, saved views, sortable columns, virtualised rows.
import type { components } from '../../api/schema.d.ts';
import { useSharedColumns } from '../lists/columns.tsx';
import { RecordList, type Column } from '../lists/RecordList.tsx';
import { useCompanyPages } from '../lists/queries.ts';
import { useListStrings } from '../lists/strings.ts';
import { useListState } from '../lists/useListState.ts';

type Company = components['schemas']['Company'];

export function CompanyList() {
  const t = useListStrings();
  const shared = useSharedColumns<Company>('companies');
  const [state, setState] = useListState('company', 'companies');
  const pages = useCompanyPages(state);
  const columns: Column<Company>[] = [
    shared.name,
    {
      key: 'domains',
      label: t('column.domains'),
      width: 'minmax(10rem, 2fr)',
      render: (c) => <span dir="ltr">{c.domains.join(', ')}</span>,
    },
    shared.owner,
    shared.tags,
    shared.created,
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
