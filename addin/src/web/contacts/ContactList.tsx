// A stand-in for the contacts list (helper L's ContactList replaces this file at merge).
import { Placeholder } from '../Placeholder.tsx';

export function ContactList() {
  return <Placeholder page="contacts" />;
}
