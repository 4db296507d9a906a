// Shapes of the Kizuki API v1 (docs/api.md). Field names follow the wire format.
import type { ShownStory } from '../stories/stories-types.ts';

/** What a member may do in their organization: owners and admins manage it, CSMs run workshops. */
export const ROLES = ['owner', 'admin', 'csm'] as const;
export type Role = (typeof ROLES)[number];

/** The team a user belongs to; everything they see is the organization's. */
export interface Organization {
  id: number;
  name: string;
}

/** A signed-in facilitator or CSM, with their organization (GET /api/me, login, signup). */
export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
  organization: Organization;
}

/** Allowed company size bands for an account ("" means unknown). */
export const SIZE_BANDS = ['', '1-50', '51-200', '201-1000', '1001-5000', '5000+'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** A customer company. */
export interface Account {
  id: number;
  name: string;
  industry: string;
  sizeBand: SizeBand;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

/** Workshop phases, in the order the facilitator moves through them. */
export const PHASES = [
  'lobby',
  'current',
  'ideal',
  'vote_ideal',
  'challenges',
  'first_steps',
  'vote_steps',
  'map',
  'closed',
] as const;
export type Phase = (typeof PHASES)[number];

/** The four idea columns of the board. */
export const COLUMNS = ['current', 'ideal', 'challenges', 'first_steps'] as const;
export type Column = (typeof COLUMNS)[number];

/** Organisational layers a participant declares when joining. */
export const LAYERS = ['executive', 'manager', 'frontline', 'other'] as const;
export type Layer = (typeof LAYERS)[number];

/** Per-workshop voting and privacy settings. */
export interface WorkshopSettings {
  anonymous: boolean;
  voteBudget: number;
  voteCap: number;
  hiddenUntilReveal: boolean;
}

/** A workshop as listed and as carried in snapshots. */
export interface Workshop {
  id: number;
  accountId: number;
  accountName: string;
  title: string;
  joinCode: string;
  joinUrl: string;
  /** The facilitator closed the workshop to newcomers; those who joined stay and may reconnect. */
  joinLocked: boolean;
  phase: Phase;
  settings: WorkshopSettings;
  createdAt: string;
  updatedAt: string;
}

/** Where an idea came from: a person, the vendor (an insight), or a facilitator's grouping. */
export type IdeaSource = 'participant' | 'vendor_insight' | 'group' | 'template' | 'karte';

/** A sticky note on the board; a `group` idea stands for the ideas whose groupId is its id. */
export interface Idea {
  id: number;
  column: Column;
  text: string;
  /** The author's participant id; null for facilitators and for others' ideas in anonymous mode. */
  authorId: number | null;
  /** Empty when the server hides the author (anonymous mode). */
  authorName: string;
  authorRole: 'participant' | 'facilitator';
  groupId: number | null;
  source: IdeaSource;
  position: number;
  createdAt: string;
  updatedAt: string;
}

/** The two columns with a voting round. */
export const VOTED_COLUMNS = ['ideal', 'first_steps'] as const;
export type VotedColumn = (typeof VOTED_COLUMNS)[number];

/** Votes on one item, overall and by the voters' layers. */
export interface Tally {
  total: number;
  byLayer: Record<Layer, number>;
}

/** Consensus labels, from most to least agreement. */
export type ConsensusLabel = 'agreed' | 'mixed' | 'split' | 'no_votes';

/** How evenly the layers present support an item. */
export interface Consensus {
  score: number;
  label: ConsensusLabel;
}

/** One ranked votable item (an idea or a group). */
export interface ResultItem extends Tally {
  ideaId: number;
  text: string;
  source: IdeaSource;
  rank: number;
  consensus: Consensus;
}

/** The ranked items of one voted column. */
export interface ColumnResults {
  column: VotedColumn;
  revealed: boolean;
  /** The round's voters by layer: the denominators of consensus (older servers leave it out). */
  voters?: Record<Layer, number>;
  items: ResultItem[];
}

/** What a viewer may see of the votes. */
export interface VotesSnapshot {
  /** The viewer's own votes (participants). */
  mine: { ideaId: number; count: number }[];
  /** Columns whose totals the viewer may see. */
  results: ColumnResults[];
  revealed: Record<VotedColumn, boolean>;
}

/** The phase timer as the server sends it. */
export interface TimerPayload {
  running: boolean;
  endsAt: string | null;
  remainingMs: number;
  durationMs: number;
  serverNow: string;
}

/** A participant as listed in a snapshot. */
export interface ParticipantSummary {
  id: number;
  name: string;
  layer: Layer;
}

/** Who the socket belongs to. */
export interface You {
  role: 'facilitator' | 'participant';
  participantId: number | null;
  userId: number | null;
  name: string;
}

/** The full board state the server sends on connect. */
export interface Snapshot {
  workshop: Workshop;
  participants: ParticipantSummary[];
  ideas: Idea[];
  votes: VotesSnapshot;
  timer: TimerPayload;
  you: You;
  /** The customer story the facilitator shows the room, if any (older servers leave it out). */
  story?: ShownStory | null;
}

/** GET /api/workshops/:id returns the snapshot plus its seq. */
export interface SnapshotWithSeq extends Snapshot {
  seq: number;
}

/** Who is connected right now. */
export interface Presence {
  online: ParticipantSummary[];
  facilitators: number;
  count: number;
  /** Participants online per layer; exact even when `online` is cut short for a big room. */
  byLayer?: Partial<Record<Layer, number>>;
  /** Who is typing, per column with anyone typing (older servers leave it out). */
  typing?: TypingByColumn;
}

/** People typing in one column: how many, and the first few names unless they are hidden. */
export interface ColumnTyping {
  count: number;
  names?: string[];
}

/** Who is typing, by column; columns nobody types in are absent. */
export type TypingByColumn = Partial<Record<Column, ColumnTyping>>;

/** Data of the `join.changed` event: the join code now in use and whether newcomers are let in. */
export interface JoinChange {
  joinCode: string;
  joinLocked: boolean;
}

/** GET /api/join/:code answer: which workshop a code opens. */
export interface JoinLookup {
  workshopId: number;
  title: string;
  phase: Phase;
  joinLocked: boolean;
}

/** Data of the `settings.changed` event: the workshop's title and settings as they are now. */
export interface SettingsChange {
  title: string;
  settings: WorkshopSettings;
}

/** POST /api/join answer. */
export interface JoinResult {
  workshopId: number;
  participantId: number;
  token: string;
  name: string;
  layer: Layer;
}
