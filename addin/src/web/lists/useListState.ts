// A list's state kept in the hash route's query (#/contacts?tag=vip…): read on every
// change of the hash, written by opening the new route (Back undoes a change).
import { useCallback, useMemo } from 'react';
import { goToHash } from '../../shell/index.ts';
import { hrefOf, useRouteQuery } from '../routes.ts';
import { queryFromState, stateFromQuery, type ListEntity, type ListState } from './list-state.ts';

export function useListState(entity: ListEntity, page: 'contacts' | 'companies') {
  const query = useRouteQuery();
  const state = useMemo(() => stateFromQuery(query, entity), [query, entity]);
  const setState = useCallback(
    (next: ListState) => {
      const qs = queryFromState(next);
      goToHash(`${hrefOf({ page })}${qs ? `?${qs}` : ''}`);
    },
    [page],
  );
  return [state, setState] as const;
}
