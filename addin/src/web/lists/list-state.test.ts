// Whether the list still shows what its saved view holds: compared as the view would be
// saved (search trimmed, tags in any order), so "Update view" shows only for a real change.
import { describe, expect, it } from 'vitest';
import { differsFromView, stateFromSegment, type Segment } from './list-state.ts';

const VIEW: Segment = {
  id: '0190a000-0000-7000-8000-0000000000b1',
  name: 'Quiet VIPs',
  entity: 'contact',
  filter: { q: 'ann', tags: ['vip', 'eu'], noContactDays: 90 },
  sort: 'lastContactedAt',
  order: 'desc',
  owner: { id: '0190a000-0000-7000-8000-00000000a11c', displayName: 'Alice Larsson', email: 'alice@contoso.example' },
  shared: false,
  editable: true,
  createdAt: '2026-10-01T10:00:00.000Z',
  updatedAt: '2026-10-01T10:00:00.000Z',
};
const applied = stateFromSegment(VIEW);

describe('differsFromView', () => {
  it('is false for the view as applied, its search with spaces around, or its tags in another order', () => {
    expect(differsFromView(applied, VIEW)).toBe(false);
    expect(differsFromView({ ...applied, q: ' ann  ' }, VIEW)).toBe(false);
    expect(differsFromView({ ...applied, tags: ['eu', 'vip'] }, VIEW)).toBe(false);
  });

  it('is true for another search, tag, owner, day count, stage, sort or order', () => {
    const changes = [
      { q: 'anna' },
      { tags: ['vip'] },
      { owner: 'me' },
      { noContactDays: 30 },
      { stageId: '0190a000-0000-7000-8000-0000000000s1' },
      { sort: 'name' as const },
      { order: 'asc' as const },
    ];
    for (const change of changes)
      expect(differsFromView({ ...applied, ...change }, VIEW), JSON.stringify(change)).toBe(true);
  });
});
