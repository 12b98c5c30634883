// A list's state (search, sort, filters, the saved view it came from) as it lives in
// the hash route's query, `#/contacts?q=ann&tag=vip&days=90&sort=lastContactedAt&order=desc`,
// so a reload, a link or the back button keeps it; and as the API's query parameters.
import type { components } from '../../api/schema.d.ts';

export type ListSort = components['schemas']['ListSort'];
export type ListOrder = components['schemas']['ListOrder'];
export type SegmentFilter = components['schemas']['SegmentFilter'];
export type Segment = components['schemas']['Segment'];
export type ListEntity = components['schemas']['SegmentEntity'];

export type ListState = {
  q: string;
  sort: ListSort;
  order: ListOrder;
  /** '' (anyone), 'me', 'none', or a user id. */
  owner: string;
  tags: string[];
  /** Not contacted in this many days; null: any. */
  noContactDays: number | null;
  /** Has an open deal in this stage; null: any. */
  stageId: string | null;
  /** The saved view last applied (its filters may have been changed since). */
  viewId: string | null;
};

export const EMPTY_STATE: ListState = {
  q: '',
  sort: 'name',
  order: 'asc',
  owner: '',
  tags: [],
  noContactDays: null,
  stageId: null,
  viewId: null,
};

const SORTS: readonly ListSort[] = ['name', 'lastContactedAt', 'createdAt', 'updatedAt'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_TAGS = 20;

/** The state in a hash query; anything malformed is left at its default. */
export function stateFromQuery(query: URLSearchParams, entity: ListEntity): ListState {
  const sort = query.get('sort') as ListSort | null;
  const days = Number(query.get('days'));
  const owner = query.get('owner') ?? '';
  const stage = query.get('stage');
  const view = query.get('view');
  return {
    q: (query.get('q') ?? '').slice(0, 200),
    sort: sort && SORTS.includes(sort) && (entity === 'contact' || sort !== 'lastContactedAt') ? sort : 'name',
    order: query.get('order') === 'desc' ? 'desc' : 'asc',
    owner: owner === 'me' || owner === 'none' || UUID.test(owner) ? owner : '',
    tags: [
      ...new Set(
        query
          .getAll('tag')
          .map((tag) => tag.trim())
          .filter((tag) => tag && tag.length <= 50),
      ),
    ].slice(0, MAX_TAGS),
    noContactDays: Number.isInteger(days) && days >= 1 && days <= 36_500 ? days : null,
    stageId: stage && UUID.test(stage) ? stage : null,
    viewId: view && UUID.test(view) ? view : null,
  };
}

/** The hash query of a state: only what differs from the defaults. */
export function queryFromState(state: ListState): string {
  const query = new URLSearchParams();
  if (state.q) query.set('q', state.q);
  for (const tag of state.tags) query.append('tag', tag);
  if (state.owner) query.set('owner', state.owner);
  if (state.noContactDays) query.set('days', String(state.noContactDays));
  if (state.stageId) query.set('stage', state.stageId);
  if (state.sort !== 'name') query.set('sort', state.sort);
  if (state.order !== 'asc') query.set('order', state.order);
  if (state.viewId) query.set('view', state.viewId);
  return query.toString();
}

/** The API's query parameters for one page of the list. */
export function apiQuery(state: ListState, cursor: string | null, limit: number) {
  const owner: { owner?: 'me' | 'none' } = state.owner === 'me' || state.owner === 'none' ? { owner: state.owner } : {};
  return {
    limit,
    sort: state.sort,
    order: state.order,
    ...(cursor ? { cursor } : {}),
    ...(state.q.trim() ? { q: state.q.trim() } : {}),
    ...owner,
    ...(state.owner && !('owner' in owner) ? { ownerId: state.owner } : {}),
    ...(state.tags.length ? { tag: state.tags } : {}),
    ...(state.noContactDays ? { noContactDays: state.noContactDays } : {}),
    ...(state.stageId ? { openDealStageId: state.stageId } : {}),
  };
}

/** A saved view's filter and sort as the list's state. */
export function stateFromSegment(segment: Segment): ListState {
  const f = segment.filter;
  return {
    q: f.q ?? '',
    sort: segment.sort ?? 'name',
    order: segment.order ?? 'asc',
    owner: f.owner ?? '',
    tags: f.tags ?? [],
    noContactDays: f.noContactDays ?? null,
    stageId: f.openDealStageId ?? null,
    viewId: segment.id,
  };
}

/**
 * True when the list's filters or sort are no longer the view's (changed since it was
 * applied), compared as a view would save them: search trimmed, tags in any order.
 */
export function differsFromView(state: ListState, view: Segment): boolean {
  const saved = (s: ListState) => {
    const filter = segmentFilterOf(s);
    return JSON.stringify({ ...filter, tags: [...(filter.tags ?? [])].sort(), sort: s.sort, order: s.order });
  };
  return saved(state) !== saved(stateFromSegment(view));
}

/** The list's state as a saved view's filter. */
export function segmentFilterOf(state: ListState): SegmentFilter {
  return {
    ...(state.q.trim() ? { q: state.q.trim() } : {}),
    ...(state.owner ? { owner: state.owner } : {}),
    ...(state.tags.length ? { tags: state.tags } : {}),
    ...(state.noContactDays ? { noContactDays: state.noContactDays } : {}),
    ...(state.stageId ? { openDealStageId: state.stageId } : {}),
  };
}

/** True when the state has any filter (an empty result then says "no match", not "nothing yet"). */
export const isFiltered = (state: ListState) =>
  Boolean(state.q.trim() || state.owner || state.tags.length || state.noContactDays || state.stageId);
