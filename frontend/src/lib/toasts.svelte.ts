// Short messages at the edge of the screen: errors the server sent, "Idea deleted — Undo".
// One list for the whole app, shown by Toaster.svelte.

/** A button on a toast, e.g. Undo. */
export interface ToastAction {
  label: string;
  run: () => unknown;
}

/** One message on screen. */
export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  /** A smaller second line, e.g. the error code. */
  detail?: string;
  action?: ToastAction;
  /** How long it stays while not hovered or focused. */
  timeoutMs: number;
  /** data-testid of the toast, for tests. */
  testid?: string;
}

/** Errors stay long enough to read twice; plain notes go sooner. */
export const ERROR_TOAST_MS = 10_000;
export const INFO_TOAST_MS = 5_000;
/** At most this many at once; the oldest go first. */
const MAX_TOASTS = 4;

/** The toasts on screen, oldest first. */
export const toasts = $state<Toast[]>([]);
let lastId = 0;

/** Shows a toast and returns its id. */
export function showToast(toast: Omit<Toast, 'id' | 'timeoutMs'> & { timeoutMs?: number }): number {
  const id = ++lastId;
  const timeoutMs = toast.timeoutMs ?? (toast.kind === 'error' ? ERROR_TOAST_MS : INFO_TOAST_MS);
  toasts.push({ ...toast, id, timeoutMs });
  while (toasts.length > MAX_TOASTS) toasts.shift();
  return id;
}

/** Removes a toast (no-op if it is already gone). */
export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}
