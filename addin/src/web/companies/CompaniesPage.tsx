// The companies page: the list (#/companies), or a company's record (#/companies/<id>).
import type { PageProps } from '../routes.ts';
import { CompanyList } from './CompanyList.tsx';
import { CompanyRecord } from './CompanyRecord.tsx';

export default function CompaniesPage({ id }: PageProps) {
  return id ? <CompanyRecord id={id} /> : <CompanyList />;
}
