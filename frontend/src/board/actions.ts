// The board's commands, as functions components can call without seeing the socket.
import type { BoardClient } from './board-client.ts';
import type { Column, Phase } from '../lib/types.ts';

/** What a person can do to ideas; each resolves once the server acknowledged. */
export interface IdeaActions {
  add(column: Column, text: string): Promise<unknown>;
  edit(ideaId: number, text: string): Promise<unknown>;
  remove(ideaId: number): Promise<unknown>;
  /** Tells the room this person is (or stopped) typing in a column; nothing to wait for. */
  typing(column: Column, active: boolean): void;
}

/** Idea commands sent through `client`. */
export function ideaActions(client: BoardClient): IdeaActions {
  return {
    add: (column, text) => client.send('idea.add', { column, text }),
    edit: (ideaId, text) => client.send('idea.edit', { ideaId, text }),
    remove: (ideaId) => client.send('idea.delete', { ideaId }),
    typing: (column, active) => client.sendTyping(column, active),
  };
}

/** A participant's votes: one more or one fewer on an item. */
export interface VoteActions {
  cast(ideaId: number): Promise<unknown>;
  retract(ideaId: number): Promise<unknown>;
}

/** Vote commands sent through `client`. */
export function voteActions(client: BoardClient): VoteActions {
  return {
    cast: (ideaId) => client.send('vote.cast', { ideaId }),
    retract: (ideaId) => client.send('vote.retract', { ideaId }),
  };
}

/** What only the facilitator can do to the board's content. */
export interface FacilitatorActions {
  group(ideaIds: number[], label: string): Promise<unknown>;
  addInsight(column: Column, text: string): Promise<unknown>;
}

/** Facilitator commands sent through `client`. */
export function facilitatorActions(client: BoardClient): FacilitatorActions {
  return {
    group: (ideaIds, label) => client.send('idea.group', { ideaIds, label }),
    addInsight: (column, text) => client.send('insight.add', { column, text }),
  };
}

/** Moves the workshop to `phase` (facilitators only). */
export function setPhase(client: BoardClient, phase: Phase): Promise<unknown> {
  return client.send('phase.set', { phase });
}

/** Closes the workshop to newcomers, or opens it again (facilitators only). */
export function lockJoining(client: BoardClient, locked: boolean): Promise<unknown> {
  return client.send('join.lock', { locked });
}

/** Draws a new join code; the old code, link and QR code stop working (facilitators only). */
export function rotateJoinCode(client: BoardClient): Promise<unknown> {
  return client.send('join.rotate', {});
}

/** Longest idea text the server accepts, in characters (runes). */
export const MAX_IDEA_LENGTH = 500;

/** Counts characters the way the server does (code points, not UTF-16 units). */
export function runeLength(text: string): number {
  return [...text].length;
}

/**
 * How deleting an idea asks: not first but with Undo after (your own ideas, whose text can be
 * added again), first (someone else's idea, or a group whose votes would be given back),
 * or not at all (an empty group: its ideas stay).
 */
export type DeleteMode = 'undo' | 'confirm' | 'direct';
