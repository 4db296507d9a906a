import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currencyDigits, formatMoney, minorToInput, parseMajor } from './money.ts';

test('decimals come from Intl per currency', () => {
  assert.equal(currencyDigits('JPY'), 0);
  assert.equal(currencyDigits('USD'), 2);
  assert.equal(currencyDigits('EUR'), 2);
  assert.equal(currencyDigits('BHD'), 3);
  assert.equal(currencyDigits('nonsense'), 2, 'a malformed code falls back to 2');
});

test('a typed major-unit price becomes an exact minor-unit integer', () => {
  assert.deepEqual(parseMajor('50000', 'JPY'), { ok: true, minor: 50000 });
  assert.deepEqual(parseMajor('50,000', 'JPY'), { ok: true, minor: 50000 });
  assert.deepEqual(parseMajor('19.99', 'USD'), { ok: true, minor: 1999 });
  assert.deepEqual(parseMajor('0.1', 'USD'), { ok: true, minor: 10 }, 'no floating-point drift');
  assert.deepEqual(parseMajor('1,234.5', 'EUR'), { ok: true, minor: 123450 });
  assert.deepEqual(parseMajor('12.', 'USD'), { ok: true, minor: 1200 });
  assert.deepEqual(parseMajor('100.00', 'JPY'), { ok: true, minor: 100 }, 'trailing zeros are not decimals');
  assert.deepEqual(parseMajor('1.234', 'BHD'), { ok: true, minor: 1234 });
  assert.deepEqual(parseMajor('0', 'USD'), { ok: true, minor: 0 });
});

test('prices the API would refuse are explained before sending', () => {
  for (const [input, currency, error] of [
    ['', 'USD', /Enter a monthly price/],
    ['abc', 'USD', /Enter a number/],
    ['-5', 'USD', /Enter a number/],
    ['1.5', 'JPY', /JPY has no decimals/],
    ['1.999', 'USD', /at most 2 decimals/],
    ['99999999999999', 'USD', /too large/],
  ] as const) {
    const got = parseMajor(input, currency);
    assert.equal(got.ok, false, input);
    if (!got.ok) assert.match(got.error, error, input);
  }
});

test('minor units show as a plain decimal in the input', () => {
  assert.equal(minorToInput(50000, 'JPY'), '50000');
  assert.equal(minorToInput(1999, 'USD'), '19.99');
  assert.equal(minorToInput(1900, 'USD'), '19');
  assert.equal(minorToInput(1910, 'USD'), '19.1');
  assert.equal(minorToInput(5, 'USD'), '0.05');
  assert.equal(minorToInput(0, 'EUR'), '0');
  for (const [amount, currency] of [[1999, 'USD'], [7, 'EUR'], [123456, 'JPY'], [1001, 'BHD']] as const) {
    assert.deepEqual(parseMajor(minorToInput(amount, currency), currency), { ok: true, minor: amount }, 'round trip');
  }
});

test('amounts are formatted in major units', () => {
  assert.equal(formatMoney(50000, 'JPY', 'en-US'), '¥50,000');
  assert.equal(formatMoney(1999, 'USD', 'en-US'), '$19.99');
  assert.equal(formatMoney(900, 'USD', 'en-US'), '$9.00');
});
