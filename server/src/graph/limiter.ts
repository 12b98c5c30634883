// Graph allows 4 concurrent requests per app and mailbox; Outlook runs the
// sub-requests of a $batch 4 at a time, each counting against that mailbox. So a
// request holds as many of its mailbox's 4 slots as it can have in flight at once
// (a batch of 20: 4), and one slot of the app-wide cap per sub-request too.
import { Semaphore } from 'async-mutex';

export const MAX_CONCURRENT_REQUESTS_PER_MAILBOX = 4;

export type RequestLimiter = {
  /** Runs task holding `weight` of the mailbox's slots and of the app's. */
  run<T>(mailbox: string, weight: number, task: () => Promise<T>): Promise<T>;
  /** The most slots any one mailbox held at once since the start (or for one mailbox). */
  peak(mailbox?: string): number;
};

export function createRequestLimiter(options: { perMailbox?: number; appWide: number }): RequestLimiter {
  const perMailbox = options.perMailbox ?? MAX_CONCURRENT_REQUESTS_PER_MAILBOX;
  const app = new Semaphore(options.appWide);
  const mailboxes = new Map<string, { semaphore: Semaphore; held: number; peak: number }>();
  let peakAll = 0;
  const slotOf = (mailbox: string) => {
    let slot = mailboxes.get(mailbox);
    if (!slot) {
      slot = { semaphore: new Semaphore(perMailbox), held: 0, peak: 0 };
      mailboxes.set(mailbox, slot);
    }
    return slot;
  };
  return {
    async run(mailbox, requested, task) {
      const weight = Math.max(1, Math.min(requested, perMailbox));
      const slot = slotOf(mailbox);
      // Mailbox first: a request waiting for its mailbox holds none of the app's slots.
      return slot.semaphore.runExclusive(
        () =>
          app.runExclusive(
            async () => {
              slot.held += weight;
              slot.peak = Math.max(slot.peak, slot.held);
              peakAll = Math.max(peakAll, slot.held);
              try {
                return await task();
              } finally {
                slot.held -= weight;
              }
            },
            Math.min(weight, options.appWide),
          ),
        weight,
      );
    },
    peak: (mailbox) => (mailbox === undefined ? peakAll : (mailboxes.get(mailbox)?.peak ?? 0)),
  };
}
