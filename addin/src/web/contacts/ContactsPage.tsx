// #/contacts: the contact list; #/contacts/<id>: the contact's record.
import type { PageProps } from '../routes.ts';
import { ContactList } from './ContactList.tsx';
import { ContactRecord } from './ContactRecord.tsx';

export default function ContactsPage({ id }: PageProps) {
  return id ? <ContactRecord id={id} /> : <ContactList />;
}
