// The organization, member and invitation endpoints, over api.ts's request().
import { request } from '../lib/api.ts';
import type { Organization, Role, User } from '../lib/types.ts';
import type { CreatedInvitation, Invitation, InviteRole, Member, PublicInvitation } from './members-types.ts';

/** The endpoints of organizations, members and invitations, one function each. */
export const membersApi = {
  organization: () => request<Organization>('GET', '/api/organization'),
  renameOrganization: (name: string) => request<Organization>('PATCH', '/api/organization', { name }),

  members: async () => (await request<{ members: Member[] }>('GET', '/api/members')).members,
  setRole: (id: number, role: Role) => request<Member>('PATCH', `/api/members/${id}`, { role }),
  removeMember: (id: number) => request<void>('DELETE', `/api/members/${id}`),

  invitations: async () => (await request<{ invitations: Invitation[] }>('GET', '/api/invitations')).invitations,
  invite: (email: string, role: InviteRole) => request<CreatedInvitation>('POST', '/api/invitations', { email, role }),
  revokeInvitation: (id: number) => request<void>('DELETE', `/api/invitations/${id}`),

  /** Public: what the link invites to. */
  invitation: (token: string) => request<PublicInvitation>('GET', `/api/invitations/${encodeURIComponent(token)}`),
  /** Public: creates the account, joins the organization and signs in (the session cookie is set). */
  accept: (token: string, name: string, password: string) =>
    request<User>('POST', `/api/invitations/${encodeURIComponent(token)}/accept`, { name, password }),
};
