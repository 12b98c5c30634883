// The columns the contact and company lists both have: the name (a link to the record),
// the owner, the tags and when the record was created.
import type { ReactNode } from 'react';
import { useWebFormats } from '../context.tsx';
import { RecordLink, useMutedStyle, type Column } from './RecordList.tsx';
import { useListStrings } from './strings.ts';
import { Tags } from './Tags.tsx';

type ListRecord = {
  id: string;
  name: string;
  owner?: { displayName: string } | null;
  tags: string[];
  createdAt: string;
};

export function useSharedColumns<Row extends ListRecord>(page: 'contacts' | 'companies') {
  const t = useListStrings();
  const f = useWebFormats();
  const muted = useMutedStyle();
  const column = (key: string, width: string, render: (row: Row) => ReactNode): Column<Row> => ({
    key,
    label: t(`column.${key}`),
    width,
    render,
  });
  return {
    name: {
      ...column('name', 'minmax(10rem, 2fr)', (r) => (
        <RecordLink page={page} id={r.id}>
          {r.name}
        </RecordLink>
      )),
      sort: 'name',
    } satisfies Column<Row>,
    owner: column(
      'owner',
      'minmax(7rem, 1fr)',
      (r) => r.owner?.displayName ?? <span className={muted}>{t('nobody')}</span>,
    ),
    tags: column('tags', 'minmax(8rem, 1.5fr)', (r) => <Tags tags={r.tags} />),
    created: {
      ...column('created', 'minmax(6rem, 1fr)', (r) => <time dateTime={r.createdAt}>{f.day(r.createdAt)}</time>),
      sort: 'createdAt',
    } satisfies Column<Row>,
  };
}
