// A placeholder until the companies page lands (the web app's shell ships one per page):
// the company the hash names, by name.
import { Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';
import type { PageProps } from '../routes.ts';
import { Placeholder } from '../Placeholder.tsx';

export default function CompaniesPage({ id }: PageProps) {
  return <Placeholder page="companies">{id !== null && <Company id={id} />}</Placeholder>;
}

function Company({ id }: { id: string }) {
  const client = useWebClient();
  const company = useQuery({
    queryKey: ['web', 'companies', id],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal })),
  });
  if (company.isPending) return <Loading />;
  if (company.isError) return <ProblemBar error={company.error} onRetry={() => void company.refetch()} />;
  return <Text data-testid="record-name">{company.data.name}</Text>;
}
