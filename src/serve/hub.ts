//! Server-sent events: every open page gets `state` (the whole view) and `progress` (build progress) events.

export interface ServerEvent {
  event: 'state' | 'progress';
  data: string;
}

export class EventHub {
  private readonly listeners = new Set<(e: ServerEvent) => void>();

  add(listener: (e: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(event: ServerEvent['event'], payload: unknown): void {
    const e = { event, data: JSON.stringify(payload) };
    for (const l of this.listeners) l(e);
  }

  get size(): number {
    return this.listeners.size;
  }
}
