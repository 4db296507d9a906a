import { t } from '../i18n/i18n.ts';
import type { ConsensusLabel, Layer } from '../lib/types.ts';

/** How a layer is named in charts and legends, in the current language. */
export function layerLabel(layer: Layer): string {
  return t.board.layers[layer] ?? layer;
}

/** What a consensus label tells the room. */
export function consensusText(label: ConsensusLabel): string {
  return t.voting.consensusText[label] ?? label;
}
