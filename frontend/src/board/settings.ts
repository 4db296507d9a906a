// The facilitator's settings form for a live workshop: what to send with settings.set.
// Pure, unit-tested in plain Node.
import type { WorkshopSettings } from '../lib/types.ts';

/** The form's values: the title and the settings. */
export interface SettingsDraft extends WorkshopSettings {
  title: string;
}

/** The data of a `settings.set` command: only what changed (nothing changed: empty). */
export type SettingsPatch = Partial<SettingsDraft>;

/** The fields of `draft` that differ from `current`, the title trimmed. */
export function settingsPatch(current: SettingsDraft, draft: SettingsDraft): SettingsPatch {
  const patch: SettingsPatch = {};
  const title = draft.title.trim();
  if (title !== current.title) patch.title = title;
  if (draft.anonymous !== current.anonymous) patch.anonymous = draft.anonymous;
  if (draft.hiddenUntilReveal !== current.hiddenUntilReveal) patch.hiddenUntilReveal = draft.hiddenUntilReveal;
  const budget = Number(draft.voteBudget);
  const cap = Number(draft.voteCap);
  if (budget !== current.voteBudget) patch.voteBudget = budget;
  if (cap !== current.voteCap) patch.voteCap = cap;
  return patch;
}

/** Whether a patch changes anything. */
export function isEmptyPatch(patch: SettingsPatch): boolean {
  return Object.keys(patch).length === 0;
}
