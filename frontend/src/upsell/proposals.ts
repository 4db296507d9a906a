// A map's challenge → offering links as proposals: each saved link, and the opportunity already
// proposed for it (the newest), so the editor offers "Propose" only where nothing is open. Pure, unit-tested.
import type { MapChallenge } from '../maps/maps-types.ts';
import type { Opportunity } from './upsell-types.ts';

/** One challenge → offering link of a saved map. */
export interface ProposalLink {
  key: string;
  challengeId: number | null;
  challengeText: string;
  offeringId: number;
  /** The newest opportunity for this link; a lost one may be proposed again. */
  existing: Opportunity | null;
}

/**
 * Every link of the saved challenges, in the map's order. An opportunity belongs to a link by the
 * challenge's id, or by its text (a map edit renumbers challenges), and the same offering.
 */
export function proposalLinks(mapId: number, challenges: readonly MapChallenge[], opportunities: readonly Opportunity[]): ProposalLink[] {
  const onMap = opportunities.filter((o) => o.mapId === mapId);
  const out: ProposalLink[] = [];
  challenges.forEach((c, i) => {
    const text = c.text.trim();
    for (const offeringId of new Set(c.offeringIds)) {
      const existing =
        onMap
          .filter((o) => o.offeringId === offeringId && ((c.id !== undefined && o.challengeId === c.id) || (text !== '' && o.challengeText.trim() === text)))
          .sort((a, b) => b.proposedAt.localeCompare(a.proposedAt) || b.id - a.id)[0] ?? null;
      out.push({ key: `${c.id ?? 'i' + i}:${offeringId}`, challengeId: c.id ?? null, challengeText: text, offeringId, existing });
    }
  });
  return out;
}

/** True when a link may be proposed: nothing yet, or the last proposal was lost. */
export function mayPropose(link: ProposalLink): boolean {
  return link.challengeId !== null && (link.existing === null || link.existing.status === 'lost');
}
