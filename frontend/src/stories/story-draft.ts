// Pure story logic, unit-tested: checking a story before it is sent, previewing what anonymizing
// strips, and ranking stories so that "customers like you" (same industry and size) come first.
import type { SizeBand } from '../lib/types.ts';
import type { SuccessMap } from '../maps/maps-types.ts';
import type { Story } from './stories-types.ts';

/** Longest title, quote and outcome the form lets through (the server checks again). */
export const STORY_LIMITS = { title: 200, quote: 1000, outcome: 2000 } as const;

/** What a person types into the story form. */
export interface StoryDraft {
  title: string;
  quote: string;
  outcome: string;
  consent: boolean;
  anonymized: boolean;
}

/** A field of the story form that can be wrong. */
export type StoryField = 'title' | 'quote' | 'outcome' | 'consent';

/** Why a field is wrong: missing or too long. */
export type StoryProblem = 'required' | 'too_long';

/** A fresh draft for a map: its title as a start, nothing claimed, no consent assumed. */
export function newStoryDraft(map: Pick<SuccessMap, 'title'>): StoryDraft {
  return { title: map.title, quote: '', outcome: '', consent: false, anonymized: false };
}

/** The problems of a draft, by field; empty when it may be sent. Consent is never implied. */
export function storyProblems(d: StoryDraft, needConsent = true): Partial<Record<StoryField, StoryProblem>> {
  const out: Partial<Record<StoryField, StoryProblem>> = {};
  for (const field of ['title', 'quote', 'outcome'] as const) {
    const v = d[field].trim();
    // The customer's quote is welcome but not required.
    if (v === '' && field !== 'quote') out[field] = 'required';
    else if ([...v].length > STORY_LIMITS[field]) out[field] = 'too_long';
  }
  if (needConsent && !d.consent) out.consent = 'required';
  return out;
}

/** What an anonymized story says where its source named the customer or a person (as the server writes it). */
export const ANONYMOUS = { account: '[customer]', person: '[name]' } as const;

/** One name anonymizing takes out, and what kind of name it is. */
export interface StrippedName {
  name: string;
  kind: 'account' | 'person';
}

/** A text of the story before and after anonymizing, when the two differ. */
export interface StrippedText {
  before: string;
  after: string;
}

/** What anonymizing a story does, shown before the person decides. */
export interface AnonymizePreview {
  names: StrippedName[];
  texts: StrippedText[];
}

/**
 * The names an anonymized story leaves out that the map itself shows: the account's, and the owners
 * of its steps (the server also takes out the workshop's participants and our members). Names of
 * one character are skipped, and each name is listed once whatever its case.
 */
export function namesToStrip(accountName: string, owners: string[]): StrippedName[] {
  const out: StrippedName[] = [];
  const seen = new Set<string>();
  const add = (raw: string, kind: StrippedName['kind']): void => {
    const name = raw.trim();
    const key = name.toLocaleLowerCase();
    if ([...name].length < 2 || seen.has(key)) return;
    seen.add(key);
    out.push({ name, kind });
  };
  add(accountName, 'account');
  for (const o of owners) add(o, 'person');
  return out;
}

/** Punctuation trimmed off a name's parts, as the server does. */
const EDGE_PUNCTUATION = /^[.,;:()[\]「」『』、。]+|[.,;:()[\]「」『』、。]+$/gu;

/**
 * `text` with every stripped name replaced, like the server's anonymizer: each whole name and each
 * part of two or more characters ("Taro Yamada" also takes "Yamada-san"), regardless of case; parts
 * of ASCII letters and digits only match as whole words, so "Ann" leaves "annual" alone.
 */
export function stripNames(text: string, names: StrippedName[]): string {
  const tokens = new Map<string, StrippedName['kind']>();
  for (const n of names) {
    const whole = n.name.trim();
    for (const [i, part] of [whole, ...whole.split(/\s+/)].entries()) {
      // Parts lose the punctuation around them; the whole name keeps its own, as on the server.
      const p = i === 0 ? whole : part.replace(EDGE_PUNCTUATION, '');
      if ([...p].length < 2) continue;
      const key = p.toLocaleLowerCase();
      if (tokens.get(key) !== 'account') tokens.set(key, n.kind);
    }
  }
  if (tokens.size === 0) return text;
  // Longest first, so a whole name wins over its parts.
  const list = [...tokens.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  const alts = list.map((tok) => (/^[A-Za-z0-9]+$/.test(tok) ? `\\b${escapeRegExp(tok)}\\b` : escapeRegExp(tok)));
  const re = new RegExp(alts.join('|'), 'giu');
  return text.replace(re, (m) => ANONYMOUS[tokens.get(m.toLocaleLowerCase()) ?? 'person']);
}

/** The preview of anonymizing a map's story: the names taken out, and each text that changes. */
export function anonymizePreview(
  map: Pick<SuccessMap, 'accountName' | 'statements' | 'challenges' | 'actions'>,
  draft: Pick<StoryDraft, 'title' | 'quote' | 'outcome'>,
): AnonymizePreview {
  const names = namesToStrip(map.accountName, map.actions.map((a) => a.owner));
  const texts: StrippedText[] = [];
  const candidates = [
    draft.title,
    draft.quote,
    draft.outcome,
    ...map.statements.map((s) => s.text),
    ...map.challenges.map((c) => c.text),
  ];
  for (const before of candidates) {
    if (!before.trim()) continue;
    const after = stripNames(before, names);
    if (after !== before) texts.push({ before, after });
  }
  return { names, texts };
}

/** Who a workshop or map is for: the facts "customers like you" are matched on. */
export interface Segment {
  industry: string;
  size: SizeBand;
}

/** How a story's customer resembles the account: same industry and size, one of the two, or neither. */
export type Likeness = 'both' | 'industry' | 'size' | 'none';

/** How closely a story's customer resembles the account. */
export function likeness(story: Pick<Story, 'industry' | 'sizeBand'>, account: Segment): Likeness {
  const industry = account.industry.trim() !== '' && sameWords(story.industry, account.industry);
  const size = account.size !== '' && story.sizeBand === account.size;
  if (industry && size) return 'both';
  if (industry) return 'industry';
  return size ? 'size' : 'none';
}

const WEIGHT: Record<Likeness, number> = { both: 3, industry: 2, size: 1, none: 0 };

/**
 * Stories ordered for an account: same industry and size first, then same industry, then same
 * size, then the rest; newest first within each. The list is not cut: the facilitator may show any.
 */
export function rankStories<T extends Pick<Story, 'id' | 'industry' | 'sizeBand' | 'createdAt'>>(stories: T[], account: Segment): T[] {
  const weight = (s: T): number => WEIGHT[likeness(s, account)];
  return [...stories].sort((a, b) => weight(b) - weight(a) || b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
}

function sameWords(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
