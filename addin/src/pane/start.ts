// The pane's start: the selected email's lookups and log status, asked for at once,
// while the language's strings and the UI's code load (the card renders when both are
// in). Their first mount does not ask again (state/queries.ts: markFetchedAtStart).
import type { QueryClient } from '@tanstack/react-query';
import type { Api } from '../api/client.ts';
import { lookupQuery } from '../features/card/queries.ts';
import { emailStatusQuery } from '../features/log/queries.ts';
import { participantsOf, type Mailbox } from '../office/mailbox.ts';
import { markFetchedAtStart } from '../state/queries.ts';

/** True when there was an email to ask about. */
export function prefetchSelectedItem(client: QueryClient, api: Api, mailbox: Mailbox): boolean {
  const item = mailbox.current();
  if (item.kind !== 'message') return false;
  const lookups = participantsOf(item, mailbox.user).map((person) => lookupQuery(api, person.email));
  const status = emailStatusQuery(api, item.internetMessageId);
  markFetchedAtStart(
    client,
    [...lookups, status].map((query) => query.queryKey),
  );
  // An error is the card's to show (its query holds it): nothing to do with it here.
  for (const query of lookups) client.query(query).catch(() => undefined);
  client.query(status).catch(() => undefined);
  return true;
}
