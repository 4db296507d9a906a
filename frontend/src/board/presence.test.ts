import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onlineByLayer, othersNotListed, othersOnline } from './presence.ts';
import type { Presence } from '../lib/types.ts';

const small: Presence = {
  online: [
    { id: 1, name: 'Aiko', layer: 'executive' },
    { id: 2, name: 'Ben', layer: 'frontline' },
    { id: 3, name: 'Chie', layer: 'frontline' },
  ],
  facilitators: 1,
  count: 3,
};

test('a small room: counts come from the list and everyone is named', () => {
  assert.deepEqual(onlineByLayer(small), { executive: 1, manager: 0, frontline: 2, other: 0 });
  assert.deepEqual(othersOnline(small, 2).map((p) => p.name), ['Aiko', 'Chie']);
  assert.equal(othersNotListed(small, 2), 0);
});

test('a big room: the server counts are used and the unnamed rest is counted', () => {
  const big: Presence = {
    online: small.online, // the first names only
    facilitators: 1,
    count: 1000,
    byLayer: { executive: 40, manager: 160, frontline: 700, other: 100 },
  };
  assert.deepEqual(onlineByLayer(big), { executive: 40, manager: 160, frontline: 700, other: 100 });
  assert.equal(othersNotListed(big, 2), 997, 'I am listed: 999 others, 2 of them named');
  assert.equal(othersNotListed(big, 500), 996, 'I am not listed: 999 others, 3 of them named');
});

test('no presence yet: nothing to count', () => {
  assert.deepEqual(onlineByLayer(null), { executive: 0, manager: 0, frontline: 0, other: 0 });
  assert.equal(othersNotListed(null, 1), 0);
});
