// A stand-in for the contact's record page (helper R's branch brings the real one):
// the contact the hash names, by name.
import { Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';

export function ContactRecord({ id }: { id: string }) {
  const client = useWebClient();
  const contact = useQuery({
    queryKey: ['web', 'contacts', id],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/contacts/{id}', { params: { path: { id } }, signal })),
  });
  if (contact.isPending) return <Loading />;
  if (contact.isError) return <ProblemBar error={contact.error} onRetry={() => void contact.refetch()} />;
  return (
    <section aria-labelledby="record-name">
      <h2 id="record-name">
        <Text data-testid="record-name" size={500} weight="semibold">
          {contact.data.name}
        </Text>
      </h2>
    </section>
  );
}
