// Small keyboard helpers for components.

/** Calls `onescape` when Escape is pressed inside `node` (a Svelte action). */
export function escapeKey(node: HTMLElement, onescape: () => void) {
  let handler = onescape;
  const keydown = (ev: KeyboardEvent): void => {
    if (ev.key !== 'Escape') return;
    ev.preventDefault();
    ev.stopPropagation();
    handler();
  };
  node.addEventListener('keydown', keydown);
  return {
    update(next: () => void) {
      handler = next;
    },
    destroy() {
      node.removeEventListener('keydown', keydown);
    },
  };
}
