// The app's one WebSocket client, and only the socket: it connects, reconnects with backoff
// and resumes (`since`), keeps the commands still waiting for their ack (resent with the same
// ids on reconnect, so none applies twice), and hands the server's frames, checked and typed,
// to one listener. What they mean for a board is the board store's business (board/board-client.ts).
import type { Presence, Snapshot } from './types.ts';

/** How the socket is doing, as shown to people. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** An error frame from the server (or a local failure of a command). */
export interface ServerError {
  code: string;
  message: string;
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

/** A command as it was sent. */
export interface SentCommand {
  type: string;
  data: Record<string, unknown>;
}

/**
 * A server frame, checked and typed. An ack or error names the pending command it settled
 * (`command`), or null when the socket was not waiting for its id (an ephemeral command's).
 */
export type ServerMessage =
  | { type: 'snapshot'; seq: number; data: Snapshot }
  | { type: 'event'; seq: number; event: string; data: unknown }
  | { type: 'ack'; id: string | null; seq: number; command: SentCommand | null }
  | { type: 'error'; id: string | null; error: ServerError; command: SentCommand | null }
  | { type: 'presence'; data: Presence }
  /** The missed events were replayed after `since`; the board is current as of `seq`. */
  | { type: 'resumed'; seq: number };

/** The socket's own state. */
export interface SocketStatus {
  connection: ConnectionState;
  /** Why the connection ended for good (close code 4001), if it did. */
  closedReason: string | null;
  /** Commands sent but not yet acknowledged. */
  pending: number;
  /** Connection attempts that failed in a row (0 while connected). */
  failures: number;
}

/** What the socket tells the layer above it. */
export interface SocketListener {
  message(msg: ServerMessage): void;
  status(status: SocketStatus): void;
  /** A command got no ack in time and was rejected; it may still have applied. */
  timedOut(error: ServerError): void;
  /** The socket went away (closed, dropped or stopped): the room forgot this connection's ephemeral state. */
  gone(): void;
}

/** Options for a RoomSocket. */
export interface RoomSocketOptions {
  workshopId: number;
  /** Participant token; facilitators authenticate with their session cookie instead. */
  token?: string;
  /** Origin for the socket URL like `ws://host:port`; defaults to the page's. */
  socketOrigin?: string;
  createSocket?: (url: string) => SocketLike;
  /** The seq the caller's board is at, sent as `since` on every connect; null before it has a board. */
  since: () => number | null;
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

interface PendingCommand extends SentCommand {
  frame: string;
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

/** One live connection to a workshop room. */
export class RoomSocket {
  private readonly opts: RoomSocketOptions;
  private readonly listener: SocketListener;
  private state: SocketStatus = { connection: 'connecting', closedReason: null, pending: 0, failures: 0 };
  private socket: SocketLike | null = null;
  private pending = new Map<string, PendingCommand>();
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(opts: RoomSocketOptions, listener: SocketListener) {
    this.opts = opts;
    this.listener = listener;
  }

  /** The socket's state now. */
  get status(): SocketStatus {
    return this.state;
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
    this.listener.gone();
    this.failAll('closed', 'The board was closed.');
  }

  /** Sends a command; resolves with its seq once acknowledged, rejects on an error frame. */
  send(type: string, data: Record<string, unknown> = {}): Promise<number> {
    if (this.state.connection === 'closed') {
      return Promise.reject(new CommandError('closed', this.state.closedReason ?? 'Not connected.'));
    }
    const id = newCommandId();
    const frame = JSON.stringify({ id, type, data });
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        const err = { code: 'timeout', message: 'The server did not confirm in time. Please check the board and retry.' };
        this.setStatus({ pending: this.pending.size });
        this.listener.timedOut(err);
        reject(new CommandError(err.code, err.message));
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { type, data, frame, resolve, reject, timer });
      this.setStatus({ pending: this.pending.size });
      // While offline the command waits; it is sent (same id, so never applied twice) on reconnect.
      if (this.state.connection === 'connected') this.socket?.send(frame);
    });
  }

  /**
   * Sends a command nobody waits for, like `typing`: dropped while not connected (it is worth
   * nothing after a reconnect), never queued or resent. Returns its id (its ack or error is
   * handed on with `command: null`), or null when it was dropped.
   */
  sendEphemeral(type: string, data: Record<string, unknown>): string | null {
    if (this.state.connection !== 'connected' || !this.socket) return null;
    const id = newCommandId();
    this.socket.send(JSON.stringify({ id, type, data }));
    return id;
  }

  /** Reconnects at once instead of waiting out the backoff, e.g. when the browser is back online. */
  retryNow(): void {
    if (this.stopped || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.connect();
  }

  private connect(): void {
    if (this.stopped) return;
    const url = this.socketUrl();
    const socket = (this.opts.createSocket ?? ((u: string) => new WebSocket(u) as unknown as SocketLike))(url);
    this.socket = socket;
    this.connectTimer = setTimeout(() => {
      if (this.socket === socket && this.state.connection !== 'connected') this.drop(socket);
    }, CONNECT_TIMEOUT_MS);
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.clearConnectTimer();
      this.attempts = 0;
      this.setStatus({ connection: 'connected', failures: 0 });
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
      this.listener.gone();
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
    const since = this.opts.since();
    if (since !== null) params.set('since', String(since));
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
    const seq = typeof msg.seq === 'number' ? msg.seq : 0;
    const id = typeof msg.id === 'string' ? msg.id : null;
    switch (msg.type) {
      case 'snapshot':
        this.listener.message({ type: 'snapshot', seq, data: msg.data as Snapshot });
        return;
      case 'event':
        if (typeof msg.seq !== 'number' || typeof msg.event !== 'string') return;
        this.listener.message({ type: 'event', seq: msg.seq, event: msg.event, data: msg.data });
        return;
      case 'ack': {
        const cmd = this.settle(id);
        // The listener hears of it before the sender's promise settles (its callbacks run later anyway).
        this.listener.message({ type: 'ack', id, seq, command: cmd && sent(cmd) });
        cmd?.resolve(seq);
        return;
      }
      case 'error': {
        const error: ServerError = {
          code: typeof msg.code === 'string' ? msg.code : 'error',
          message: typeof msg.message === 'string' ? msg.message : 'The server refused the request.',
        };
        const cmd = this.settle(id);
        this.listener.message({ type: 'error', id, error, command: cmd && sent(cmd) });
        cmd?.reject(new CommandError(error.code, error.message));
        return;
      }
      case 'presence':
        this.listener.message({ type: 'presence', data: msg.data as Presence });
        return;
      case 'resumed':
        this.listener.message({ type: 'resumed', seq });
        return;
      default:
        return;
    }
  }

  /** Takes the pending command `id` off the list, or null if it is not one. */
  private settle(id: string | null): PendingCommand | null {
    if (id === null) return null;
    const cmd = this.pending.get(id);
    if (!cmd) return null;
    this.pending.delete(id);
    clearTimeout(cmd.timer);
    this.setStatus({ pending: this.pending.size });
    return cmd;
  }

  /** Closes a socket we no longer trust and reconnects right away, resuming from our seq. */
  private drop(socket: SocketLike): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.clearConnectTimer();
    this.listener.gone();
    detach(socket);
    socket.close(CLOSE_RESYNC, 'resync');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.setStatus({ connection: 'reconnecting', failures: this.attempts + 1 });
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
    this.setStatus({ connection: 'closed', closedReason: reason });
    this.failAll('closed', reason);
  }

  private failAll(code: string, message: string): void {
    for (const cmd of this.pending.values()) {
      clearTimeout(cmd.timer);
      cmd.reject(new CommandError(code, message));
    }
    this.pending.clear();
    this.setStatus({ pending: 0 });
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

  private setStatus(patch: Partial<SocketStatus>): void {
    this.state = { ...this.state, ...patch };
    this.listener.status(this.state);
  }
}

function sent(cmd: PendingCommand): SentCommand {
  return { type: cmd.type, data: cmd.data };
}

function detach(s: SocketLike): void {
  s.onopen = null;
  s.onmessage = null;
  s.onclose = null;
  s.onerror = null;
}
