import type { TActor } from '@shared/schemas/user';

/**
 * How long another node's word on who views a card holds: nodes repeat it every REMOTE_PRESENCE_REPEAT_MS,
 * so the viewers of a node that died drop away within this.
 */
export const REMOTE_PRESENCE_MS = 30_000;
export const REMOTE_PRESENCE_REPEAT_MS = 10_000;

/**
 * Who is looking at which card. Ephemeral by design: kept in memory, sent with volatile emits,
 * never stored. A restart simply empties it and consoles announce themselves again.
 */
export function createPresence() {
  const viewersByCase = new Map<string, Map<string, TActor>>();
  const caseBySocket = new Map<string, string>();

  /** Other nodes' viewers by card and node, with when each node last said so (server/cluster.ts). */
  const remoteByCase = new Map<string, Map<string, { viewers: TActor[]; at: number; areaId: string }>>();

  /** The people on this node's consoles viewing a card. */
  const localViewersOf = (caseId: string): TActor[] => {
    const unique = new Map<string, TActor>();
    for (const actor of viewersByCase.get(caseId)?.values() ?? []) unique.set(actor.id, actor);
    return [...unique.values()];
  };

  /** Everyone viewing a card, on this node and, as they last said within REMOTE_PRESENCE_MS, on others. */
  const viewersOf = (caseId: string, now = Date.now()): TActor[] => {
    const unique = new Map(localViewersOf(caseId).map((a) => [a.id, a]));
    for (const [node, remote] of remoteByCase.get(caseId) ?? []) {
      if (now - remote.at > REMOTE_PRESENCE_MS) remoteByCase.get(caseId)?.delete(node);
      else for (const actor of remote.viewers) unique.set(actor.id, actor);
    }
    return [...unique.values()];
  };

  /** Another node's viewers of a card, as it last said (an empty list: nobody there any more). */
  const setRemote = (node: string, caseId: string, areaId: string, viewers: TActor[], now = Date.now()): void => {
    const byNode = remoteByCase.get(caseId) ?? new Map<string, { viewers: TActor[]; at: number; areaId: string }>();
    if (viewers.length === 0) byNode.delete(node);
    else byNode.set(node, { viewers, at: now, areaId });
    if (byNode.size === 0) remoteByCase.delete(caseId);
    else remoteByCase.set(caseId, byNode);
  };

  /**
   * Forgets other nodes' viewers not repeated within REMOTE_PRESENCE_MS (their node died or lost its
   * link); returns the cards whose viewers so changed, with their areas, so open consoles are told.
   */
  const expireRemote = (now = Date.now()): { caseId: string; areaId: string }[] => {
    const changed: { caseId: string; areaId: string }[] = [];
    for (const [caseId, byNode] of remoteByCase) {
      for (const [node, remote] of byNode) {
        if (now - remote.at <= REMOTE_PRESENCE_MS) continue;
        byNode.delete(node);
        changed.push({ caseId, areaId: remote.areaId });
      }
      if (byNode.size === 0) remoteByCase.delete(caseId);
    }
    return changed;
  };

  /** Every card viewed on this node now (each node says so again every few seconds). */
  const viewedHere = (): string[] => [...viewersByCase.keys()];

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

  return {
    view,
    viewersOf,
    localViewersOf,
    setRemote,
    expireRemote,
    viewedHere,
    leave: (socketId: string, actor: TActor) => view(socketId, actor, null),
  };
}
