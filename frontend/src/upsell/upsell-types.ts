// Shapes of the upsell endpoints (docs/api.md, "Upsell outcomes, reasons and praise"): opportunities
// and their outcomes, the upsell figures of a period, churn risk and the praise feed. Wire names.
import type { Money } from '../maps/maps-types.ts';

/** Where an opportunity stands: proposed, then won or lost. */
export const OPPORTUNITY_STATUSES = ['proposed', 'won', 'lost'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

/** Why a customer bought for the right reasons: they will stay. */
export const POSITIVE_REASONS = ['delight', 'empathy', 'expectation'] as const;
/** Why a customer bought for the wrong reasons: a churn risk. */
export const NEGATIVE_REASONS = ['pity', 'pleading', 'coercion'] as const;
/** Every reason a won opportunity may carry, the positive ones first. */
export const WIN_REASONS = [...POSITIVE_REASONS, ...NEGATIVE_REASONS] as const;
export type PositiveReason = (typeof POSITIVE_REASONS)[number];
export type NegativeReason = (typeof NEGATIVE_REASONS)[number];
export type WinReason = (typeof WIN_REASONS)[number];

/** How a closed opportunity's reason reads: a win for a positive or a negative reason, or a loss. */
export type ReasonKind = 'positive' | 'negative' | 'lost';

/** An offering proposed to an account, from a map's challenge or by hand. */
export interface Opportunity {
  id: number;
  accountId: number;
  accountName: string;
  mapId: number | null;
  /** The `id` of the map's challenge it answers, or null. */
  challengeId: number | null;
  /** The challenge as it read when proposed ("" for none). */
  challengeText: string;
  offeringId: number;
  offeringName: string;
  status: OpportunityStatus;
  /** Monthly revenue the deal adds, in minor units of `currency` (the offering's). */
  monthlyDelta: number;
  currency: string;
  /** A won opportunity's WinReason; a lost one's short reason text; "" while proposed. */
  reason: string;
  reasonKind: ReasonKind | null;
  note: string;
  /** The CSM; ownerName is "" once they left the organization. */
  ownerId: number | null;
  ownerName: string;
  /** Proposed to an account that was not satisfied, with the reason the CSM gave. */
  override: boolean;
  overrideReason: string;
  proposedAt: string;
  /** When it was won or lost; null while proposed. */
  closedAt: string | null;
  churnClearedAt: string | null;
  churnClearedBy: number | null;
  churnClearedNote: string;
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/opportunities body: from a map's challenge (mapId, challengeId) or by hand (accountId). */
export interface OpportunityInput {
  accountId?: number;
  mapId?: number;
  challengeId?: number;
  offeringId: number;
  note?: string;
  override?: boolean;
  overrideReason?: string;
}

/** PATCH /api/opportunities/:id body. */
export interface OpportunityPatch {
  status?: OpportunityStatus;
  monthlyDelta?: number;
  reason?: string;
  note?: string;
}

/** Which opportunities to list (GET /api/opportunities, and its CSV). */
export interface OpportunityFilter {
  accountId?: number;
  status?: OpportunityStatus;
  ownerId?: number;
  offeringId?: number;
  from?: string;
  to?: string;
}

/** How the opportunities of a group (everyone, a CSM, an offering) did in the period. */
export interface Stats {
  /** Proposed in the period, whatever their status now. */
  proposed: number;
  /** Closed in the period as won / lost. */
  won: number;
  lost: number;
  /** won / (won + lost); null when nothing closed. */
  winRate: number | null;
  /** The wins' monthly delta per currency. */
  expansionMrr: Money[];
  positiveWins: number;
  negativeWins: number;
  /** positiveWins / won; null without wins. */
  positiveShare: number | null;
}

/** One CSM's figures (userId null: nobody's). */
export interface CsmStats extends Stats {
  userId: number | null;
  name: string;
}

/** One offering's figures. */
export interface OfferingStats extends Stats {
  offeringId: number;
  name: string;
}

/** Wins for one reason. */
export interface ReasonStats {
  reason: WinReason;
  kind: 'positive' | 'negative';
  won: number;
  expansionMrr: Money[];
}

/** GET /api/insights/upsell?from=&to=. */
export interface UpsellInsights {
  /** The period as applied; `to` is exclusive. */
  from: string | null;
  to: string | null;
  totals: Stats;
  byCsm: CsmStats[];
  byOffering: OfferingStats[];
  byReason: ReasonStats[];
}

/** What the praise feed holds: a positive-reason win, a completed map action, a teammate's kudos. */
export const PRAISE_KINDS = ['win', 'action', 'kudos'] as const;
export type PraiseKind = (typeof PRAISE_KINDS)[number];

/** One entry of the organization's praise feed; names are "" once the member, account or map is gone. */
export interface Praise {
  id: number;
  kind: PraiseKind;
  /** kudos: the message; action: the completed action's text; win: "". */
  text: string;
  /** kudos: who wrote it; win: who recorded it; action: who marked it done. */
  fromUserId: number | null;
  fromName: string;
  /** kudos: who it is for; win: the opportunity's CSM. */
  toUserId: number | null;
  toName: string;
  accountId: number | null;
  accountName: string;
  opportunityId: number | null;
  offeringName: string;
  reason: string;
  mapId: number | null;
  mapTitle: string;
  createdAt: string;
}

/** GET /api/praise: a page, newest first; pass nextBefore as `before` for older ones. */
export interface PraisePage {
  praise: Praise[];
  nextBefore: number | null;
}

/** The churn-risk fields of an account (GET /api/accounts/:id also carries the opportunity). */
export interface AccountChurn {
  churnRisk: boolean;
  churnRiskOpportunityId: number | null;
  churnRiskOpportunity?: Opportunity | null;
}

/** How the maps cloned from a template fared in upsell (the library and GET /api/templates/:id). */
export interface TemplateUpsellStats {
  opportunities?: number;
  won?: number;
  wonPositive?: number;
  expansionMrr?: Money[];
}
