// Typed wrapper over the Kizuki HTTP API (docs/api.md). Every failure becomes an ApiError.
import { describeApiError } from './errors.ts';
import type {
  Account,
  JoinLookup,
  JoinResult,
  Layer,
  SizeBand,
  SnapshotWithSeq,
  User,
  Workshop,
  WorkshopSettings,
} from './types.ts';

/** One problem with one input field, as a 400 lists them (`field` is the JSON path as sent, e.g. `stages[1].label`). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An error answered by the server (`{"error":{"code","message"}}`) or a network failure. */
export class ApiError extends Error {
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** Machine-readable code such as `unauthorized` or `not_found`. */
  readonly code: string;
  /** The fields at fault, when the server names them. */
  readonly fields: FieldProblem[];
  /** The line of an uploaded file at fault (1-based, the header is line 1), when the server names one. */
  readonly line: number | null;

  constructor(status: number, code: string, message: string, fields: FieldProblem[] = [], line: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.line = line;
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const err = (body as { error: unknown }).error;
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { message?: unknown }).message === 'string'
  );
}

/** Sends one request and decodes its JSON answer as T (undefined for 204). */
export function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : {
      Accept: 'application/json',
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Posts a file as the whole body (e.g. `text/csv`) and decodes the JSON answer as T. */
export function upload<T>(path: string, file: Blob | string, contentType: string): Promise<T> {
  return send<T>(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': contentType }, body: file });
}

async function send<T>(path: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection.');
  }
  if (res.status === 204) return undefined as T;
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) {
      const { code, message, fields, line } = parsed.error as { code: string; message: string; fields?: unknown; line?: unknown };
      throw new ApiError(res.status, code, message, Array.isArray(fields) ? (fields as FieldProblem[]) : [], typeof line === 'number' ? line : null);
    }
    throw new ApiError(res.status, 'http_' + res.status, `Request failed (${res.status}).`);
  }
  return parsed as T;
}

/** Input for creating an account. */
export interface NewAccount {
  name: string;
  industry?: string;
  sizeBand?: SizeBand;
  notes?: string;
}

/** The endpoints the app uses, one function each. */
export const api = {
  me: () => request<User>('GET', '/api/me'),
  /** `organization` names the new user's team; left out, the server picks a name. */
  signup: (email: string, password: string, name: string, organization?: string) =>
    request<User>('POST', '/api/auth/signup', organization ? { email, password, name, organization } : { email, password, name }),
  login: (email: string, password: string) =>
    request<User>('POST', '/api/auth/login', { email, password }),
  logout: () => request<void>('POST', '/api/auth/logout'),

  accounts: async () => (await request<{ accounts: Account[] }>('GET', '/api/accounts')).accounts,
  createAccount: (input: NewAccount) => request<Account>('POST', '/api/accounts', input),

  workshops: async (accountId?: number) => {
    const q = accountId === undefined ? '' : `?accountId=${encodeURIComponent(accountId)}`;
    return (await request<{ workshops: Workshop[] }>('GET', '/api/workshops' + q)).workshops;
  },
  createWorkshop: (title: string, accountId: number, settings?: Partial<WorkshopSettings>) =>
    request<Workshop>('POST', '/api/workshops', settings ? { title, accountId, settings } : { title, accountId }),
  workshopSnapshot: (id: number) => request<SnapshotWithSeq>('GET', `/api/workshops/${id}`),

  /** Which workshop a code opens (404 for an unknown code; wrong codes count like failed joins). */
  joinLookup: (code: string) => request<JoinLookup>('GET', `/api/join/${encodeURIComponent(code)}`),
  /** `previousToken`: the token this browser kept for the workshop, so a removed participant cannot come back. */
  join: (code: string, name: string, layer: Layer, previousToken?: string) =>
    request<JoinResult>('POST', '/api/join', previousToken ? { code, name, layer, previousToken } : { code, name, layer }),
};

/** A message fit to show a person for any thrown value, in the current language. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return describeApiError(err.status, err.code, err.message);
  if (err instanceof Error) return err.message;
  return String(err);
}
