export { contactRoutes } from './contacts.routes.ts';
export { assertContacts, contactInclude, getContact, toContactResponse } from './contacts.service.ts';
export { ContactResponse } from './contacts.schemas.ts';
export { createContact } from './contacts.service.ts';
