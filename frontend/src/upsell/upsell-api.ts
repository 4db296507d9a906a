// The upsell endpoints (docs/api.md, "Upsell outcomes, churn risk and praise"), over api.ts's request().
import { request } from '../lib/api.ts';
import type { PortfolioAccount } from '../portfolio/portfolio-api.ts';
import type { Period } from './period.ts';
import type {
  AccountChurn,
  Opportunity,
  OpportunityFilter,
  OpportunityInput,
  OpportunityPatch,
  Praise,
  PraisePage,
  UpsellInsights,
} from './upsell-types.ts';

/** `?a=1&b=2` from the values that are set. */
function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? '?' + s : '';
}

/** An account with its churn-risk fields, as GET /api/accounts/:id answers it. */
export type ChurnAccount = PortfolioAccount & AccountChurn;

/** Where the CSV of these opportunities downloads from. */
export function opportunitiesCsvUrl(filter: OpportunityFilter = {}): string {
  return '/api/opportunities.csv' + query({ ...filter });
}

/** The upsell endpoints, one function each. */
export const upsellApi = {
  opportunities: async (filter: OpportunityFilter = {}) =>
    (await request<{ opportunities: Opportunity[] }>('GET', '/api/opportunities' + query({ ...filter }))).opportunities,
  propose: (input: OpportunityInput) => request<Opportunity>('POST', '/api/opportunities', input),
  update: (id: number, patch: OpportunityPatch) => request<Opportunity>('PATCH', `/api/opportunities/${id}`, patch),

  insights: (p: Period) => request<UpsellInsights>('GET', '/api/insights/upsell' + query({ from: p.from, to: p.to })),

  account: (id: number) => request<ChurnAccount>('GET', `/api/accounts/${id}`),
  clearChurnRisk: (accountId: number, note: string) =>
    request<ChurnAccount>('POST', `/api/accounts/${accountId}/churn-risk/clear`, { note }),

  praise: (before?: number) => request<PraisePage>('GET', '/api/praise' + query({ before })),
  giveKudos: (toUserId: number, text: string) => request<Praise>('POST', '/api/praise', { toUserId, text }),
};
