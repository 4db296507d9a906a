// One polite live region for the whole app: phase changes, "time's up" and other news a
// screen reader user would otherwise miss because nothing they focused changed.

/** The sentence the live region currently holds. */
export const announcement = $state({ text: '' });

let clearTimer: ReturnType<typeof setTimeout> | null = null;

/** Says `text` to screen readers (politely, after what they are reading). */
export function announce(text: string): void {
  // Emptying first makes the same sentence twice in a row be read twice.
  announcement.text = '';
  if (clearTimer) clearTimeout(clearTimer);
  clearTimer = setTimeout(() => {
    announcement.text = text;
    clearTimer = null;
  }, 50);
}
