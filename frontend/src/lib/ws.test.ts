import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandError, RoomSocket, type ServerError, type ServerMessage, type SocketLike, type SocketStatus } from './ws.ts';
import { FakeSocket } from './fake-socket.ts';

let sockets: FakeSocket[];
let messages: ServerMessage[];
let status: SocketStatus;
let timeouts: ServerError[];
let gone: number;
let since: number | null;
let socket: RoomSocket;

beforeEach(() => {
  mock.timers.enable({ apis: ['setTimeout'] });
  sockets = [];
  messages = [];
  timeouts = [];
  gone = 0;
  since = null;
  socket = new RoomSocket(
    {
      workshopId: 7,
      token: 'tok',
      socketOrigin: 'ws://test',
      createSocket: (url) => {
        const s = new FakeSocket(url);
        sockets.push(s);
        return s;
      },
      since: () => since,
    },
    {
      message: (m) => messages.push(m),
      status: (s) => (status = s),
      timedOut: (e) => timeouts.push(e),
      gone: () => gone++,
    },
  );
  socket.start();
});

afterEach(() => {
  socket.stop();
  mock.timers.reset();
});

function opened(): FakeSocket {
  const s = sockets.at(-1)!;
  s.onopen?.({});
  return s;
}

test('connects without since until the caller has a board, then resumes after its seq', () => {
  const s = opened();
  assert.equal(s.url, 'ws://test/ws/workshops/7?token=tok');
  assert.equal(status.connection, 'connected');
  since = 4;
  s.onclose?.({ code: 1006, reason: '' });
  assert.equal(gone, 1);
  assert.deepEqual([status.connection, status.failures], ['reconnecting', 1]);
  mock.timers.tick(600);
  assert.equal(sockets.at(-1)!.url, 'ws://test/ws/workshops/7?token=tok&since=4');
});

test('a pending command waits offline and is sent with the same id on reconnect', async () => {
  const s = opened();
  s.onclose?.({ code: 1006, reason: '' });
  const done = socket.send('idea.add', { column: 'current', text: 'x' });
  assert.equal(status.pending, 1);
  assert.deepEqual(s.sent, []);
  mock.timers.tick(600);
  const s2 = opened();
  const cmd = s2.lastCommand();
  s2.onclose?.({ code: 1006, reason: '' });
  mock.timers.tick(2_000);
  const s3 = opened();
  assert.equal(s3.lastCommand().id, cmd.id);
  s3.receive({ type: 'ack', id: cmd.id, seq: 9 });
  assert.equal(await done, 9);
  assert.equal(status.pending, 0);
});

test('frames reach the listener typed; an ack or error names the command it settled', async () => {
  const s = opened();
  s.receive({ type: 'snapshot', seq: 4, data: { you: {} } });
  s.receive({ type: 'event', seq: 5, event: 'phase.changed', data: { phase: 'ideal' } });
  s.receive({ type: 'event', seq: 'x', event: 'phase.changed' });
  s.receive({ type: 'presence', data: { online: [], facilitators: 1, count: 0 } });
  s.receive({ type: 'resumed', seq: 5 });
  s.receive({ type: 'mystery' });
  s.onmessage?.({ data: 'not json' });
  const added = socket.send('idea.add', { column: 'current', text: 'x' });
  s.receive({ type: 'ack', id: s.lastCommand().id, seq: 6 });
  const refused = socket.send('idea.delete', { ideaId: 3 });
  s.receive({ type: 'error', id: s.lastCommand().id, code: 'not_found', message: 'gone' });
  s.receive({ type: 'ack', id: 'someone-else' });
  s.receive({ type: 'error' });
  assert.equal(await added, 6);
  await assert.rejects(refused, (err) => err instanceof CommandError && err.code === 'not_found');
  assert.deepEqual(
    messages.map((m) => ({ ...m, ...('id' in m && m.id ? { id: 'ID' } : {}) })),
    [
      { type: 'snapshot', seq: 4, data: { you: {} } },
      { type: 'event', seq: 5, event: 'phase.changed', data: { phase: 'ideal' } },
      { type: 'presence', data: { online: [], facilitators: 1, count: 0 } },
      { type: 'resumed', seq: 5 },
      { type: 'ack', id: 'ID', seq: 6, command: { type: 'idea.add', data: { column: 'current', text: 'x' } } },
      { type: 'error', id: 'ID', error: { code: 'not_found', message: 'gone' }, command: { type: 'idea.delete', data: { ideaId: 3 } } },
      { type: 'ack', id: 'ID', seq: 0, command: null },
      { type: 'error', id: null, error: { code: 'error', message: 'The server refused the request.' }, command: null },
    ],
  );
});

test('an ephemeral command is sent only while connected and never resent', () => {
  const s = opened();
  const id = socket.sendEphemeral('typing', { column: 'current', active: true });
  assert.equal(s.lastCommand().id, id);
  assert.equal(status.pending, 0);
  s.onclose?.({ code: 1006, reason: '' });
  assert.equal(socket.sendEphemeral('typing', { column: 'current', active: true }), null);
  mock.timers.tick(600);
  assert.deepEqual(opened().sent, []);
});

test('a command without an ack in time is rejected and reported', async () => {
  opened();
  const done = socket.send('reveal', { column: 'ideal' });
  mock.timers.tick(15_000);
  await assert.rejects(done, (err) => err instanceof CommandError && err.code === 'timeout');
  assert.deepEqual(timeouts.map((e) => e.code), ['timeout']);
  assert.equal(status.pending, 0);
});

test('close code 4001 is final: pending and later commands fail with its reason', async () => {
  const s = opened();
  const done = socket.send('idea.add', { column: 'current', text: 'x' });
  s.onclose?.({ code: 4001, reason: 'You were removed.' });
  await assert.rejects(done, (err) => err instanceof CommandError && err.message === 'You were removed.');
  assert.deepEqual(status, { connection: 'closed', closedReason: 'You were removed.', pending: 0, failures: 0 });
  await assert.rejects(socket.send('idea.add', {}), (err) => err instanceof CommandError && err.code === 'closed');
  mock.timers.tick(60_000);
  assert.equal(sockets.length, 1);
});

test('a socket that never opens is dropped and retried', () => {
  const s = sockets.at(-1)!;
  mock.timers.tick(10_000);
  assert.equal(s.closed?.code, 4000);
  assert.equal(gone, 1);
  mock.timers.tick(600);
  assert.equal(sockets.length, 2);
});
