// The participant's credentials for one workshop, kept in localStorage as the API contract says.
// The same browser resumes its participant with them (a reload, the back button, the join link
// opened again) instead of joining twice, and remembers when the facilitator removed it.
import { LAYERS, type Layer } from './types.ts';

/** What the browser remembers after joining a workshop. */
export interface ParticipantCredentials {
  token: string;
  participantId: number;
  name: string;
  layer: Layer;
  /**
   * How the token stands: `active` resumes the board; `removed` means the facilitator removed this
   * browser's participant (final); `ended` means the server stopped taking the token for another
   * reason. A token that is not active is kept only to be sent as `previousToken` when joining.
   */
  status: CredentialStatus;
}

export type CredentialStatus = 'active' | 'removed' | 'ended';

/** The storage this module uses (localStorage in the browser, a fake in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storageKey(workshopId: number): string {
  return `kizuki.participant.${workshopId}`;
}

function browserStore(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage disabled (private mode, blocked cookies): nothing is remembered.
    return null;
  }
}

/** Stores the credentials returned by POST /api/join (an active token). */
export function saveParticipant(
  workshopId: number,
  creds: Omit<ParticipantCredentials, 'status'> & { status?: CredentialStatus },
  store: KeyValueStore | null = browserStore(),
): void {
  try {
    store?.setItem(storageKey(workshopId), JSON.stringify({ ...creds, status: creds.status ?? 'active' }));
  } catch {
    // Full or blocked storage: the board still works until the page is left.
  }
}

/** Reads stored credentials, or null if missing or unreadable. */
export function loadParticipant(workshopId: number, store: KeyValueStore | null = browserStore()): ParticipantCredentials | null {
  let raw: string | null = null;
  try {
    raw = store?.getItem(storageKey(workshopId)) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<ParticipantCredentials>;
    if (typeof v.token !== 'string' || !v.token || typeof v.participantId !== 'number') return null;
    return {
      token: v.token,
      participantId: v.participantId,
      name: typeof v.name === 'string' ? v.name : '',
      layer: LAYERS.includes(v.layer as Layer) ? (v.layer as Layer) : 'other',
      status: v.status === 'removed' || v.status === 'ended' ? v.status : 'active',
    };
  } catch {
    return null;
  }
}

/**
 * Marks the kept token of a workshop: `removed` once the facilitator removed this browser's
 * participant (close 4001 after participant.kicked, or POST /api/join answering `removed`),
 * `ended` when the server closed it for good for another reason. With no token kept, a removal
 * is still remembered, so the join page can say so.
 */
export function markParticipant(workshopId: number, status: 'removed' | 'ended', store: KeyValueStore | null = browserStore()): void {
  const creds = loadParticipant(workshopId, store);
  if (creds) {
    // A removal is final: a later `ended` does not soften it.
    if (creds.status !== 'removed') saveParticipant(workshopId, { ...creds, status }, store);
    return;
  }
  if (status === 'removed') {
    saveParticipant(workshopId, { token: '-', participantId: 0, name: '', layer: 'other', status }, store);
  }
}

/** The token to send as `previousToken` when this browser joins the workshop again, if any. */
export function previousToken(creds: ParticipantCredentials | null): string | undefined {
  return creds && creds.token !== '-' ? creds.token : undefined;
}

/** Forgets the credentials. */
export function forgetParticipant(workshopId: number, store: KeyValueStore | null = browserStore()): void {
  try {
    store?.removeItem(storageKey(workshopId));
  } catch {
    // Nothing to forget.
  }
}
