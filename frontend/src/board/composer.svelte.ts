// What the idea and insight composers share: the draft and its length, sending it once, Enter to send
// (never the Enter that confirms Japanese input-method conversion), and telling the room while the
// person types.
import { isImeEnter } from '../lib/ime.ts';
import { TypingSignal } from './typing.ts';
import { MAX_IDEA_LENGTH, runeLength } from './actions.ts';

export class Draft {
  text = $state('');
  busy = $state(false);
  readonly length = $derived(runeLength(this.text.trim()));
  readonly tooLong = $derived(this.length > MAX_IDEA_LENGTH);
  readonly #send: (text: string) => Promise<unknown>;
  readonly #typing: TypingSignal;

  /** `send` adds the text; `ontyping` hears when the person starts, keeps on and stops typing. */
  constructor(send: (text: string) => Promise<unknown>, ontyping: (active: boolean) => void) {
    this.#send = send;
    this.#typing = new TypingSignal(ontyping);
  }

  get canSend(): boolean {
    return !this.busy && this.length > 0 && !this.tooLong;
  }

  /** Sends the draft; on success it is cleared, on failure it stays to be fixed and resent. */
  readonly submit = async (ev: SubmitEvent): Promise<void> => {
    ev.preventDefault();
    const value = this.text.trim();
    if (!value || this.tooLong || this.busy) return;
    this.#typing.stop();
    this.busy = true;
    try {
      await this.#send(value);
      this.text = '';
    } catch {
      // The board shows the server's error.
    } finally {
      this.busy = false;
    }
  };

  /** Enter sends (Shift+Enter is a new line). */
  readonly keydown = (ev: KeyboardEvent): void => {
    if (ev.key !== 'Enter' || ev.shiftKey || isImeEnter(ev)) return;
    ev.preventDefault();
    (ev.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
  };

  readonly input = (ev: Event): void => this.#typing.input((ev.currentTarget as HTMLTextAreaElement).value);

  /** Input-method composition is typing too, though the value has not changed yet. */
  readonly composing = (ev: CompositionEvent): void =>
    this.#typing.input((ev.currentTarget as HTMLTextAreaElement).value + (ev.data ?? ''));

  /** Stops telling the room (leaving the field, or the composer going away). */
  readonly stopTyping = (): void => this.#typing.stop();
}
