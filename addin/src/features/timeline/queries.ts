// A contact's, a company's or a deal's timeline, page by page, newest first.
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Api } from '../../api/client.ts';
import { useApi } from '../../state/context.tsx';
import { recordKeys, type TimelineOwner } from '../../state/queries.ts';

export type { TimelineOwner };

function fetchPage(api: Api, owner: TimelineOwner, cursor: string | null, signal: AbortSignal) {
  switch (owner.kind) {
    case 'contact':
      return api.contactTimeline(owner.id, cursor, signal);
    case 'company':
      return api.companyTimeline(owner.id, cursor, signal);
    case 'deal':
      return api.dealTimeline(owner.id, cursor, signal);
  }
}

/** The owner's timeline from its newest item; `enabled: false` until someone asks for it. */
export function useTimeline(owner: TimelineOwner, options: { enabled: boolean }) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: recordKeys.timeline(owner),
    queryFn: ({ pageParam, signal }) => fetchPage(api, owner, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: options.enabled,
  });
}
