import { beforeEach, afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { get } from 'svelte/store';
import { BoardClient } from './board-client.ts';
import { CommandError, type SocketLike } from '../lib/ws.ts';
import type { Snapshot } from '../lib/types.ts';
import { FakeSocket } from '../lib/fake-socket.ts';

const snapshot: Snapshot = {
  workshop: {
    id: 7, accountId: 3, accountName: 'Acme', title: 'W', joinCode: 'K7QMW2RX', joinUrl: '', joinLocked: false, phase: 'current',
    settings: { anonymous: false, voteBudget: 3, voteCap: 3, hiddenUntilReveal: true }, createdAt: '', updatedAt: '',
  },
  participants: [],
  ideas: [],
  votes: { mine: [], results: [], revealed: { ideal: false, first_steps: false } },
  timer: { running: false, endsAt: null, remainingMs: 0, durationMs: 0, serverNow: '2026-01-01T00:00:00Z' },
  you: { role: 'participant', participantId: 12, userId: null, name: 'Ken' },
};

let sockets: FakeSocket[];
let client: BoardClient;

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  sockets = [];
  client = new BoardClient({
    workshopId: 7,
    token: 'tok',
    socketOrigin: 'ws://test',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
  });
  client.start();
});

afterEach(() => {
  client.stop();
  mock.timers.reset();
});

function connected(): FakeSocket {
  const s = sockets.at(-1)!;
  s.open();
  s.receive({ type: 'snapshot', seq: 4, data: snapshot });
  return s;
}

test('connects with the token and applies the snapshot', () => {
  const s = connected();
  assert.equal(s.url, 'ws://test/ws/workshops/7?token=tok');
  const view = get(client);
  assert.equal(view.connection, 'connected');
  assert.equal(view.board?.seq, 4);
});

test('a command resolves on its ack with the seq', async () => {
  const s = connected();
  const done = client.send('idea.add', { column: 'current', text: 'x' });
  const cmd = s.lastCommand();
  assert.equal(cmd.type, 'idea.add');
  assert.match(cmd.id, /^[0-9a-f]{24}$/);
  s.receive({ type: 'ack', id: cmd.id, seq: 5 });
  assert.equal(await done, 5);
  assert.equal(get(client).pending, 0);
});

test('an error frame rejects the command and is shown', async () => {
  const s = connected();
  const done = client.send('idea.add', { column: 'ideal', text: 'x' });
  s.receive({ type: 'error', id: s.lastCommand().id, code: 'wrong_phase', message: 'not now' });
  await assert.rejects(done, (err) => err instanceof CommandError && err.code === 'wrong_phase');
  assert.equal(get(client).error?.code, 'wrong_phase');
});

test('an unexpected close reconnects with since and resends pending commands with the same id', () => {
  const s = connected();
  void client.send('idea.add', { column: 'current', text: 'x' }).catch(() => {});
  const id = s.lastCommand().id;
  s.serverClose(1006);
  assert.equal(get(client).connection, 'reconnecting');
  mock.timers.tick(600);
  const s2 = sockets.at(-1)!;
  assert.notEqual(s2, s);
  assert.equal(s2.url, 'ws://test/ws/workshops/7?token=tok&since=4');
  s2.open();
  assert.equal(s2.lastCommand().id, id);
});

test('close code 4001 is final', async () => {
  const s = connected();
  const done = client.send('idea.add', { column: 'current', text: 'x' });
  s.serverClose(4001);
  await assert.rejects(done);
  mock.timers.tick(60_000);
  assert.equal(sockets.length, 1);
  assert.equal(get(client).connection, 'closed');
});

test('a gap in seq is normal (events for others are not sent) and keeps the socket', () => {
  const s = connected();
  s.receive({ type: 'event', seq: 5, event: 'phase.changed', data: { phase: 'ideal' } });
  s.receive({ type: 'event', seq: 7, event: 'phase.changed', data: { phase: 'challenges' } });
  assert.equal(get(client).board?.workshop.phase, 'challenges');
  assert.equal(get(client).board?.seq, 7);
  assert.equal(s.closed, null);
});

test('being removed by the facilitator is final and reported as such', () => {
  const s = connected();
  s.receive({ type: 'event', seq: 5, event: 'participant.kicked', data: { participantId: 12 } });
  s.serverClose(4001);
  mock.timers.tick(60_000);
  assert.equal(sockets.length, 1);
  const view = get(client);
  assert.equal(view.connection, 'closed');
  assert.equal(view.removed, true);
});

test('presence adds participants who joined after the snapshot', () => {
  const s = connected();
  s.receive({ type: 'presence', data: { online: [{ id: 30, name: 'Mika', layer: 'frontline' }], facilitators: 1, count: 1 } });
  assert.deepEqual(get(client).board?.participants.map((p) => p.name), ['Mika']);
});

test('a removed participant no longer counts as online', () => {
  const s = connected();
  s.receive({ type: 'presence', data: { online: [{ id: 30, name: 'Mika', layer: 'frontline' }, { id: 31, name: 'Jo', layer: 'other' }], facilitators: 1, count: 2 } });
  s.receive({ type: 'event', seq: 5, event: 'participant.kicked', data: { participantId: 30 } });
  assert.equal(get(client).presence?.count, 1);
  assert.deepEqual(get(client).presence?.online.map((p) => p.id), [31]);
});

function presenceWithTyping(typing: unknown): unknown {
  return { type: 'presence', data: { online: [{ id: 12, name: 'Ken', layer: 'frontline' }], facilitators: 1, count: 1, typing } };
}

test('typing from presence reaches the view, without this viewer once the room counts it', () => {
  const s = connected();
  s.receive(presenceWithTyping({ current: { count: 2, names: ['Ken', 'Mika'] } }));
  assert.deepEqual(get(client).typing, { current: { count: 2, names: ['Ken', 'Mika'] } }, 'not typing myself: a namesake');

  client.sendTyping('current', true);
  const cmd = s.lastCommand();
  assert.equal(cmd.type, 'typing');
  assert.deepEqual(cmd.data, { column: 'current', active: true });
  assert.equal(get(client).pending, 0, 'typing is not a pending command');
  s.receive({ type: 'ack', id: cmd.id });
  assert.deepEqual(get(client).typing, { current: { count: 1, names: ['Mika'] } });

  client.sendTyping('current', false);
  s.receive({ type: 'ack', id: s.lastCommand().id });
  s.receive(presenceWithTyping({ current: { count: 1, names: ['Mika'] } }));
  assert.deepEqual(get(client).typing, { current: { count: 1, names: ['Mika'] } });
});

test('this viewer stops counting as typing on its idea’s ack and after the server’s expiry', async () => {
  const s = connected();
  client.sendTyping('current', true);
  s.receive({ type: 'ack', id: s.lastCommand().id });
  s.receive(presenceWithTyping({ current: { count: 2 } }));
  assert.deepEqual(get(client).typing, { current: { count: 1 } });

  const added = client.send('idea.add', { column: 'current', text: 'x' });
  s.receive({ type: 'ack', id: s.lastCommand().id, seq: 5 });
  await added;
  assert.deepEqual(get(client).typing, { current: { count: 2 } }, 'until the next presence, the room counts two others');

  client.sendTyping('ideal', true);
  s.receive({ type: 'ack', id: s.lastCommand().id });
  s.receive(presenceWithTyping({ ideal: { count: 1 } }));
  assert.deepEqual(get(client).typing, {});
  mock.timers.tick(5_000);
  assert.deepEqual(get(client).typing, { ideal: { count: 1 } }, 'the room forgot me after 5 s without a refresh');
});

test('typing is never queued offline and its refusals are not shown', () => {
  const s = connected();
  client.sendTyping('current', true);
  s.receive({ type: 'error', id: s.lastCommand().id, code: 'rate_limited', message: 'slow down' });
  assert.equal(get(client).error, null);

  s.receive(presenceWithTyping({ current: { count: 1, names: ['Mika'] } }));
  s.serverClose(1006);
  assert.deepEqual(get(client).typing, {}, 'what others typed is stale once the socket is gone');
  const sentBefore = s.sent.length;
  client.sendTyping('current', true);
  mock.timers.tick(600);
  const s2 = sockets.at(-1)!;
  s2.open();
  assert.equal(s.sent.length, sentBefore);
  assert.deepEqual(s2.sent, [], 'nothing resent on reconnect');
});

test('a snapshot in the middle of a session replaces the board (the visibility rules changed)', () => {
  const s = connected();
  s.receive({ type: 'event', seq: 5, event: 'participant.kicked', data: { participantId: 30 } });
  s.receive({ type: 'event', seq: 6, event: 'settings.changed', data: { title: 'W', settings: { ...snapshot.workshop.settings, hiddenUntilReveal: false } } });
  const fresh: Snapshot = {
    ...snapshot,
    workshop: { ...snapshot.workshop, settings: { ...snapshot.workshop.settings, hiddenUntilReveal: false } },
    votes: {
      mine: [],
      results: [{ column: 'ideal', revealed: false, voters: { executive: 1, manager: 0, frontline: 0, other: 0 }, items: [] }],
      revealed: { ideal: false, first_steps: false },
    },
  };
  s.receive({ type: 'snapshot', seq: 6, data: fresh });
  const view = get(client);
  assert.equal(view.connection, 'connected');
  assert.equal(view.board?.seq, 6);
  assert.equal(view.board?.workshop.settings.hiddenUntilReveal, false);
  assert.deepEqual(view.board?.votes.voters.ideal, { executive: 1, manager: 0, frontline: 0, other: 0 });
  assert.deepEqual(view.board?.removedIds, [30], 'removals seen before still hold');
  assert.equal(s.closed, null, 'the socket stays');
  // Later events apply on top of it.
  s.receive({ type: 'event', seq: 7, event: 'phase.changed', data: { phase: 'ideal' } });
  assert.equal(get(client).board?.workshop.phase, 'ideal');
});

test('a story shown before this person joined comes with the snapshot; shown and hidden live after', () => {
  const s = sockets.at(-1)!;
  s.open();
  const story = { id: 3, title: 'One ledger', quote: 'q', outcome: 'o', industry: 'Retail', sizeBand: '51-200', customer: '', ideal: [], offerings: [] };
  s.receive({ type: 'snapshot', seq: 4, data: { ...snapshot, story } });
  assert.equal(get(client).board?.story?.title, 'One ledger');
  s.receive({ type: 'event', seq: 5, event: 'story.hidden', data: {} });
  assert.equal(get(client).board?.story, null);
  s.receive({ type: 'event', seq: 6, event: 'story.shown', data: { story: { ...story, id: 8, title: 'Next' } } });
  assert.equal(get(client).board?.story?.id, 8);
  // A resume that replays the same event again is not applied twice.
  s.receive({ type: 'event', seq: 6, event: 'story.hidden', data: {} });
  assert.equal(get(client).board?.story?.id, 8);
});

test('the facilitator shows and hides a story with story.show and story.hide', async () => {
  const s = connected();
  const shown = client.send('story.show', { storyId: 3 });
  assert.deepEqual(s.lastCommand().data, { storyId: 3 });
  s.receive({ type: 'ack', id: s.lastCommand().id, seq: 5 });
  assert.equal(await shown, 5);
  void client.send('story.hide').catch(() => {});
  assert.equal(s.lastCommand().type, 'story.hide');
});
