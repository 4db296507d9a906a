// The live board as components read it, one Svelte store above the socket (lib/ws.ts): the
// board state built from snapshots and advanced by events, presence, who else is typing, and
// the socket's state and errors. Components only read the store and call send().
import { writable, type Readable, type Writable } from 'svelte/store';
import {
  RoomSocket,
  type ConnectionState,
  type SentCommand,
  type ServerError,
  type ServerMessage,
  type SocketLike,
  type SocketStatus,
} from '../lib/ws.ts';
import type { Column, Presence, SnapshotWithSeq, TypingByColumn } from '../lib/types.ts';
import { applyEvent, fromSnapshot, mergePresence, prunePresence, type BoardData } from './board-state.ts';
import { isColumn, othersTyping, OwnTyping } from './typing.ts';

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

/** One live connection to a workshop's board, readable as a Svelte store. */
export class BoardClient implements Readable<BoardView> {
  private readonly store: Writable<BoardView>;
  private view: BoardView;
  private readonly socket: RoomSocket;
  /** This connection's own typing, as the room knows it. */
  private ownTyping = new OwnTyping(() => this.refreshTyping());

  /** Subscribes to the board view (Svelte store contract). */
  readonly subscribe: Readable<BoardView>['subscribe'];

  constructor(opts: BoardClientOptions) {
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
    this.store = writable(this.view);
    this.subscribe = this.store.subscribe;
    this.socket = new RoomSocket(
      {
        workshopId: opts.workshopId,
        token: opts.token,
        socketOrigin: opts.socketOrigin,
        createSocket: opts.createSocket,
        // Resume after the board we hold, so the server replays only what we missed.
        since: () => this.view.board?.seq ?? null,
      },
      {
        message: (msg) => this.handle(msg),
        status: (status) => this.socketChanged(status),
        timedOut: (error) => this.update({ error }),
        gone: () => this.forgetTyping(),
      },
    );
  }

  /** Opens the socket; call once. */
  start(): void {
    this.socket.start();
  }

  /** Closes the socket for good and fails what is still pending. */
  stop(): void {
    this.socket.stop();
  }

  /** Sends a command; resolves with its seq once acknowledged, rejects on an error frame. */
  send(type: string, data: Record<string, unknown> = {}): Promise<number> {
    return this.socket.send(type, data);
  }

  /**
   * Tells the room this person started or stopped typing in `column`. Ephemeral: dropped
   * while not connected (a stale "typing" is worth nothing after a reconnect), never retried,
   * and a refusal is not shown, since nobody asked for it.
   */
  sendTyping(column: Column, active: boolean): void {
    const id = this.socket.sendEphemeral('typing', { column, active });
    if (id !== null) this.ownTyping.sending(id, column, active);
  }

  /** Reconnects at once instead of waiting out the backoff, e.g. when the browser is back online. */
  retryNow(): void {
    this.socket.retryNow();
  }

  /** Hides the current error message. */
  dismissError(): void {
    this.update({ error: null });
  }

  private handle(msg: ServerMessage): void {
    switch (msg.type) {
      case 'snapshot': {
        // Sent on connect, and again at any time the rules of what this viewer may see change
        // (anonymity or hidden totals): it replaces the board. Removals seen earlier still hold,
        // so a stale presence cannot bring a removed participant back.
        const fresh = fromSnapshot(msg.data, msg.seq);
        const removedIds = this.view.board?.removedIds ?? [];
        this.update({ board: removedIds.length > 0 ? { ...fresh, removedIds } : fresh });
        return;
      }
      case 'event': {
        const board = this.view.board;
        if (!board) return;
        const out = applyEvent(board, msg);
        if (out.kind === 'applied') {
          this.update({ board: out.board, presence: prunePresence(this.view.presence, out.board.removedIds) });
        }
        return;
      }
      case 'ack': {
        if (this.ownTyping.answered(msg.id, true)) return;
        // The committed idea or insight ends its sender's typing in that column.
        const column = writtenColumn(msg.command);
        if (column) this.ownTyping.set(column, false);
        return;
      }
      case 'error':
        if (this.ownTyping.answered(msg.id, false)) return;
        this.update({ error: msg.error });
        return;
      case 'presence': {
        const presence = msg.data;
        const board = this.view.board;
        this.update({
          presence: board ? prunePresence(presence, board.removedIds) : presence,
          board: board ? mergePresence(board, presence) : board,
        });
        this.refreshTyping();
        return;
      }
      case 'resumed':
        // The replayed events already brought the board up to date.
        return;
    }
  }

  private socketChanged(status: SocketStatus): void {
    const patch: Partial<BoardView> = { ...status };
    if (status.connection === 'closed' && this.view.connection !== 'closed') {
      // The kick event arrives just before the close; the reason is a fallback if it did not.
      patch.removed = this.view.board?.removed === true || /removed/i.test(status.closedReason ?? '');
    }
    this.update(patch);
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

  private update(patch: Partial<BoardView>): void {
    this.view = { ...this.view, ...patch };
    this.store.set(this.view);
  }
}

/** The column an idea.add or insight.add wrote to, else null. */
function writtenColumn(cmd: SentCommand | null): Column | null {
  if (!cmd || (cmd.type !== 'idea.add' && cmd.type !== 'insight.add')) return null;
  return isColumn(cmd.data.column) ? cmd.data.column : null;
}
