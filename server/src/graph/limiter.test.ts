import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createRequestLimiter } from './limiter.ts';

describe('createRequestLimiter', () => {
  it('never lets one mailbox hold more than 4 slots, counting a batch as up to 4', async () => {
    const limiter = createRequestLimiter({ appWide: 100 });
    let inFlight = 0;
    let peak = 0;
    const request = (weight: number) =>
      limiter.run('m1', weight, async () => {
        inFlight += Math.min(weight, 4);
        peak = Math.max(peak, inFlight);
        await sleep(5);
        inFlight -= Math.min(weight, 4);
      });
    await Promise.all([request(1), request(1), request(20), request(1), request(3), request(1)]);
    expect(peak).toBe(4);
    expect(limiter.peak('m1')).toBe(4);
  });

  it('runs different mailboxes side by side, within the app-wide cap', async () => {
    const limiter = createRequestLimiter({ appWide: 6 });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      ['a', 'b', 'c'].flatMap((mailbox) =>
        [1, 2, 3, 4].map(() =>
          limiter.run(mailbox, 1, async () => {
            inFlight++;
            peak = Math.max(peak, inFlight);
            await sleep(20);
            inFlight--;
          }),
        ),
      ),
    );
    expect(peak).toBe(6);
  });

  it('frees the slots of a request that failed', async () => {
    const limiter = createRequestLimiter({ perMailbox: 1, appWide: 1 });
    await expect(limiter.run('m', 1, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limiter.run('m', 1, () => Promise.resolve('next'))).resolves.toBe('next');
  });
});
