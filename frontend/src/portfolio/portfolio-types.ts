// Shapes of the portfolio endpoints (docs/api.md, "Portfolio and targeting"): the organization's
// settings, the utilization matrix and its plays, the contact log and the account import. Wire names.
import type { SizeBand } from '../lib/types.ts';

/** Usage levels of either axis, from not used (0) to fully used (3). */
export const LEVELS = [0, 1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

/** How the customer feels about us, as last checked. */
export const CONDITIONS = ['satisfied', 'neutral', 'unsatisfied'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** How a CSM was in touch with an account. */
export const CONTACT_KINDS = ['call', 'meeting', 'email', 'workshop'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** The names of the two usage axes. */
export interface Axes {
  x: { name: string };
  y: { name: string };
}

/** A lifecycle stage: the stable key accounts carry and the label people read (renamable). */
export interface Stage {
  key: string;
  label: string;
}

/** GET|PUT /api/organization/settings. */
export interface Settings {
  axes: Axes;
  stages: Stage[];
  /** Contacts the team aims for each calendar month. */
  contactGoal: number;
  /** Null while the organization still has the defaults. */
  updatedAt?: string | null;
}

/** What PUT /api/organization/settings takes; a stage without a key is a new one. */
export interface SettingsInput {
  axes?: Axes;
  stages?: { key?: string; label: string }[];
  contactGoal?: number;
}

/** Money in one currency (minor units). */
export interface MoneySum {
  amount: number;
  currency: string;
}

/** An account as the matrix shows it. */
export interface AccountCard {
  id: number;
  name: string;
  stage: string;
  condition: Condition;
  conditionCheckedAt: string | null;
  mrr: number;
  currency: string;
  ownerId: number | null;
  industry: string;
  sizeBand: SizeBand;
  seats: number;
  externalId: string;
  usageX: Level;
  usageY: Level;
  succeedFirst: boolean;
  /** Won for a negative reason, not cleared yet (docs/api.md, Churn risk); older servers leave it out. */
  churnRisk?: boolean;
  churnRiskOpportunityId?: number | null;
}

/** The recommended play of a cell: what to do there and the workshop template to do it with. */
export interface Play {
  action: string;
  templateId: number | null;
  templateName: string;
  updatedAt?: string;
}

/** One cell of the matrix. */
export interface Cell {
  x: Level;
  y: Level;
  count: number;
  mrr: MoneySum[];
  /** Every account of the cell that matches the filters, by name. */
  accounts: AccountCard[];
  play: Play | null;
}

/** Contacts logged by one member this month (name "" for a former member). */
export interface CsmContacts {
  userId: number;
  name: string;
  count: number;
}

/** The team's contacts this calendar month (UTC) against the goal, whatever the filters. */
export interface ContactTally {
  month: string;
  thisMonth: number;
  goal: number;
  byCsm: CsmContacts[];
}

/** GET /api/portfolio. */
export interface Portfolio {
  axes: Axes;
  stages: Stage[];
  /** All sixteen, cells[y*4+x]. */
  cells: Cell[];
  /** Accounts matching the filters. */
  total: number;
  contacts: ContactTally;
}

/** The portfolio fields every Account carries. */
export interface AccountPortfolio {
  usageX: Level;
  usageY: Level;
  stage: string;
  condition: Condition;
  conditionNote: string;
  /** When the condition was last checked; null if never. */
  conditionCheckedAt: string | null;
  ownerId: number | null;
  mrr: number;
  /** "" until an MRR is set. */
  currency: string;
  seats: number;
  externalId: string;
  /** The condition is not satisfied: no upsell, succeed first. */
  succeedFirst: boolean;
}

/** A logged contact with an account. */
export interface Contact {
  id: number;
  accountId: number;
  userId: number | null;
  userName: string;
  kind: ContactKind;
  at: string;
  note: string;
  /** The condition checked during the contact; "" when none was. */
  condition: Condition | '';
  createdAt: string;
}

/** POST /api/accounts/:id/contacts body. */
export interface ContactInput {
  kind: ContactKind;
  at?: string;
  note?: string;
  condition?: Condition;
}

/** What the import did (or, in a preview, would do) with one data row. */
export type ImportAction = 'created' | 'updated' | 'refused';

/** Why the server refused a row. */
export type RefusalReason =
  | 'formula'
  | 'required'
  | 'invalid'
  | 'too_long'
  | 'unknown_owner'
  | 'unknown_stage'
  | 'duplicate_row'
  | 'ambiguous_name';

/** One data row of an import answer; `row` as a spreadsheet numbers it (the header is row 1). */
export interface ImportRow {
  row: number;
  action: ImportAction;
  id: number | null;
  name: string;
  externalId: string;
  reason?: RefusalReason | string;
  field?: string;
  message?: string;
}

/** POST /api/accounts/import answer, for a preview (dryRun) or the real import. */
export interface ImportResult {
  dryRun: boolean;
  created: number;
  updated: number;
  refused: number;
  rows: ImportRow[];
}
