// A stand-in for the company's record page (helper R's branch brings the real one):
// the company the hash names, by name.
import { Text } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { Loading, ProblemBar } from '../../shell/index.ts';
import { ok, useWebClient } from '../context.tsx';

export function CompanyRecord({ id }: { id: string }) {
  const client = useWebClient();
  const company = useQuery({
    queryKey: ['web', 'companies', id],
    queryFn: ({ signal }) => ok(client.GET('/api/v1/companies/{id}', { params: { path: { id } }, signal })),
  });
  if (company.isPending) return <Loading />;
  if (company.isError) return <ProblemBar error={company.error} onRetry={() => void company.refetch()} />;
  return (
    <section aria-labelledby="record-name">
      <h2 id="record-name">
        <Text data-testid="record-name" size={500} weight="semibold">
          {company.data.name}
        </Text>
      </h2>
    </section>
  );
}
