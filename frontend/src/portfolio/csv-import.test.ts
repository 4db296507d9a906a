import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_IMPORT_BYTES, actionLabel, fileProblem, fileRefusal, hasChanges, refusalText, rowsToShow, sampleCsv } from './csv-import.ts';
import type { ImportResult } from './portfolio-types.ts';
import { ApiError } from '../lib/api.ts';
import { setLocale } from '../i18n/locale.ts';

afterEach(() => setLocale('en'));

const preview: ImportResult = {
  dryRun: true, created: 1, updated: 1, refused: 2,
  rows: [
    { row: 5, action: 'refused', id: null, name: '=HYPERLINK("x")', externalId: '', reason: 'formula', field: 'name', message: 'name starts with =, which a spreadsheet would run' },
    { row: 2, action: 'created', id: null, name: 'Acme KK', externalId: 'CRM-1' },
    { row: 3, action: 'updated', id: 7, name: 'Beta', externalId: '' },
    { row: 4, action: 'refused', id: null, name: 'Gamma', externalId: '', reason: 'something_new', message: '' },
  ],
};

test('the preview lists every row in file order, or only those of one kind', () => {
  assert.deepEqual(rowsToShow(preview).map((r) => r.row), [2, 3, 4, 5]);
  assert.deepEqual(rowsToShow(preview, 'refused').map((r) => r.row), [4, 5]);
  assert.deepEqual(rowsToShow(preview, 'updated').map((r) => r.name), ['Beta']);
  assert.equal(hasChanges(preview), true);
  assert.equal(hasChanges({ ...preview, created: 0, updated: 0 }), false, 'only refused rows: nothing to confirm');
});

test('a row says what will happen before the import and what happened after', () => {
  assert.equal(actionLabel('created', true), 'Will create');
  assert.equal(actionLabel('created', false), 'Created');
  setLocale('ja');
  assert.equal(actionLabel('updated', true), '更新予定');
});

test('a refused row gives its reason in words, with the server’s detail', () => {
  const [formula, unknown] = [rowsToShow(preview, 'refused')[1]!, rowsToShow(preview, 'refused')[0]!];
  assert.match(refusalText(formula), /^Starts like a spreadsheet formula .* — name starts with =/);
  assert.equal(refusalText(unknown), 'Refused', 'an unknown reason without detail still says refused');
});

test('a file is refused before sending when it is empty, too big or not a CSV', () => {
  assert.match(fileProblem({ name: 'a.csv', size: 0, type: 'text/csv' }) ?? '', /empty/);
  assert.match(fileProblem({ name: 'a.csv', size: MAX_IMPORT_BYTES + 1, type: 'text/csv' }) ?? '', /larger than 5 MB/);
  assert.match(fileProblem({ name: 'sheet.xlsx', size: 10, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }) ?? '', /CSV UTF-8/);
  assert.equal(fileProblem({ name: 'accounts.csv', size: 10, type: 'text/csv' }), null);
  assert.equal(fileProblem({ name: 'accounts.csv', size: 10, type: 'application/vnd.ms-excel' }), null, 'Windows calls CSV an Excel file');
  assert.equal(fileProblem({ name: 'export', size: 10, type: '' }), null, 'unknown type: let the server decide');
});

test('a malformed file is explained with its line or header cells, and nothing was imported', () => {
  const bad = new ApiError(400, 'malformed_csv', 'bad quoting', [], 7);
  assert.equal(fileRefusal(bad), 'This file cannot be read (line 7): bad quoting. Nothing was imported.');
  const header = new ApiError(400, 'malformed_csv', 'unknown column', [{ field: 'colour', code: 'unknown', message: 'unknown column colour' }]);
  assert.match(fileRefusal(header), /\(header: colour\)/);
  assert.match(fileRefusal(new ApiError(400, 'too_many_rows', 'more than 10000 rows')), /more than 10,000 rows/);
  assert.match(fileRefusal(new ApiError(413, 'too_large', 'body too large')), /larger than 5 MB/);
  setLocale('ja');
  assert.match(fileRefusal(bad), /7 行目.*何も取り込んでいません/);
});

test('the sample file has a header and two accounts', () => {
  const lines = sampleCsv().trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0] ?? '', /^externalId,name,/);
});
