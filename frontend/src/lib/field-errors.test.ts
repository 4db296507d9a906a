import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from './api.ts';
import { fieldOf, toFieldError } from './field-errors.ts';

const labels = { name: 'Name', monthlyPrice: 'Monthly price', currency: 'Currency' };

test('a 400 naming a field is shown at that field, in words', () => {
  assert.deepEqual(toFieldError(new ApiError(400, 'bad_request', 'name is required'), labels), {
    field: 'name', message: 'Name is required.',
  });
  assert.deepEqual(
    toFieldError(new ApiError(400, 'bad_request', "monthlyPrice must be a non-negative amount in the currency's minor unit"), labels),
    { field: 'monthlyPrice', message: "Monthly price must be a non-negative amount in the currency's minor unit." },
  );
  assert.equal(toFieldError(new ApiError(400, 'too_long', 'name must be at most 200 characters'), labels).field, 'name');
});

test('other failures stay general', () => {
  assert.equal(fieldOf('names are hard', labels), null);
  assert.deepEqual(toFieldError(new ApiError(409, 'conflict', 'archive it instead'), labels), {
    field: null, message: 'Archive it instead.',
  });
  assert.deepEqual(toFieldError(new ApiError(400, 'bad_request', 'malformed JSON'), labels), {
    field: null, message: 'Malformed JSON.',
  });
});
