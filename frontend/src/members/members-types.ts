// Shapes of the organization, member and invitation endpoints. Field names follow the wire format.
import type { Role } from '../lib/types.ts';

/** A person in the organization (GET /api/members). */
export interface Member {
  id: number;
  email: string;
  name: string;
  role: Role;
  createdAt: string;
}

/** The roles an invitation may give; owners are made from members, never invited. */
export const INVITE_ROLES = ['csm', 'admin'] as const;
export type InviteRole = (typeof INVITE_ROLES)[number];

/** Where an invitation stands. */
export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';

/** An invitation as listed for owners and admins. */
export interface Invitation {
  id: number;
  email: string;
  role: InviteRole;
  status: InvitationStatus;
  expiresAt: string;
  createdAt: string;
}

/** POST /api/invitations answer: the only time the link is shown. */
export interface CreatedInvitation extends Invitation {
  token: string;
  /** The full link to send, `<base>/invite/<token>`. */
  url: string;
}

/** What anyone holding the link may see of an invitation (GET /api/invitations/:token). */
export interface PublicInvitation {
  email: string;
  role: InviteRole;
  organization: { name: string };
  expiresAt: string;
}
