// Which member actions a role may take, mirroring the server's rules so the page offers only what it allows.
// The server still decides: it also refuses changes that would leave the organization without an owner.
import type { Role } from '../lib/types.ts';

/** Owners and admins run the organization: rename it, invite, change roles, remove members. */
export function canAdminister(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}

/** Whether `actor` may change the role of, or remove, a member whose role is `target`. */
export function canManage(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  if (actor === 'admin') return target !== 'owner';
  return false;
}

/** The roles `actor` may give a member: only owners make owners. */
export function assignableRoles(actor: Role): Role[] {
  if (actor === 'owner') return ['owner', 'admin', 'csm'];
  if (actor === 'admin') return ['admin', 'csm'];
  return [];
}

/** Whether `actor` may remove this member; nobody removes themselves here. */
export function canRemove(actor: Role, target: Role, isSelf: boolean): boolean {
  return !isSelf && canManage(actor, target);
}
