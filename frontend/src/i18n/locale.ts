// The language the app speaks: Japanese or English. Chosen from the browser's
// languages on the first visit, then from the person's own pick (kept in
// localStorage). Reading `currentLocale()` inside a component or $derived makes it
// re-render when the language changes; in plain Node (unit tests) it is English.
import { createSubscriber } from 'svelte/reactivity';

/** The languages the app is written in. */
export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Where the person's own choice of language is remembered. */
export const LOCALE_STORAGE_KEY = 'kizuki.locale';

/** Each language's name in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { ja: '日本語', en: 'English' };

/** The first supported language among the browser's preferred ones; English if none. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'ja' || primary === 'en') return primary;
  }
  return 'en';
}

function isLocale(v: unknown): v is Locale {
  return (LOCALES as readonly unknown[]).includes(v);
}

function stored(): Locale | null {
  try {
    const v = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null; // Storage blocked (private mode, sandboxed frame): fall back to the browser's languages.
  }
}

function browserLanguages(): readonly string[] {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (!nav) return [];
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : [];
}

let current: Locale = stored() ?? localeFromLanguages(browserLanguages());
const listeners = new Set<() => void>();
const track = createSubscriber((update) => {
  listeners.add(update);
  return () => listeners.delete(update);
});

/** The language in use (reactive in components). */
export function currentLocale(): Locale {
  track();
  return current;
}

/** A BCP 47 tag for Intl: the browser's own English variant (en-GB dates for a British browser), ja-JP for Japanese. */
export function intlLocale(locale: Locale = currentLocale()): string {
  if (locale === 'ja') return 'ja-JP';
  const own = browserLanguages().find((l) => l.toLowerCase().startsWith('en'));
  return own ?? 'en-US';
}

/** Switches the language, remembers the choice and updates <html lang>. */
export function setLocale(locale: Locale): void {
  if (!isLocale(locale)) return;
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered, but still switched for this page.
  }
  if (locale === current) return;
  current = locale;
  syncDocument();
  for (const update of listeners) update();
}

/** Keeps <html lang> in step, so screen readers pronounce and fonts pick glyphs for the right language. */
export function syncDocument(): void {
  const doc = (globalThis as { document?: Document }).document;
  if (doc) doc.documentElement.lang = current;
}
