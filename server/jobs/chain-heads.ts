import type { TChainHead } from '@db/repositories';
import type { TServices } from '../services';

/** How often the server writes the audit logs' heads to its log, when they have moved (R-IG-AUDIT). */
export const CHAIN_HEAD_LOG_MS = 10 * 60_000;

/** One head as `npm run audit:verify -- --expect` takes it: `events:<seq>:<hash>`, `access_log:<id>:<hash>`. */
export const headArgument = (head: TChainHead): string => `${head.log}:${head.key}:${head.hash}`;

/**
 * Writes each audit log's head (its last row's key and hash) to the server's log, one `audit chain head`
 * info line per log: every head the first time, then only those that moved. The database holds the only
 * other copy of a head, so someone able to write the file could cut rows from the end of a log without
 * breaking a link; these lines, kept away from the machine with the rest of the log, are what
 * `npm run audit:verify -- --expect <head>` checks the chain against (docs/ARCHITECTURE.md, "Audit you
 * can trust"). Only the key and the hash are logged, nothing of a row's content.
 */
export function createChainHeadLog(services: Pick<TServices, 'store' | 'logger'>): () => Promise<void> {
  const logged = new Map<TChainHead['log'], string>();
  return async () => {
    for (const head of await services.store.integrity.heads()) {
      const argument = headArgument(head);
      if (logged.get(head.log) === argument) continue;
      services.logger.info(
        { audit: 'chain-head', log: head.log, key: head.key, hash: head.hash, expect: argument },
        'audit chain head',
      );
      logged.set(head.log, argument);
    }
  };
}
