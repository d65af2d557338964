import { StoreUniqueViolation } from '@db/repositories';
import { seedDemoArea } from '../demo/seed-demo-area';
import type { TServices } from '../services';
import { beginSetup } from './setup-mode';
import { decideStartMode, isLoopbackHost } from './start-mode';

/**
 * Before serving: refuse a database an older demo made, then decide (pure rule, server/setup/start-mode.ts)
 * between the demo, setup mode and a live area.
 */
export async function prepareInstance(services: TServices): Promise<void> {
  const { config, store } = services;
  const areas = await store.areas.list();
  if (areas.some((a) => a.shortCode === '')) {
    throw new Error(
      `The database ${config.databasePath} was made by an earlier version's demo and cannot be upgraded. ` +
        'Delete it (or set CONCORDAT_DB to a new file) and start again to get the current demo.',
    );
  }
  const start = decideStartMode({
    demo: config.demo,
    // Behind a proxy on the same machine the server listens on loopback but serves the network.
    isLoopback: isLoopbackHost(config.host) && config.trustProxy === false && config.publicUrl === null,
    accounts: await store.accounts.counts(),
  });
  if (start.mode === 'refuse') throw new Error(start.message);
  if (start.mode === 'setup') beginSetup(services);
  else services.instance.mode = start.mode;
  if (start.mode === 'demo' && start.shouldSeed) await seedOnce(services, config.demoPassword);
}

/**
 * Seeds the demo area, unless another node sharing the database seeded it first: nodes started together
 * both find no accounts, and the second one's first write (the area, a fixed id) is refused, before it has
 * written anything. That node then serves the demo the first one makes.
 */
async function seedOnce(services: TServices, password: string): Promise<void> {
  try {
    await seedDemoArea(services, password);
  } catch (error) {
    const seededElsewhere = error instanceof StoreUniqueViolation && (await services.store.areas.list()).length > 0;
    if (!seededElsewhere) throw error;
  }
}
