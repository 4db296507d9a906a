// The catalog, success map, share link and template endpoints (docs/api.md), over api.ts's request().
import { request } from '../lib/api.ts';
import type { Account, Workshop, WorkshopSettings } from '../lib/types.ts';
import type {
  CaseStudy,
  CaseStudyInput,
  CustomerMap,
  MapPatch,
  MapShare,
  MapSummary,
  Offering,
  OfferingInput,
  SuccessMap,
  Template,
  TemplateFilter,
  TemplateInput,
} from './maps-types.ts';

/** How a template is cloned: into a map, or into a workshop seeded with prompts. */
export type CloneAs = 'map' | 'workshop';

/** Builds `?a=1&b=2` from the non-empty values. */
function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** The endpoints of the catalog, maps and templates, one function each. */
export const mapsApi = {
  account: (id: number) => request<Account>('GET', `/api/accounts/${id}`),

  offerings: async (withArchived: boolean) =>
    (await request<{ offerings: Offering[] }>('GET', '/api/offerings' + query({ archived: withArchived })))
      .offerings,
  createOffering: (input: OfferingInput) => request<Offering>('POST', '/api/offerings', input),
  updateOffering: (id: number, patch: Partial<OfferingInput> & { archived?: boolean }) =>
    request<Offering>('PATCH', `/api/offerings/${id}`, patch),
  deleteOffering: (id: number) => request<void>('DELETE', `/api/offerings/${id}`),
  addCaseStudy: (offeringId: number, input: CaseStudyInput) =>
    request<CaseStudy>('POST', `/api/offerings/${offeringId}/case-studies`, input),
  deleteCaseStudy: (offeringId: number, caseStudyId: number) =>
    request<void>('DELETE', `/api/offerings/${offeringId}/case-studies/${caseStudyId}`),

  maps: async (accountId?: number) =>
    (await request<{ maps: MapSummary[] }>('GET', '/api/maps' + query({ accountId }))).maps,
  createMap: (accountId: number, title: string) => request<SuccessMap>('POST', '/api/maps', { accountId, title }),
  buildMap: (workshopId: number) => request<SuccessMap>('POST', `/api/workshops/${workshopId}/map`),
  /** The team's full view: prices, expansion potential and Johari labels included. */
  map: (id: number) => request<SuccessMap>('GET', `/api/maps/${id}`),
  /** The customer's view, for the customer's print (what a share link shows). */
  customerMap: (id: number) => request<CustomerMap>('GET', `/api/maps/${id}?view=customer`),
  updateMap: (id: number, patch: MapPatch) => request<SuccessMap>('PATCH', `/api/maps/${id}`, patch),

  shares: async (mapId: number) =>
    (await request<{ shares: MapShare[] }>('GET', `/api/maps/${mapId}/shares`)).shares,
  createShare: (mapId: number, expiresInDays: number) =>
    request<MapShare>('POST', `/api/maps/${mapId}/shares`, { expiresInDays }),
  revokeShare: (mapId: number, shareId: number) => request<void>('DELETE', `/api/maps/${mapId}/shares/${shareId}`),
  /** A share link answers the customer's view. */
  sharedMap: (token: string) => request<CustomerMap>('GET', `/api/shared/${encodeURIComponent(token)}`),

  saveTemplate: (mapId: number, input: TemplateInput) =>
    request<Template>('POST', `/api/maps/${mapId}/template`, input),
  templates: async (filter: TemplateFilter) =>
    (await request<{ templates: Template[] }>('GET', '/api/templates' + query({ ...filter }))).templates,
  template: (id: number) => request<Template>('GET', `/api/templates/${id}`),
  cloneToMap: (templateId: number, accountId: number, title = '') =>
    request<SuccessMap>('POST', `/api/templates/${templateId}/clone`, { accountId, as: 'map', title }),
  /** `settings` as for a new workshop (POST /api/workshops). */
  cloneToWorkshop: (templateId: number, accountId: number, title = '', settings?: WorkshopSettings) =>
    request<Workshop>('POST', `/api/templates/${templateId}/clone`, settings
      ? { accountId, as: 'workshop', title, settings }
      : { accountId, as: 'workshop', title }),
};

/** Where a map's or a workshop's download lives. */
export function exportUrl(kind: 'maps' | 'workshops', id: number, format: 'md' | 'csv' | 'json'): string {
  return `/api/${kind}/${id}/export?format=${format}`;
}
