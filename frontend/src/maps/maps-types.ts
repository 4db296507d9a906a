// Shapes of the catalog, success map, share link and template parts of API v1 (docs/api.md).
// Field names follow the wire format.
import type { SizeBand } from '../lib/types.ts';
import type { KarteItem, StorySummary } from '../stories/stories-types.ts';

/** What an offering is: a higher plan, an add-on, more seats, or a service. */
export const OFFERING_KINDS = ['plan', 'addon', 'seats', 'service'] as const;
export type OfferingKind = (typeof OFFERING_KINDS)[number];

/** A customer story that backs an offering up. */
export interface CaseStudy {
  id: number;
  customer: string;
  summary: string;
  outcome: string;
}

/** A catalog item; `monthlyPrice` is in the currency's minor unit (yen, cents). */
export interface Offering {
  id: number;
  name: string;
  kind: OfferingKind;
  monthlyPrice: number;
  currency: string;
  tier: string;
  description: string;
  archived: boolean;
  /** Monthly prices for accounts of a size band, in minor units of `currency` (older servers leave it out). */
  bandPrices?: Partial<Record<string, number>>;
  caseStudies: CaseStudy[];
  /** The organization's customer stories that adopted it: case studies too (older servers leave it out). */
  stories?: StorySummary[];
  createdAt: string;
  updatedAt: string;
}

/** Input for creating an offering, or any part of it for a PATCH. */
export interface OfferingInput {
  name: string;
  kind: OfferingKind;
  monthlyPrice: number;
  currency: string;
  tier: string;
  description: string;
  /** Prices by size band; {} clears them all. */
  bandPrices?: Partial<Record<string, number>>;
}

/** Input for a new case study. */
export type CaseStudyInput = Omit<CaseStudy, 'id'>;

/** Johari quadrants, seen from the customer's side. */
export const JOHARI_QUADRANTS = ['open', 'hidden', 'blind', 'unknown'] as const;
export type Johari = (typeof JOHARI_QUADRANTS)[number];

/** Where a first step stands. */
export const ACTION_STATUSES = ['todo', 'doing', 'done'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An ideal statement, with the votes it got in the workshop. */
export interface MapStatement {
  text: string;
  votes: number;
}

/** A challenge, its quadrant and the offerings that close it. */
export interface MapChallenge {
  /** The saved challenge's id (a proposal names it); a map edit may renumber them. */
  id?: number;
  text: string;
  johari: Johari;
  offeringIds: number[];
}

/** A first step. `due` is `YYYY-MM-DD` or empty. */
export interface MapAction {
  text: string;
  owner: string;
  team: string;
  due: string;
  status: ActionStatus;
  /** When it became done; null unless done (older servers leave it out). */
  completedAt?: string | null;
}

/** A completed step as the customer's view lists it, newest first, to celebrate. */
export interface CompletedStep {
  text: string;
  completedAt: string;
}

/** An amount in a currency's minor unit. */
export interface Money {
  amount: number;
  currency: string;
}

/** How many actions are done. `share` is 0..1. */
export interface MapProgress {
  done: number;
  total: number;
  share: number;
}

/** A success map as GET /api/maps/:id returns it. */
export interface SuccessMap {
  id: number;
  accountId: number;
  accountName: string;
  title: string;
  sourceWorkshopId: number | null;
  templateId: number | null;
  templateVersion: number | null;
  statements: MapStatement[];
  challenges: MapChallenge[];
  actions: MapAction[];
  /** Every linked offering once, with its case studies (archived ones included). */
  offerings: Offering[];
  /** Sum of the linked offerings' monthly prices, per currency. */
  expansion: Money[];
  progress: MapProgress;
  /** The account's condition (`satisfied|neutral|unsatisfied`); older servers leave it out. */
  accountCondition?: string;
  /** The account is not satisfied: its offerings show as "succeed first", not as proposals. */
  succeedFirst?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A challenge as the customer sees it: no Johari quadrant (that label is about us, not their plan). */
export interface CustomerChallenge {
  text: string;
  offeringIds: number[];
}

/** An offering as a benefit: what it is and whom it helped; no price, currency or tier. */
export interface CustomerOffering {
  id: number;
  name: string;
  kind: OfferingKind;
  description: string;
  caseStudies: CaseStudy[];
}

/**
 * A success map as the customer sees it: GET /api/shared/:token and GET /api/maps/:id?view=customer.
 * No prices, expansion potential or Johari labels, and nothing about templates or workshops.
 */
export interface CustomerMap {
  view: 'customer';
  id: number;
  accountName: string;
  title: string;
  statements: MapStatement[];
  challenges: CustomerChallenge[];
  actions: MapAction[];
  offerings: CustomerOffering[];
  progress: MapProgress;
  /** The completed steps, newest first (empty from older servers). */
  completed: CompletedStep[];
  updatedAt: string;
}

/** Which view of a map a print shows: the customer's, or the team's full one. */
export type MapView = 'customer' | 'team';

/** A map in a list (GET /api/maps). */
export interface MapSummary {
  id: number;
  accountId: number;
  accountName: string;
  title: string;
  templateId: number | null;
  templateVersion: number | null;
  progress: MapProgress;
  /** The account is not satisfied yet (older servers leave it out). */
  succeedFirst?: boolean;
  createdAt: string;
  updatedAt: string;
}

/** PATCH /api/maps/:id body: each list given replaces that part, in order. */
export interface MapPatch {
  title?: string;
  statements?: { text: string; votes?: number }[];
  challenges?: { text: string; johari?: Johari; offeringIds?: number[] }[];
  actions?: { text: string; owner?: string; team?: string; due?: string; status?: ActionStatus }[];
}

/** A read-only link to a map. `token` and `url` only come with the answer that created it. */
export interface MapShare {
  id: number;
  mapId: number;
  expiresAt: string;
  revoked: boolean;
  active: boolean;
  createdAt: string;
  token?: string;
  url?: string;
}

/** A template's content: a map without anything specific to one account. */
export interface TemplateBody {
  title: string;
  statements: string[];
  challenges: { text: string; johari: Johari; offeringIds: number[] }[];
  actions: { text: string; team: string }[];
}

/** One version of a template. */
export interface TemplateVersion {
  id: number;
  version: number;
  createdAt: string;
}

/** A template version; in the library with how the maps cloned from it fare. */
export interface Template {
  id: number;
  lineageId: number;
  version: number;
  name: string;
  description: string;
  industry: string;
  size: SizeBand;
  tags: string[];
  /** Clones, over all versions. */
  usageCount: number;
  /** Maps made from it. */
  maps: number;
  /** Average share of done actions of those maps, 0..1. */
  averageProgress: number;
  /** Of the opportunities proposed on those maps (older servers leave these out): how many, won, won for a positive reason. */
  opportunities?: number;
  won?: number;
  wonPositive?: number;
  /** The wins' monthly delta per currency. */
  expansionMrr?: Money[];
  createdAt: string;
  body?: TemplateBody;
  versions?: TemplateVersion[];
  /** The checklist customers answer before a workshop (`[]` when none; older servers leave it out). */
  karte?: KarteItem[];
}

/** POST /api/maps/:id/template body. */
export interface TemplateInput {
  name: string;
  description: string;
  industry: string;
  size: SizeBand;
  tags: string[];
}

/** Library filters (GET /api/templates). */
export interface TemplateFilter {
  q: string;
  industry: string;
  size: SizeBand;
  tag: string;
}
