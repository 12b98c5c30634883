export { contactRoutes } from './contacts.routes.ts';
export { getContact } from './contacts.service.ts';
export { ContactResponse } from './contacts.schemas.ts';
export { createContact } from './contacts.service.ts';
