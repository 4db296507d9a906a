// The participant's credentials for one workshop, kept in localStorage as the API contract says.
import { LAYERS, type Layer } from './types.ts';

/** What the browser remembers after joining a workshop. */
export interface ParticipantCredentials {
  token: string;
  participantId: number;
  name: string;
  layer: Layer;
}

function storageKey(workshopId: number): string {
  return `kizuki.participant.${workshopId}`;
}

/** Stores the credentials returned by POST /api/join. */
export function saveParticipant(workshopId: number, creds: ParticipantCredentials): void {
  localStorage.setItem(storageKey(workshopId), JSON.stringify(creds));
}

/** Reads stored credentials, or null if missing or unreadable. */
export function loadParticipant(workshopId: number): ParticipantCredentials | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(storageKey(workshopId));
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
    };
  } catch {
    return null;
  }
}

/** Forgets the credentials, e.g. after the server said the token is dead. */
export function forgetParticipant(workshopId: number): void {
  localStorage.removeItem(storageKey(workshopId));
}
