// Creating a contact for someone the CRM does not know, with a new company for their
// domain when none matched.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { Company } from '../../api/client.ts';
import { useApi } from '../../state/context.tsx';
import { recordKeys, refreshCrm } from '../../state/queries.ts';

export type NewContact = {
  email: string;
  name: string;
  title: string;
  /** The company the lookup matched by domain, if any. */
  company: Company | null;
  /** Otherwise, a company to create for the domain (null: none). */
  newCompany: { name: string; domain: string } | null;
};

export function useCreateContact() {
  const api = useApi();
  const client = useQueryClient();
  // A company made by an attempt whose contact then failed is reused by the next try, not made twice.
  const createdCompany = useRef<string | null>(null);
  return useMutation({
    mutationFn: async (input: NewContact) => {
      let companyId: string | null = input.company?.id ?? createdCompany.current;
      if (!companyId && input.newCompany) {
        companyId = (await api.createCompany({ name: input.newCompany.name, domains: [input.newCompany.domain] })).id;
        createdCompany.current = companyId;
      }
      return api.createContact({
        name: input.name,
        ...(input.title ? { title: input.title } : {}),
        emails: [input.email],
        companyId,
      });
    },
    onSuccess: async (_contact, input) => {
      await client.invalidateQueries({ queryKey: recordKeys.lookup(input.email) });
      await refreshCrm(client);
    },
  });
}
