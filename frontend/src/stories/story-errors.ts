// Which story field a server refusal is about: a 400 names it at the start of its message
// ("quote is required", "consent must be true"), or the refusal's field list names it.
import { ApiError } from '../lib/api.ts';
import type { StoryField } from './story-draft.ts';

const FIELDS: readonly StoryField[] = ['title', 'quote', 'outcome', 'consent'];

/** The story field a refusal concerns, or null. */
export function storyFieldOf(err: unknown): StoryField | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const named = err.fields.map((f) => f.field).find((f): f is StoryField => (FIELDS as readonly string[]).includes(f));
  if (named) return named;
  const first = /^[A-Za-z]+/.exec(err.message.trim())?.[0] ?? '';
  return (FIELDS as readonly string[]).includes(first) ? (first as StoryField) : null;
}
