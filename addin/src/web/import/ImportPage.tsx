// A placeholder until the feature's page lands (the web app's shell ships one per page).
import type { PageProps } from '../routes.ts';
import { Placeholder } from '../Placeholder.tsx';

export default function ImportPage(_props: PageProps) {
  return <Placeholder page="import" />;
}
