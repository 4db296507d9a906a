// Japanese (and Chinese, Korean) input methods use Enter to confirm the converted
// characters. That Enter must never submit a form or add an idea with half-typed text.

/** The part of a keyboard event this check reads. */
export interface KeyLike {
  key: string;
  isComposing: boolean;
  keyCode: number;
}

/**
 * True for an Enter that belongs to an input method: during composition (`isComposing`),
 * or Safari's confirming Enter that arrives just after compositionend with keyCode 229.
 */
export function isImeEnter(ev: KeyLike): boolean {
  return ev.key === 'Enter' && (ev.isComposing || ev.keyCode === 229);
}

/**
 * Stops IME Enters from reaching the app's handlers or submitting a form, for every input
 * on the page (listening first, in the capture phase). Returns a function that removes it.
 */
export function guardImeEnter(doc: Document): () => void {
  const onKeydown = (ev: KeyboardEvent): void => {
    if (!isImeEnter(ev)) return;
    ev.stopPropagation();
    // Cancelling stops the implicit form submission. It does not stop the input method: the
    // browser hands it the key before the page sees it (that is what keyCode 229 means).
    ev.preventDefault();
  };
  doc.addEventListener('keydown', onKeydown, true);
  return () => doc.removeEventListener('keydown', onKeydown, true);
}
