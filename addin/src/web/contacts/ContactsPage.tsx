// The contacts page: the list (#/contacts), or a contact's record (#/contacts/<id>).
import type { PageProps } from '../routes.ts';
import { ContactList } from './ContactList.tsx';
import { ContactRecord } from './ContactRecord.tsx';

export default function ContactsPage({ id }: PageProps) {
  return id ? <ContactRecord id={id} /> : <ContactList />;
}
