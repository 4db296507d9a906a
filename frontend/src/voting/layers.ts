import type { ConsensusLabel, Layer } from '../lib/types.ts';

/** How each layer is named in charts and legends. */
export const LAYER_LABELS: Record<Layer, string> = {
  executive: 'Executive',
  manager: 'Manager',
  frontline: 'Frontline',
  other: 'Other',
};

/** What each consensus label tells the room. */
export const CONSENSUS_TEXT: Record<ConsensusLabel, string> = {
  agreed: 'Agreed across layers',
  mixed: 'Mixed support',
  split: 'Split: some layer does not back it',
  no_votes: 'No votes',
};
