import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mayPropose, proposalLinks } from './proposals.ts';
import type { Opportunity } from './upsell-types.ts';

function opp(id: number, over: Partial<Opportunity>): Opportunity {
  return {
    id, accountId: 3, accountName: 'A', mapId: 7, challengeId: 41, challengeText: 'Phone bookings', offeringId: 2, offeringName: 'R',
    status: 'proposed', monthlyDelta: 0, currency: 'JPY', reason: '', reasonKind: null, note: '', ownerId: 1, ownerName: 'Aiko',
    override: false, overrideReason: '', proposedAt: `2027-03-0${id}T00:00:00Z`, closedAt: null, churnClearedAt: null, churnClearedBy: null,
    churnClearedNote: '', createdBy: 1, createdAt: '', updatedAt: '', ...over,
  };
}

const CHALLENGES = [
  { id: 41, text: 'Phone bookings', johari: 'open' as const, offeringIds: [2, 5] },
  { id: 42, text: 'Reports by hand', johari: 'blind' as const, offeringIds: [2] },
  { id: 43, text: 'Nothing linked', johari: 'open' as const, offeringIds: [] },
];

test('each challenge → offering link of the saved map is one proposal, in the map’s order', () => {
  const links = proposalLinks(7, CHALLENGES, []);
  assert.deepEqual(links.map((l) => l.key), ['41:2', '41:5', '42:2']);
  assert.ok(links.every(mayPropose));
});

test('a link shows its newest opportunity, matched by challenge id or, after a renumbering, by its text', () => {
  const links = proposalLinks(7, [{ ...CHALLENGES[0]!, id: 99 }, CHALLENGES[1]!], [
    opp(1, { status: 'lost' }),
    opp(2, { status: 'won', reason: 'delight' }),
    opp(3, { mapId: 8 }),
    opp(4, { challengeId: 42, challengeText: 'Reports by hand', status: 'lost' }),
  ]);
  assert.equal(links[0]?.existing?.id, 2, 'matched by text, newest first');
  assert.equal(mayPropose(links[0]!), false, 'a won link is done');
  assert.equal(links[1]?.existing, null, 'another offering of the challenge');
  assert.equal(links[2]?.existing?.id, 4);
  assert.equal(mayPropose(links[2]!), true, 'a lost one may be proposed again');
});

test('a challenge the server has not numbered yet cannot be proposed', () => {
  const [link] = proposalLinks(7, [{ text: 'New', johari: 'open', offeringIds: [2] }], []);
  assert.equal(link?.challengeId, null);
  assert.equal(mayPropose(link!), false);
});
