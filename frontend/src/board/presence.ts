// Who is here, counted the way the board shows it.
import { LAYERS, type Layer, type ParticipantSummary, type Presence } from '../lib/types.ts';

/** Participants online per layer (every layer present, zero when nobody). */
export function onlineByLayer(presence: Presence | null): Record<Layer, number> {
  const out: Record<Layer, number> = { executive: 0, manager: 0, frontline: 0, other: 0 };
  for (const p of presence?.online ?? []) if ((LAYERS as readonly string[]).includes(p.layer)) out[p.layer]++;
  return out;
}

/** The participants online other than `selfId`, by name. */
export function othersOnline(presence: Presence | null, selfId: number | null): ParticipantSummary[] {
  return (presence?.online ?? []).filter((p) => p.id !== selfId).sort((a, b) => a.name.localeCompare(b.name));
}
