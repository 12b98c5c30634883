// A placeholder until the contacts page lands (the web app's shell ships one per page):
// the contact the hash names, by name.
import { Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';
import type { PageProps } from '../routes.ts';
import { Placeholder } from '../Placeholder.tsx';

export default function ContactsPage({ id }: PageProps) {
  return <Placeholder page="contacts">{id !== null && <Contact id={id} />}</Placeholder>;
}

function Contact({ id }: { id: string }) {
  const client = useWebClient();
  const contact = useQuery({
    queryKey: ['web', 'contacts', id],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal })),
  });
  if (contact.isPending) return <Loading />;
  if (contact.isError) return <ProblemBar error={contact.error} onRetry={() => void contact.refetch()} />;
  return <Text data-testid="record-name">{contact.data.name}</Text>;
}
