// Shapes of the stories, approval pack and karte parts of API v1 (docs/api.md, DESIGN.md §9.4).
// Field names follow the wire format.
import type { ColumnResults, SizeBand } from '../lib/types.ts';
import type { ActionStatus, OfferingKind } from '../maps/maps-types.ts';

/** An offering a story's customer adopted. */
export interface StoryOffering {
  id: number;
  name: string;
  kind?: OfferingKind;
}

/**
 * A customer story made from a success map: where the customer wanted to go (ideal), what stood in
 * the way (challenges), what they took (offerings) and what came of it. Anonymized stories carry no
 * account or people's names (`accountName` is empty).
 */
export interface Story {
  id: number;
  mapId: number | null;
  /** The customer's name; empty for an anonymized story. */
  customer: string;
  title: string;
  quote: string;
  outcome: string;
  anonymized: boolean;
  consent: boolean;
  industry: string;
  sizeBand: SizeBand;
  ideal: string[];
  challenges: string[];
  offerings: StoryOffering[];
  createdAt: string;
  updatedAt: string;
}

/** POST /api/maps/:id/story body. Consent must be true: a story is told only with the customer's yes. */
export interface StoryInput {
  title: string;
  quote: string;
  outcome: string;
  consent: true;
  anonymized: boolean;
}

/** PATCH /api/stories/:id body: each part given replaces it; `anonymized` and `consent` cannot change. */
export interface StoryPatch {
  title?: string;
  quote?: string;
  outcome?: string;
  industry?: string;
  sizeBand?: SizeBand;
  ideal?: string[];
  challenges?: string[];
  offeringIds?: number[];
}

/** GET /api/stories filters; empty means any. */
export interface StoryFilter {
  industry: string;
  size: SizeBand;
  offeringId: number | null;
}

/** The story shown to a live room (snapshot field and `story.shown` event): what every board draws. */
export interface ShownStory {
  id: number;
  title: string;
  quote: string;
  outcome: string;
  industry: string;
  sizeBand: SizeBand;
  /** The customer's name; empty for an anonymized story. */
  customer: string;
  ideal: string[];
  challenges: string[];
  offerings: StoryOffering[];
}

/** A story as an offering lists it among its case studies (GET /api/offerings). */
export interface StorySummary {
  id: number;
  title: string;
  /** Empty for an anonymized story. */
  customer: string;
  industry: string;
  sizeBand: SizeBand;
  outcome: string;
}

/** An ideal statement with the votes it got in the workshop. */
export interface PackStatement {
  text: string;
  votes: number;
}

/** A proposed (or linked) offering: its list price, and the price proposed to this account when there is one. */
export interface PackOffering {
  id: number;
  name: string;
  kind: OfferingKind;
  description: string;
  monthlyPrice: number;
  currency: string;
  /** The price for the account's size band (older servers leave it out: the list price). */
  price?: number;
  /** The size band `price` is for; '' when it is the list price. */
  priceBand?: string;
  /** The map's challenges it closes. */
  challenges: string[];
  opportunityId: number | null;
  status: 'proposed' | 'won' | null;
  /** What was proposed to the account per month, in the offering's currency; null when not proposed. */
  monthlyDelta: number | null;
}

/** A first step with its owner. */
export interface PackStep {
  text: string;
  owner: string;
  team: string;
  due: string;
  status: ActionStatus;
}

/** Why a story is in the pack: the account's segment (industry and size) or an offering of the pack. */
export type StoryMatch = 'segment' | 'offering';

/** GET /api/maps/:id/approval-pack: what the customer's champion needs for internal approval. */
export interface ApprovalPack {
  mapId: number;
  title: string;
  accountName: string;
  industry: string;
  sizeBand: SizeBand;
  ideal: PackStatement[];
  /** The source workshop's results by layer; null for a map without a workshop. */
  votes: { workshopId: number; columns: ColumnResults[] } | null;
  offerings: PackOffering[];
  stories: (Story & { matchedBy?: StoryMatch[] })[];
  firstSteps: PackStep[];
  generatedAt: string;
}

/** One item of a template's karte: a challenge, the vendor team that owns it and its standard action. */
export interface KarteItem {
  id?: number;
  text: string;
  team: string;
  action: string;
}

/** A karte link for a workshop: the customer opens `url` without an account. */
export interface KarteLink {
  id: number;
  workshopId: number;
  expiresAt: string;
  revoked: boolean;
  active: boolean;
  answeredAt: string | null;
  createdAt: string;
  /** Only in the answer that created the link. */
  token?: string;
  url?: string;
}

/** The public karte as its link shows it (GET /api/karte/:token). */
export interface PublicKarte {
  workshopTitle: string;
  accountName: string;
  items: { id: number; text: string }[];
  answeredAt: string | null;
  expiresAt: string;
}

/** One answer of the customer: whether the item applies to them, with an optional note. */
export interface KarteAnswer {
  itemId: number;
  applies: boolean;
  note?: string;
}

/** POST /api/karte/:token answer: how many challenges and actions the answers became. */
export interface KarteResult {
  answeredAt: string;
  ideas: number;
  actions: number;
}
