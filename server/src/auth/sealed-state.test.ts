import { describe, expect, it } from 'vitest';
import { createStateSealer } from './sealed-state.ts';

const SECRET = 'a-client-secret-of-some-length';

function clockAt(start: string) {
  let now = new Date(start);
  return { now: () => now, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

describe('sealed state', () => {
  it('gives back the claims of a signed state and of a sealed cookie while they are fresh', async () => {
    const sealer = createStateSealer(SECRET, 'onboarding');
    const state = await sealer.sign({ jti: 'flow-1', purpose: 'consent' }, 600);
    const cookie = await sealer.seal({ jti: 'flow-1', verifier: 'pkce-verifier' }, 600);
    expect(await sealer.verify(state)).toMatchObject({ ok: true, value: { jti: 'flow-1', purpose: 'consent' } });
    expect(await sealer.open(cookie)).toMatchObject({ ok: true, value: { jti: 'flow-1', verifier: 'pkce-verifier' } });
  });

  it('keeps the cookie unreadable: its claims are encrypted, not just signed', async () => {
    const sealer = createStateSealer(SECRET, 'onboarding');
    const cookie = await sealer.seal({ verifier: 'pkce-verifier-secret' }, 600);
    const decoded = cookie
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join('');
    expect(decoded).not.toContain('pkce-verifier-secret');
  });

  it('says a genuine state is expired once its time is up, so the admin is told to start again', async () => {
    const clock = clockAt('2026-11-30T10:00:00Z');
    const sealer = createStateSealer(SECRET, 'onboarding', clock);
    const state = await sealer.sign({ jti: 'x' }, 600);
    const cookie = await sealer.seal({ jti: 'x' }, 600);
    clock.advance(599);
    expect((await sealer.verify(state)).ok).toBe(true);
    clock.advance(2);
    expect(await sealer.verify(state)).toEqual({ ok: false, reason: 'expired' });
    expect(await sealer.open(cookie)).toEqual({ ok: false, reason: 'expired' });
  });

  it.each([
    [
      'a state with a changed payload',
      (s: string) => s.replace(/\.([^.]+)\./, (_m, p: string) => `.${p.slice(0, -2)}AA.`),
    ],
    ['a state with its signature cut off', (s: string) => s.split('.').slice(0, 2).join('.') + '.'],
    ['something that is not a token', () => 'not-a-token'],
  ])('refuses %s as invalid', async (_what, tamper) => {
    const sealer = createStateSealer(SECRET, 'onboarding');
    const state = await sealer.sign({ jti: 'x', purpose: 'consent' }, 600);
    expect(await sealer.verify(tamper(state))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses an expired state as invalid when it was forged, not as expired', async () => {
    const clock = clockAt('2026-11-30T10:00:00Z');
    const forger = createStateSealer('another-secret-of-some-length', 'onboarding', clock);
    const sealer = createStateSealer(SECRET, 'onboarding', clock);
    const forged = await forger.sign({ jti: 'x' }, 1);
    clock.advance(5);
    expect(await sealer.verify(forged)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses values made with another secret, for another use, or of the other kind', async () => {
    const sealer = createStateSealer(SECRET, 'onboarding');
    const stranger = createStateSealer('another-secret-of-some-length', 'onboarding');
    const otherUse = createStateSealer(SECRET, 'something-else');
    expect((await sealer.verify(await stranger.sign({ a: 1 }, 600))).ok).toBe(false);
    expect((await sealer.open(await stranger.seal({ a: 1 }, 600))).ok).toBe(false);
    expect((await sealer.verify(await otherUse.sign({ a: 1 }, 600))).ok).toBe(false);
    expect((await sealer.open(await otherUse.seal({ a: 1 }, 600))).ok).toBe(false);
    // A state is not a cookie and a cookie is not a state.
    expect((await sealer.open(await sealer.sign({ a: 1 }, 600))).ok).toBe(false);
    expect((await sealer.verify(await sealer.seal({ a: 1 }, 600))).ok).toBe(false);
  });

  it('will not derive keys from a secret too short to be one', () => {
    expect(() => createStateSealer('short', 'onboarding')).toThrow(/too short/);
  });
});
