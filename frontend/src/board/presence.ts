// Who is here, counted the way the board shows it.
import { LAYERS, type Layer, type ParticipantSummary, type Presence } from '../lib/types.ts';

/**
 * Participants online per layer (every layer present, zero when nobody). The server's counts are
 * exact; the list of names may be cut short in a big room, so it is only the fallback.
 */
export function onlineByLayer(presence: Presence | null): Record<Layer, number> {
  const out: Record<Layer, number> = { executive: 0, manager: 0, frontline: 0, other: 0 };
  if (presence?.byLayer) {
    for (const layer of LAYERS) out[layer] = presence.byLayer[layer] ?? 0;
    return out;
  }
  for (const p of presence?.online ?? []) if ((LAYERS as readonly string[]).includes(p.layer)) out[p.layer]++;
  return out;
}

/** How many others are online beyond the names the presence message lists. */
export function othersNotListed(presence: Presence | null, selfId: number | null): number {
  if (!presence) return 0;
  const selfListed = presence.online.some((p) => p.id === selfId);
  const othersTotal = presence.count - (selfId !== null ? 1 : 0);
  return Math.max(0, othersTotal - (presence.online.length - (selfListed ? 1 : 0)));
}

/** The participants online other than `selfId`, by name. */
export function othersOnline(presence: Presence | null, selfId: number | null): ParticipantSummary[] {
  return (presence?.online ?? []).filter((p) => p.id !== selfId).sort((a, b) => a.name.localeCompare(b.name));
}
