// @vitest-environment node
// The console's copy of the audit actions against the server's own list: the console
// does not import server code, so this test is what keeps the two from drifting apart
// (a new server action without a label would show to admins as its dotted name).
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../../server/src/crm/audit/index.ts';
import { LANGUAGES } from '../../i18n/index.ts';
import { KNOWN_ACTIONS } from './AuditPage.tsx';

const locales = import.meta.glob<{ default: { audit: { actions: Record<string, string> } } }>('../locales/*.json', {
  eager: true,
});

describe('the audit actions the console knows', () => {
  it('are exactly the actions the server records, in its order', () => {
    expect([...KNOWN_ACTIONS]).toEqual([...AUDIT_ACTIONS]);
  });

  it.each(LANGUAGES)('each have a label in %s, and no label is left for an action the server dropped', (language) => {
    const labels = locales[`../locales/${language}.json`]!.default.audit.actions;
    expect(Object.keys(labels).sort()).toEqual(KNOWN_ACTIONS.map((action) => action.replaceAll('.', '_')).sort());
    for (const action of KNOWN_ACTIONS) expect(labels[action.replaceAll('.', '_')]?.trim(), action).toBeTruthy();
  });
});
