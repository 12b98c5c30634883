// A note or a follow-up task for a contact; either refreshes the cards and timelines.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../state/context.tsx';
import { refreshCrm } from '../../state/queries.ts';

export type QuickAction =
  | { kind: 'note'; contactId: string; body: string }
  | { kind: 'task'; contactId: string; title: string; dueAt: string | null };

/** Saves the action; `onSaved` gets it back once the server has it (before the refresh). */
export function useSaveQuickAction(onSaved: (action: QuickAction) => void) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (action: QuickAction) => {
      if (action.kind === 'note') await api.addNote({ kind: 'note', body: action.body, contactId: action.contactId });
      else await api.addTask({ title: action.title, dueAt: action.dueAt, contactId: action.contactId });
      return action;
    },
    onSuccess: async (action) => {
      onSaved(action);
      await refreshCrm(client);
    },
  });
}
