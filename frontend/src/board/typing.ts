// Who is typing: the room's view without this viewer, how the board words it, and the
// signal a composer sends while its person types. The room learns of typing through the
// ephemeral `typing` command and tells everyone in its coalesced presence message. Board
// feature code (the board words it, its composers send it), so it lives here, not in lib/.
import { t } from '../i18n/i18n.ts';
import { COLUMNS, type Column, type ColumnTyping, type TypingByColumn } from '../lib/types.ts';

/** Refresh while the person keeps typing, well within the server's expiry. */
export const TYPING_REFRESH_MS = 3_000;
/** Without input for this long the composer says its person stopped, before the server's expiry. */
export const TYPING_IDLE_MS = 4_000;
/** The server forgets a typist this long after their last refresh; the client mirrors it for itself. */
export const TYPING_TTL_MS = 5_000;
/** Names listed before the indicator switches to a count, so it stays short on a phone. */
const MAX_LISTED_NAMES = 3;

/** True for the name of an idea column. */
export function isColumn(c: unknown): c is Column {
  return typeof c === 'string' && (COLUMNS as readonly string[]).includes(c);
}

/**
 * The room's typing view without this viewer: `self` holds the columns the room counts this
 * viewer as typing in (its last acknowledged `typing` there was active). The viewer's own
 * name is dropped once from those columns' names; a namesake elsewhere stays.
 */
export function othersTyping(
  typing: TypingByColumn | undefined | null,
  self: ReadonlySet<Column>,
  selfName: string | null,
): TypingByColumn {
  const out: TypingByColumn = {};
  for (const [column, entry] of Object.entries(typing ?? {})) {
    if (!isColumn(column) || !entry || typeof entry.count !== 'number') continue;
    let count = entry.count;
    let names = Array.isArray(entry.names) ? entry.names.filter((n) => typeof n === 'string') : undefined;
    if (self.has(column)) {
      count--;
      const mine = names && selfName !== null ? names.indexOf(selfName) : -1;
      if (names && mine >= 0) names = names.filter((_, i) => i !== mine);
    }
    if (count > 0) out[column] = names ? { count, names } : { count };
  }
  return out;
}

/** "Aiko and Ben are typing…" when every typist is named (and few), else "3 people are typing…"; "" for nobody. */
export function typingText(entry: ColumnTyping | undefined): string {
  if (!entry || entry.count <= 0) return '';
  const names = entry.names ?? [];
  if (names.length === entry.count && names.length <= MAX_LISTED_NAMES) return t.board.typingNames(...names);
  return t.board.typingCount(entry.count);
}

/**
 * Tells the room when a composer's person types: active on the first input, again on input
 * once TYPING_REFRESH_MS have passed, inactive when the text is emptied, after TYPING_IDLE_MS
 * without input, and when the composer calls stop() (blur, submit, unmount). Input-method
 * composition counts as input; nothing here ever submits.
 */
export class TypingSignal {
  private active = false;
  private refreshDue = false;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly send: (active: boolean) => void;

  constructor(send: (active: boolean) => void) {
    this.send = send;
  }

  /** The text is now `text` (typed, pasted, or being composed). */
  input(text: string): void {
    if (text.trim() === '') {
      this.stop();
      return;
    }
    if (!this.active || this.refreshDue) {
      this.active = true;
      this.refreshDue = false;
      this.send(true);
      this.clear('refresh');
      this.refreshTimer = setTimeout(() => {
        this.refreshDue = true;
      }, TYPING_REFRESH_MS);
    }
    this.clear('idle');
    this.idleTimer = setTimeout(() => this.stop(), TYPING_IDLE_MS);
  }

  /** The person stopped typing here; tells the room if it had been told otherwise. */
  stop(): void {
    this.clear('refresh');
    this.clear('idle');
    this.refreshDue = false;
    if (!this.active) return;
    this.active = false;
    this.send(false);
  }

  private clear(which: 'refresh' | 'idle'): void {
    const timer = which === 'refresh' ? this.refreshTimer : this.idleTimer;
    if (timer) clearTimeout(timer);
    if (which === 'refresh') this.refreshTimer = null;
    else this.idleTimer = null;
  }
}

/**
 * What this connection told the room about its own typing: the typing commands not yet
 * answered, and the columns the room counts it as typing in (each forgotten after the
 * server's expiry). The board store owns one per connection and asks it which columns are its own.
 */
export class OwnTyping {
  private sent = new Map<string, { column: Column; active: boolean }>();
  private self = new Map<Column, ReturnType<typeof setTimeout>>();

  /** changed runs whenever the set of own columns changes. */
  constructor(private readonly changed: () => void) {}

  /** Remembers a typing command sent with command id `id`. */
  sending(id: string, column: Column, active: boolean): void {
    this.sent.set(id, { column, active });
  }

  /** Handles the answer to a typing command; false if `id` is not one. */
  answered(id: unknown, acked: boolean): boolean {
    if (typeof id !== 'string') return false;
    const sent = this.sent.get(id);
    if (!sent) return false;
    this.sent.delete(id);
    if (acked) this.set(sent.column, sent.active);
    return true;
  }

  /**
   * Records whether the room now counts this viewer as typing in `column`. Acks and presence
   * arrive in the order the room handled them, so the next presence agrees with this.
   */
  set(column: Column, active: boolean): void {
    const timer = this.self.get(column);
    if (timer) clearTimeout(timer);
    this.self.delete(column);
    if (active) {
      this.self.set(
        column,
        setTimeout(() => {
          this.self.delete(column);
          this.changed();
        }, TYPING_TTL_MS),
      );
    }
    this.changed();
  }

  /** The socket is gone: the room forgot this connection's typing. */
  forget(): void {
    for (const timer of this.self.values()) clearTimeout(timer);
    this.self.clear();
    this.sent.clear();
  }

  /** The columns the room counts this viewer as typing in. */
  columns(): Set<Column> {
    return new Set(this.self.keys());
  }
}
