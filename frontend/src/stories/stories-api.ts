// The story, approval pack and karte endpoints (docs/api.md), over api.ts's request().
import { request } from '../lib/api.ts';
import type { Template } from '../maps/maps-types.ts';
import type {
  ApprovalPack,
  KarteAnswer,
  KarteItem,
  KarteLink,
  KarteResult,
  PublicKarte,
  Story,
  StoryFilter,
  StoryInput,
  StoryPatch,
} from './stories-types.ts';

/** `?industry=…&size=…&offeringId=…` from the filters that are set. */
export function storyQuery(filter: Partial<StoryFilter>): string {
  const q = new URLSearchParams();
  if (filter.industry?.trim()) q.set('industry', filter.industry.trim());
  if (filter.size) q.set('size', filter.size);
  if (filter.offeringId !== undefined && filter.offeringId !== null) q.set('offeringId', String(filter.offeringId));
  const s = q.toString();
  return s ? '?' + s : '';
}

/** The endpoints of stories, the approval pack and the karte, one function each. */
export const storiesApi = {
  createFromMap: (mapId: number, input: StoryInput) => request<Story>('POST', `/api/maps/${mapId}/story`, input),
  stories: async (filter: Partial<StoryFilter> = {}) =>
    (await request<{ stories: Story[] }>('GET', '/api/stories' + storyQuery(filter))).stories,
  story: (id: number) => request<Story>('GET', `/api/stories/${id}`),
  updateStory: (id: number, patch: StoryPatch) => request<Story>('PATCH', `/api/stories/${id}`, patch),
  deleteStory: (id: number) => request<void>('DELETE', `/api/stories/${id}`),

  approvalPack: (mapId: number) => request<ApprovalPack>('GET', `/api/maps/${mapId}/approval-pack`),

  saveKarte: (templateId: number, items: KarteItem[]) =>
    request<Template>('PUT', `/api/templates/${templateId}/karte`, {
      items: items.map((i) => ({ text: i.text, team: i.team, action: i.action })),
    }),
  karteLinks: async (workshopId: number) =>
    (await request<{ links: KarteLink[] }>('GET', `/api/workshops/${workshopId}/karte`)).links,
  createKarteLink: (workshopId: number, expiresInDays?: number) =>
    request<KarteLink>('POST', `/api/workshops/${workshopId}/karte`, expiresInDays ? { expiresInDays } : {}),
  revokeKarteLink: (workshopId: number, linkId: number) =>
    request<void>('DELETE', `/api/workshops/${workshopId}/karte/${linkId}`),
  publicKarte: (token: string) => request<PublicKarte>('GET', `/api/karte/${encodeURIComponent(token)}`),
  submitKarte: (token: string, answers: KarteAnswer[]) =>
    request<KarteResult>('POST', `/api/karte/${encodeURIComponent(token)}`, { answers }),
};
