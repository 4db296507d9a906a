import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PRICED_BANDS, bandPriceTexts, parseBandPrices } from './band-prices.ts';

test('every known size band but "unknown" can be priced', () => {
  assert.deepEqual(PRICED_BANDS, ['1-50', '51-200', '201-1000', '1001-5000', '5000+']);
});

test('band prices become one text per band, blank where there is none', () => {
  assert.deepEqual(bandPriceTexts({ '1-50': 1999, '5000+': 0 }, 'USD'), {
    '1-50': '19.99', '51-200': '', '201-1000': '', '1001-5000': '', '5000+': '0',
  });
  assert.deepEqual(bandPriceTexts(undefined, 'JPY')['201-1000'], '');
});

test('typed band prices are read in minor units; blank bands are left out', () => {
  const texts = bandPriceTexts({}, 'JPY');
  assert.deepEqual(parseBandPrices(texts, 'JPY'), { ok: true, prices: {} });
  texts['1-50'] = '5,000';
  texts['201-1000'] = ' 20000 ';
  assert.deepEqual(parseBandPrices(texts, 'JPY'), { ok: true, prices: { '1-50': 5000, '201-1000': 20000 } });
});

test('a band price that is not a price is refused by band', () => {
  const texts = bandPriceTexts({}, 'JPY');
  texts['51-200'] = '-1';
  texts['5000+'] = '1.5';
  const got = parseBandPrices(texts, 'JPY');
  assert.equal(got.ok, false);
  if (!got.ok) assert.deepEqual(Object.keys(got.errors), ['51-200', '5000+']);
});
