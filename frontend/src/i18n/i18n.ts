// The app's words in Japanese and English: a typed dictionary per feature, chosen by
// the current locale. TypeScript checks that every language has every message, so a
// missing translation fails `npm run check` instead of showing a key at run time.
import { currentLocale, type Locale } from './locale.ts';
import { account } from './messages/account.ts';
import { board } from './messages/board.ts';
import { catalog } from './messages/catalog.ts';
import { common } from './messages/common.ts';
import { errors } from './messages/errors.ts';
import { maps } from './messages/maps.ts';
import { members } from './messages/members.ts';
import { pages } from './messages/pages.ts';
import { portfolio } from './messages/portfolio.ts';
import { stories } from './messages/stories.ts';
import { templates } from './messages/templates.ts';
import { upsell } from './messages/upsell.ts';
import { voting } from './messages/voting.ts';

function dictionary(locale: Locale) {
  return {
    common: common[locale],
    errors: errors[locale],
    board: board[locale],
    voting: voting[locale],
    pages: pages[locale],
    catalog: catalog[locale],
    maps: maps[locale],
    templates: templates[locale],
    members: members[locale],
    portfolio: portfolio[locale],
    account: account[locale],
    upsell: upsell[locale],
    stories: stories[locale],
  };
}

/** Every message, grouped by feature. */
export type Messages = ReturnType<typeof dictionary>;

const dictionaries: Record<Locale, Messages> = { en: dictionary('en'), ja: dictionary('ja') };

/**
 * The messages of the current language: `t.board.addIdea`, `t.voting.votesLeft(2, 3)`.
 * Reading a group goes through the current locale, so components re-render on a switch.
 */
export const t: Messages = new Proxy({} as Messages, {
  get(_target, group: string | symbol) {
    return dictionaries[currentLocale()][group as keyof Messages];
  },
});

/** The messages of one language, e.g. for tests. */
export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}
