import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loginPath, needsSignIn, returnPathFrom, safeReturnPath } from './return-to.ts';

test('paths of the app are kept with their query and fragment', () => {
  assert.equal(safeReturnPath('/maps/12'), '/maps/12');
  assert.equal(safeReturnPath('/maps/12/print?view=customer'), '/maps/12/print?view=customer');
  assert.equal(safeReturnPath('/templates?q=report#use'), '/templates?q=report#use');
  assert.equal(safeReturnPath('/'), '/');
  assert.equal(safeReturnPath('/maps/%2F%2Fevil.example'), '/maps/%2F%2Fevil.example', 'encoded slashes stay a path');
});

test('anything that could leave the app is refused', () => {
  for (const raw of [
    'https://evil.example/maps/1',
    'http://evil.example',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    ' /maps/1',
    'javascript:alert(1)',
    'data:text/html,hi',
    'maps/1',
    '/.//evil.example',
    '',
  ]) {
    assert.equal(safeReturnPath(raw), null, JSON.stringify(raw));
  }
  assert.equal(safeReturnPath(null), null);
  assert.equal(safeReturnPath(undefined), null);
  assert.equal(safeReturnPath(42), null);
  assert.equal(safeReturnPath('/' + 'a'.repeat(2500)), null, 'absurdly long');
});

test('the login pages and the API are no place to return to', () => {
  assert.equal(safeReturnPath('/login'), null);
  assert.equal(safeReturnPath('/signup?next=/maps/1'), null);
  assert.equal(safeReturnPath('/api/me'), null);
  assert.equal(safeReturnPath('/api'), null);
  assert.equal(safeReturnPath('/apis'), '/apis', 'only the API itself');
});

test('the login page carries the page asked for', () => {
  assert.equal(loginPath('/maps/7'), '/login?next=%2Fmaps%2F7');
  assert.equal(loginPath('/maps/7/print?view=team', 'signup'), '/signup?next=%2Fmaps%2F7%2Fprint%3Fview%3Dteam');
  assert.equal(loginPath('/'), '/login', 'the dashboard is the default anyway');
  assert.equal(loginPath('//evil.example'), '/login');
  assert.equal(loginPath('/login?next=%2Fmaps%2F1'), '/login', 'no login loop');
});

test('after signing in: the safe path from ?next=, else the dashboard', () => {
  assert.equal(returnPathFrom('?next=%2Fmaps%2F7'), '/maps/7');
  assert.equal(returnPathFrom('?next=/maps/7/print?view=customer'), '/maps/7/print?view=customer');
  assert.equal(returnPathFrom(loginPath('/workshops/3/projector').split('?')[1] ?? ''), '/workshops/3/projector');
  assert.equal(returnPathFrom(''), '/');
  assert.equal(returnPathFrom('?next='), '/');
  assert.equal(returnPathFrom('?next=https%3A%2F%2Fevil.example'), '/');
  assert.equal(returnPathFrom('?next=%2F%2Fevil.example'), '/');
  assert.equal(returnPathFrom('?next=%2F%5Cevil.example'), '/');
});

test('which pages need a facilitator', () => {
  for (const page of ['facilitator', 'projector', 'members', 'offerings', 'templates', 'template', 'map', 'map-print']) {
    assert.ok(needsSignIn(page), page);
  }
  for (const page of ['home', 'login', 'signup', 'join', 'participant', 'invite', 'shared', 'not-found']) {
    assert.ok(!needsSignIn(page), page);
  }
});
