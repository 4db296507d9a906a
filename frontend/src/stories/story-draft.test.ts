import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymizePreview, likeness, namesToStrip, newStoryDraft, rankStories, storyProblems, stripNames } from './story-draft.ts';
import { storyQuery } from './stories-api.ts';


test('a story needs a title, an outcome and an explicit yes from the customer; the quote is optional', () => {
  const d = newStoryDraft({ title: 'Acme map' });
  assert.equal(d.consent, false, 'consent is never assumed');
  assert.deepEqual(storyProblems(d), { outcome: 'required', consent: 'required' });
  assert.deepEqual(storyProblems({ ...d, outcome: 'o', consent: true }), {});
  assert.deepEqual(storyProblems({ ...d, title: '  ', quote: 'q', outcome: 'o', consent: true }), { title: 'required' });
  assert.deepEqual(storyProblems({ ...d, quote: 'x'.repeat(1001), outcome: 'o', consent: true }), { quote: 'too_long' });
  assert.deepEqual(storyProblems({ ...d, quote: 'q', outcome: 'o', consent: true }), {});
  // Editing a story already told needs no second consent.
  assert.deepEqual(storyProblems({ ...d, quote: 'q', outcome: 'o' }, false), {});
});

test('length limits count characters, not UTF-16 units', () => {
  const d = { ...newStoryDraft({ title: '🎉'.repeat(200) }), quote: 'q', outcome: 'o', consent: true };
  assert.deepEqual(storyProblems(d), {});
});

test('anonymizing strips the account’s name and the step owners’ names, once each, whatever the case', () => {
  const names = namesToStrip('Acme Corp', ['Ken Sato', 'ken sato', '', 'A', 'Mika']);
  assert.deepEqual(names, [
    { name: 'Acme Corp', kind: 'account' },
    { name: 'Ken Sato', kind: 'person' },
    { name: 'Mika', kind: 'person' },
  ]);
  assert.equal(stripNames('ACME CORP asked Ken Sato; mika agreed', names), '[customer] asked [name]; [name] agreed');
  // Parts of a name go too, as whole words where they are plain letters: Sato-san, not "Satoshi".
  assert.equal(stripNames('Sato-san met Satoshi at Acme', names), '[name]-san met Satoshi at [customer]');
  // Names with regular-expression characters are matched literally.
  assert.equal(stripNames('A+B*Japan grew', namesToStrip('A+B*Japan', [])), '[customer] grew');
  assert.equal(stripNames('We at A+B (Japan) grew', namesToStrip('A+B (Japan)', [])), 'We at [customer] grew', 'nothing of the whole name is left behind');
  assert.equal(stripNames('株式会社山田の山田さん', namesToStrip('株式会社山田', ['山田 太郎'])), '[customer]の[name]さん');
});

test('the preview lists the texts anonymizing changes, before and after', () => {
  const map = {
    accountName: 'Acme',
    statements: [{ text: 'Acme closes the month in a day', votes: 3 }, { text: 'Happy staff', votes: 1 }],
    challenges: [{ text: 'Mika retypes invoices', johari: 'open' as const, offeringIds: [] }],
    actions: [{ text: 'Pilot', owner: 'Mika', team: 'Ops', due: '', status: 'todo' as const }],
  };
  const p = anonymizePreview(map, { title: 'Acme story', quote: 'It just works', outcome: '' });
  assert.deepEqual(p.names.map((n) => n.name), ['Acme', 'Mika']);
  assert.deepEqual(p.texts, [
    { before: 'Acme story', after: '[customer] story' },
    { before: 'Acme closes the month in a day', after: '[customer] closes the month in a day' },
    { before: 'Mika retypes invoices', after: '[name] retypes invoices' },
  ]);
});

test('customers like you: same industry and size first, then industry, then size, newest first within', () => {
  const s = (id: number, industry: string, size: string, createdAt: string) => ({ id, industry, sizeBand: size as '51-200', createdAt });
  const stories = [
    s(1, 'Retail', '1-50', '2026-01-01'),
    s(2, 'Logistics', '51-200', '2026-01-02'),
    s(3, 'retail ', '51-200', '2026-01-03'),
    s(4, 'Retail', '51-200', '2026-02-01'),
    s(5, 'Logistics', '1-50', '2026-03-01'),
  ];
  const account = { industry: 'Retail', size: '51-200' as const };
  assert.deepEqual(rankStories(stories, account).map((x) => x.id), [4, 3, 1, 2, 5]);
  assert.equal(likeness(stories[0]!, account), 'industry');
  assert.equal(likeness(stories[1]!, account), 'size');
  assert.equal(likeness(stories[4]!, account), 'none');
  // An account without industry or size matches nothing; the order is just newest first.
  assert.deepEqual(rankStories(stories, { industry: '', size: '' }).map((x) => x.id), [5, 4, 3, 2, 1]);
  assert.equal(likeness(stories[0]!, { industry: '', size: '' }), 'none');
});

test('the stories query carries only the filters that are set', () => {
  assert.equal(storyQuery({}), '');
  assert.equal(storyQuery({ industry: ' Retail ', size: '', offeringId: null }), '?industry=Retail');
  assert.equal(storyQuery({ industry: '', size: '51-200', offeringId: 7 }), '?size=51-200&offeringId=7');
});
