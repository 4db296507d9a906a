// A stand-in for the browser's WebSocket in unit tests of the socket and
// the board client: it records what was sent, and the test plays the server.
import type { SocketLike } from './ws.ts';

export class FakeSocket implements SocketLike {
  sent: string[] = [];
  closed: { code?: number } | null = null;
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number): void {
    this.closed = { code };
  }
  open(): void {
    this.onopen?.({});
  }
  receive(msg: unknown): void {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
  serverClose(code: number): void {
    this.onclose?.({ code, reason: '' });
  }
  lastCommand(): { id: string; type: string; data: Record<string, unknown> } {
    return JSON.parse(this.sent.at(-1) ?? 'null');
  }
}
