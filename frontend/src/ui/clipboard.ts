// Copying a link to the clipboard, also on plain-http hosts where the Clipboard API is missing.

/**
 * Copies `text`. Without the Clipboard API (insecure origins) it copies the selection of `input`,
 * which should show the same text. Throws when neither works; `input` is then left selected for Ctrl+C.
 */
export async function copyText(text: string, input?: HTMLInputElement): Promise<void> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    input?.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } catch (err) {
    input?.select();
    throw err;
  }
}
