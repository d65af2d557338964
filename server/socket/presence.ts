import type { TActor } from '@shared/schemas/user';

/**
 * Who is looking at which card. Ephemeral by design: kept in memory, sent with volatile emits,
 * never stored. A restart simply empties it and consoles announce themselves again.
 */
export function createPresence() {
  const viewersByCase = new Map<string, Map<string, TActor>>();
  const caseBySocket = new Map<string, string>();

  const viewersOf = (caseId: string): TActor[] => {
    const unique = new Map<string, TActor>();
    for (const actor of viewersByCase.get(caseId)?.values() ?? []) unique.set(actor.id, actor);
    return [...unique.values()];
  };

  /** Records what a socket now views; returns the cards whose viewer list changed. */
  const view = (socketId: string, actor: TActor, caseId: string | null): string[] => {
    const previous = caseBySocket.get(socketId);
    if (previous === caseId) return [];
    const changed: string[] = [];
    if (previous) {
      viewersByCase.get(previous)?.delete(socketId);
      if (viewersByCase.get(previous)?.size === 0) viewersByCase.delete(previous);
      caseBySocket.delete(socketId);
      changed.push(previous);
    }
    if (caseId) {
      const viewers = viewersByCase.get(caseId) ?? new Map<string, TActor>();
      viewers.set(socketId, actor);
      viewersByCase.set(caseId, viewers);
      caseBySocket.set(socketId, caseId);
      changed.push(caseId);
    }
    return changed;
  };

  return { view, viewersOf, leave: (socketId: string, actor: TActor) => view(socketId, actor, null) };
}
