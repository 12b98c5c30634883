// A stand-in for the companies list (helper L's CompanyList replaces this file at merge).
import { Placeholder } from '../Placeholder.tsx';

export function CompanyList() {
  return <Placeholder page="companies" />;
}
