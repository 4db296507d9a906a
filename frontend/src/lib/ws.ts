// The single WebSocket client of the app. It owns the socket, reconnect with
// backoff and resume (`since`), the board state derived from snapshot + events,
// and the commands still waiting for their ack. Components only read the store
// and call send().
import { writable, type Readable } from 'svelte/store';
import { applyEvent, fromSnapshot, mergePresence, prunePresence, type BoardData } from '../board/board-state.ts';
import { isColumn, othersTyping, OwnTyping } from '../board/typing.ts';
import type { Column, Presence, Snapshot, SnapshotWithSeq, TypingByColumn } from './types.ts';

/** How the socket is doing, as shown to people. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** An error frame from the server (or a local failure of a command). */
export interface ServerError {
  code: string;
  message: string;
}

/** Everything a board component reads. */
export interface BoardView {
  board: BoardData | null;
  connection: ConnectionState;
  presence: Presence | null;
  /** Who else is typing, by column (this viewer left out). */
  typing: TypingByColumn;
  /** The last error the server reported, until dismissed. */
  error: ServerError | null;
  /** Why the connection ended for good (close code 4001), if it did. */
  closedReason: string | null;
  /** The connection ended because the facilitator removed this participant. */
  removed: boolean;
  /** Commands sent but not yet acknowledged. */
  pending: number;
  /** Connection attempts that failed in a row (0 while connected). */
  failures: number;
}

/** A command the server refused or that could not be delivered. */
export class CommandError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CommandError';
    this.code = code;
  }
}

/** The part of the browser WebSocket this module uses (a fake in tests). */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Options for a BoardClient. */
export interface BoardClientOptions {
  workshopId: number;
  /** Participant token; facilitators authenticate with their session cookie instead. */
  token?: string;
  /** A snapshot already fetched over HTTP; the socket then resumes after its seq. */
  initial?: SnapshotWithSeq;
  /** Origin for the socket URL like `ws://host:port`; defaults to the page's. */
  socketOrigin?: string;
  createSocket?: (url: string) => SocketLike;
}

/** Close code after which the server will not take this token again. */
export const CLOSE_FINAL = 4001;
/** Our own close code when we drop a socket that stalled while connecting. */
const CLOSE_RESYNC = 4000;
/** First reconnect delay; doubled per failed attempt up to MAX_BACKOFF_MS. */
const BASE_BACKOFF_MS = 500;
/** Cap that keeps a waiting client retrying often enough to notice the server is back. */
const MAX_BACKOFF_MS = 10_000;
/** A socket that has not opened by then is treated as failed. */
const CONNECT_TIMEOUT_MS = 10_000;
/** A command with no ack by then is reported as failed (it may still apply). */
const COMMAND_TIMEOUT_MS = 15_000;

interface PendingCommand {
  frame: string;
  /** The column an idea.add or insight.add writes: its commit ends the sender's typing there. */
  column: Column | null;
  resolve: (seq: number) => void;
  reject: (err: CommandError) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** Random command id; getRandomValues works on plain-http LAN hosts where randomUUID does not. */
export function newCommandId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One live connection to a workshop room, readable as a Svelte store. */
export class BoardClient implements Readable<BoardView> {
  private readonly opts: BoardClientOptions;
  private readonly store = writable<BoardView>({
    board: null,
    connection: 'connecting',
    presence: null,
    typing: {},
    error: null,
    closedReason: null,
    removed: false,
    pending: 0,
    failures: 0,
  });
  private view: BoardView;
  private socket: SocketLike | null = null;
  private pending = new Map<string, PendingCommand>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** This connection's own typing, as the room knows it. */
  private ownTyping = new OwnTyping(() => this.refreshTyping());

  /** Subscribes to the board view (Svelte store contract). */
  readonly subscribe: Readable<BoardView>['subscribe'];

  constructor(opts: BoardClientOptions) {
    this.opts = opts;
    this.subscribe = this.store.subscribe;
    this.view = {
      board: opts.initial ? fromSnapshot(opts.initial, opts.initial.seq) : null,
      connection: 'connecting',
      presence: null,
      typing: {},
      error: null,
      closedReason: null,
      removed: false,
      pending: 0,
      failures: 0,
    };
    this.store.set(this.view);
  }

  /** Opens the socket; call once. */
  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Closes the socket for good and fails what is still pending. */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      detach(s);
      s.close(1000, 'leaving');
    }
    this.forgetTyping();
    this.failAll('closed', 'The board was closed.');
  }

  /** Sends a command; resolves with its seq once acknowledged, rejects on an error frame. */
  send(type: string, data: Record<string, unknown> = {}): Promise<number> {
    if (this.view.connection === 'closed') {
      return Promise.reject(new CommandError('closed', this.view.closedReason ?? 'Not connected.'));
    }
    const id = newCommandId();
    const frame = JSON.stringify({ id, type, data });
    const writes = type === 'idea.add' || type === 'insight.add';
    const column = writes && isColumn(data.column) ? data.column : null;
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        const err = { code: 'timeout', message: 'The server did not confirm in time. Please check the board and retry.' };
        this.update({ pending: this.pending.size, error: err });
        reject(new CommandError(err.code, err.message));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { frame, column, resolve, reject, timer });
      this.update({ pending: this.pending.size });
      // While offline the command waits; it is sent (same id, so never applied twice) on reconnect.
      if (this.view.connection === 'connected') this.socket?.send(frame);
    });
  }

  /**
   * Tells the room this person started or stopped typing in `column`. Ephemeral: dropped
   * while not connected (a stale "typing" is worth nothing after a reconnect), never retried,
   * and a refusal is not shown, since nobody asked for it.
   */
  sendTyping(column: Column, active: boolean): void {
    if (this.view.connection !== 'connected' || !this.socket) return;
    const id = newCommandId();
    this.ownTyping.sending(id, column, active);
    this.socket.send(JSON.stringify({ id, type: 'typing', data: { column, active } }));
  }

  /** Reconnects at once instead of waiting out the backoff, e.g. when the browser is back online. */
  retryNow(): void {
    if (this.stopped || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  /** Hides the current error message. */
  dismissError(): void {
    this.update({ error: null });
  }

  private connect(): void {
    if (this.stopped) return;
    const url = this.socketUrl();
    const socket = (this.opts.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike))(url);
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      if (this.socket === socket && this.view.connection !== 'connected') this.drop(socket);
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.clearConnectTimer();
      this.attempts = 0;
      this.update({ connection: 'connected', failures: 0 });
      for (const cmd of this.pending.values()) socket.send(cmd.frame);
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket && typeof ev.data === 'string') this.handleFrame(ev.data);
    };
    socket.onerror = () => {
      // A close event always follows; reconnect is decided there.
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearConnectTimer();
      this.forgetTyping();
      if (ev.code === CLOSE_FINAL) {
        this.finish(ev.reason || 'Your access to this workshop has ended.');
        return;
      }
      this.scheduleReconnect();
    };
  }

  private socketUrl(): string {
    const origin =
      this.opts.socketOrigin ??
      `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
    const params = new URLSearchParams();
    if (this.opts.token) params.set('token', this.opts.token);
    if (this.view.board) params.set('since', String(this.view.board.seq));
    const q = params.toString();
    return `${origin}/ws/workshops/${encodeURIComponent(this.opts.workshopId)}${q ? '?' + q : ''}`;
  }

  private handleFrame(text: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // Not JSON: nothing we can do with it.
    }
    switch (msg.type) {
      case 'snapshot': {
        // Sent on connect, and again at any time the rules of what this viewer may see change
        // (anonymity or hidden totals): it replaces the board. Removals seen earlier still hold,
        // so a stale presence cannot bring a removed participant back.
        const seq = typeof msg.seq === 'number' ? msg.seq : 0;
        const fresh = fromSnapshot(msg.data as Snapshot, seq);
        const removedIds = this.view.board?.removedIds ?? [];
        this.update({ board: removedIds.length > 0 ? { ...fresh, removedIds } : fresh });
        return;
      }
      case 'event': {
        const board = this.view.board;
        if (!board || typeof msg.seq !== 'number' || typeof msg.event !== 'string') return;
        const out = applyEvent(board, { seq: msg.seq, event: msg.event, data: msg.data });
        if (out.kind === 'applied') {
          this.update({ board: out.board, presence: prunePresence(this.view.presence, out.board.removedIds) });
        }
        return;
      }
      case 'ack':
        if (this.ownTyping.answered(msg.id, true)) return;
        this.settle(msg.id, (cmd) => {
          if (cmd.column) this.ownTyping.set(cmd.column, false);
          cmd.resolve(typeof msg.seq === 'number' ? msg.seq : 0);
        });
        return;
      case 'error': {
        if (this.ownTyping.answered(msg.id, false)) return;
        const err: ServerError = {
          code: typeof msg.code === 'string' ? msg.code : 'error',
          message: typeof msg.message === 'string' ? msg.message : 'The server refused the request.',
        };
        this.update({ error: err });
        this.settle(msg.id, (cmd) => cmd.reject(new CommandError(err.code, err.message)));
        return;
      }
      case 'presence': {
        const presence = msg.data as Presence;
        const board = this.view.board;
        this.update({
          presence: board ? prunePresence(presence, board.removedIds) : presence,
          board: board ? mergePresence(board, presence) : board,
        });
        this.refreshTyping();
        return;
      }
      default:
        return;
    }
  }

  /** The socket is gone: the room forgets this connection's typing, and what others typed is stale. */
  private forgetTyping(): void {
    this.ownTyping.forget();
    if (this.view.presence?.typing) this.update({ presence: { ...this.view.presence, typing: {} } });
    this.refreshTyping();
  }

  private refreshTyping(): void {
    const typing = othersTyping(this.view.presence?.typing, this.ownTyping.columns(), this.view.board?.you.name ?? null);
    this.update({ typing });
  }

  private settle(id: unknown, fn: (cmd: PendingCommand) => void): void {
    if (typeof id !== 'string') return;
    const cmd = this.pending.get(id);
    if (!cmd) return;
    this.pending.delete(id);
    clearTimeout(cmd.timer);
    this.update({ pending: this.pending.size });
    fn(cmd);
  }

  /** Closes a socket we no longer trust and reconnects right away, resuming from our seq. */
  private drop(socket: SocketLike): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearConnectTimer();
    this.forgetTyping();
    detach(socket);
    socket.close(CLOSE_RESYNC, 'resync');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.update({ connection: 'reconnecting', failures: this.attempts + 1 });
    const delay = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** this.attempts);
    this.attempts++;
    // Jitter spreads a whole room's reconnects after a server restart.
    const jittered = delay / 2 + Math.random() * (delay / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, jittered);
  }

  private finish(reason: string): void {
    this.stopped = true;
    this.clearTimers();
    // The kick event arrives just before the close; the reason is a fallback if it did not.
    const removed = this.view.board?.removed === true || /removed/i.test(reason);
    this.update({ connection: 'closed', closedReason: reason, removed });
    this.failAll('closed', reason);
  }

  private failAll(code: string, message: string): void {
    for (const cmd of this.pending.values()) {
      clearTimeout(cmd.timer);
      cmd.reject(new CommandError(code, message));
    }
    this.pending.clear();
    this.update({ pending: 0 });
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private update(patch: Partial<BoardView>): void {
    this.view = { ...this.view, ...patch };
    this.store.set(this.view);
  }
}

function detach(s: SocketLike): void {
  s.onopen = null;
  s.onmessage = null;
  s.onclose = null;
  s.onerror = null;
}
