// The story a live room is shown, read defensively from a snapshot or a `story.shown` event: a
// field the server left out gets a harmless default, and anything that is not a story is none.
import { SIZE_BANDS, type SizeBand } from '../lib/types.ts';
import type { ShownStory, StoryOffering } from './stories-types.ts';

/** The story in `raw`, or null when it is absent or not a story. */
export function shownStoryOf(raw: unknown): ShownStory | null {
  const s = record(raw);
  if (!s || typeof s.id !== 'number' || typeof s.title !== 'string') return null;
  return {
    id: s.id,
    title: s.title,
    quote: text(s.quote),
    outcome: text(s.outcome),
    industry: text(s.industry),
    sizeBand: (SIZE_BANDS as readonly unknown[]).includes(s.sizeBand) ? (s.sizeBand as SizeBand) : '',
    customer: s.anonymized === true ? '' : text(s.customer),
    ideal: strings(s.ideal),
    challenges: strings(s.challenges),
    offerings: Array.isArray(s.offerings) ? s.offerings.map(offeringOf).filter((o): o is StoryOffering => o !== null) : [],
  };
}

function offeringOf(raw: unknown): StoryOffering | null {
  const o = record(raw);
  if (!o || typeof o.id !== 'number' || typeof o.name !== 'string') return null;
  return typeof o.kind === 'string' ? { id: o.id, name: o.name, kind: o.kind as StoryOffering['kind'] } : { id: o.id, name: o.name };
}

/** A list of texts: plain strings, or objects with a `text` (ideal statements as maps carry them). */
function strings(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((x) => (typeof x === 'string' ? x : text(record(x)?.text)))
    .filter((x) => x.trim() !== '');
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function record(v: unknown): Record<string, unknown> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
}
