// Importing accounts from a CSV file: the file is checked here (something to send, not too big),
// the server previews it without writing (what each row would do), and only a confirmed preview is
// imported. Pure, unit-tested; ImportPage.svelte shows the result.
import { t } from '../i18n/i18n.ts';
import { ApiError, errorMessage } from '../lib/api.ts';
import type { ImportAction, ImportResult, ImportRow } from './portfolio-types.ts';

/** The largest file the server reads (docs/api.md): refusing it here saves sending it. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** Rows of a preview listed per page. */
export const PREVIEW_PAGE_SIZE = 100;

/** The columns a fresh file would have, in the order of the sample. */
export const IMPORT_COLUMNS = [
  'externalId', 'name', 'industry', 'sizeBand', 'stage', 'usageX', 'usageY', 'condition', 'ownerEmail', 'mrr',
  'currency', 'seats',
] as const;

/** A file that imports two accounts, for people who need to start one. */
export function sampleCsv(): string {
  return [
    IMPORT_COLUMNS.join(','),
    'CRM-001,Acme KK,Retail,51-200,adoption,1,2,satisfied,,120000,JPY,40',
    'CRM-002,Globex,Manufacturing,201-1000,onboarding,0,0,neutral,,450000,USD,15',
  ].join('\n') + '\n';
}

/** What little we know of a picked file. */
export interface PickedFile {
  name: string;
  size: number;
  type: string;
}

/** Why a picked file cannot be sent, in the person's language; null when it can. */
export function fileProblem(file: PickedFile): string | null {
  if (file.size === 0) return t.portfolio.import.emptyFile;
  if (file.size > MAX_IMPORT_BYTES) return t.portfolio.import.tooBig(MAX_IMPORT_BYTES / (1024 * 1024));
  const csvType = file.type === '' || /csv|text\/plain|excel/i.test(file.type);
  if (!csvType && !/\.(csv|txt)$/i.test(file.name)) return t.portfolio.import.notCsv;
  return null;
}

/** Which rows of a preview to list. */
export type RowFilter = 'all' | ImportAction;

/** The rows of an answer in file order, only those of `filter`. */
export function rowsToShow(result: ImportResult, filter: RowFilter = 'all'): ImportRow[] {
  const rows = filter === 'all' ? result.rows : result.rows.filter((r) => r.action === filter);
  return [...rows].sort((a, b) => a.row - b.row);
}

/** True when a preview would write something, so confirming it makes sense. */
export function hasChanges(result: ImportResult): boolean {
  return result.created + result.updated > 0;
}

/** What a row will do (preview) or did (import), for people. */
export function actionLabel(action: ImportAction, preview: boolean): string {
  return (preview ? t.portfolio.import.willDo : t.portfolio.import.did)[action];
}

/** Why a row is refused, for people: our words for the reason, the server's detail in English. */
export function refusalText(row: ImportRow): string {
  const reasons = t.portfolio.import.reasons as Record<string, string>;
  const reason = row.reason && Object.hasOwn(reasons, row.reason) ? reasons[row.reason] : undefined;
  const detail = row.message?.trim() ?? '';
  if (!reason) return detail || t.portfolio.import.reasons.other;
  return t.portfolio.import.reasonWithDetail(reason, detail);
}

/**
 * Why a whole file was refused, for people: the server's sentence with the line or the header
 * cells it names. Nothing was written in that case.
 */
export function fileRefusal(err: unknown): string {
  if (!(err instanceof ApiError)) return errorMessage(err);
  const words = t.portfolio.import;
  if (err.code === 'too_large') return words.tooBig(MAX_IMPORT_BYTES / (1024 * 1024));
  if (err.code === 'too_many_rows') return words.tooManyRows;
  if (err.code !== 'malformed_csv') return errorMessage(err);
  const columns = err.fields.map((f) => f.field).filter(Boolean);
  const where = err.line !== null ? words.atLine(err.line) : columns.length > 0 ? words.inHeader(columns.join(', ')) : '';
  return words.malformed(where, err.message);
}
