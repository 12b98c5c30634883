// A mailbox for running the pane in an ordinary browser (development, demos,
// tests): a few sample emails for the demo tenant, one selected at a time.
import type { MailItem, Mailbox, Person } from './mailbox.ts';
import { DEMO_USER, demoSamples, type Sample } from './samples.ts';

export type { Sample } from './samples.ts';

export type StandInMailbox = Mailbox & { readonly samples: Sample[]; select(index: number | null): void };

export function createStandInMailbox(
  samples: Sample[] = demoSamples(),
  options: { user?: Person; displayLanguage?: string } = {},
): StandInMailbox {
  const listeners = new Set<(item: MailItem) => void>();
  let selected: number | null = samples.length ? 0 : null;
  const current = (): MailItem =>
    selected === null ? { kind: 'none' } : (samples[selected]?.item ?? { kind: 'none' });
  return {
    host: 'stand-in',
    user: options.user ?? DEMO_USER,
    displayLanguage: (options.displayLanguage ?? navigator.language) || 'en-US',
    followsSelection: true,
    samples,
    current,
    onItemChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    select(index) {
      selected = index;
      const item = current();
      for (const listener of listeners) listener(item);
    },
    bodyText: () => Promise.resolve(selected === null ? null : (samples[selected]?.body ?? null)),
  };
}
