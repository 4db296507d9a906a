// The portfolio endpoints (docs/api.md, "Portfolio and targeting"), over api.ts's request().
import { request, upload } from '../lib/api.ts';
import type { Account } from '../lib/types.ts';
import type { MatrixFilter } from './matrix.ts';
import { filterQuery } from './matrix.ts';
import type {
  AccountPortfolio,
  Contact,
  ContactInput,
  ImportResult,
  Level,
  Play,
  Portfolio,
  Settings,
  SettingsInput,
} from './portfolio-types.ts';

/** An account with its portfolio fields, as GET /api/accounts/:id answers it. */
export type PortfolioAccount = Account & AccountPortfolio;

/** What PATCH /api/accounts/:id takes of the portfolio fields. */
export type AccountPortfolioPatch = Partial<Omit<AccountPortfolio, 'conditionCheckedAt' | 'succeedFirst'>>;

/** The portfolio endpoints, one function each. */
export const portfolioApi = {
  settings: () => request<Settings>('GET', '/api/organization/settings'),
  saveSettings: (input: SettingsInput) => request<Settings>('PUT', '/api/organization/settings', input),

  portfolio: (filter?: MatrixFilter) => request<Portfolio>('GET', '/api/portfolio' + (filter ? filterQuery(filter) : '')),
  setPlay: (x: Level, y: Level, action: string, templateId: number | null) =>
    request<{ x: Level; y: Level; play: Play }>('PUT', `/api/portfolio/plays/${x}/${y}`, { action, templateId }),
  clearPlay: (x: Level, y: Level) => request<void>('DELETE', `/api/portfolio/plays/${x}/${y}`),

  account: (id: number) => request<PortfolioAccount>('GET', `/api/accounts/${id}`),
  updateAccount: (id: number, patch: AccountPortfolioPatch) =>
    request<PortfolioAccount>('PATCH', `/api/accounts/${id}`, patch),

  contacts: async (accountId: number) =>
    (await request<{ contacts: Contact[] }>('GET', `/api/accounts/${accountId}/contacts`)).contacts,
  addContact: (accountId: number, input: ContactInput) =>
    request<Contact>('POST', `/api/accounts/${accountId}/contacts`, input),

  /** What the file would do, written nowhere. */
  previewImport: (csv: Blob | string) => upload<ImportResult>('/api/accounts/import?dryRun=true', csv, 'text/csv'),
  importAccounts: (csv: Blob | string) => upload<ImportResult>('/api/accounts/import', csv, 'text/csv'),
};
