import { test } from 'node:test';
import assert from 'node:assert/strict';
import { qrDrawing, qrPath } from './qr.ts';

test('runs of dark modules become one rectangle each', () => {
  assert.equal(qrPath([[true, true, false, true], [false, false, false, false], [false, true, true, true]]),
    'M0 0h2v1h-2zM3 0h1v1h-1zM1 2h3v1h-3z');
  assert.equal(qrPath([[false]]), '');
});

test('a join link becomes a square code with a quiet zone', () => {
  const d = qrDrawing('http://127.0.0.1:8080/join/K7QMW2RX');
  // Version 3 (29 modules) plus 3 light modules on each side.
  assert.equal(d.size, 29 + 6);
  assert.match(d.path, /^M3 3h7v1h-7z/, 'the top-left finder pattern starts inside the quiet zone');
  assert.equal(qrDrawing('http://127.0.0.1:8080/join/K7QMW2RX').path, d.path, 'the same link always draws the same code');
});
