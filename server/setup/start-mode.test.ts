import { describe, expect, it } from 'vitest';
import { decideStartMode, isLoopbackHost } from './start-mode';

const none = { demo: 0, real: 0 };
const demoOnly = { demo: 15, real: 0 };
const real = { demo: 0, real: 3 };

describe('what the server does with its database at start', () => {
  it('seeds the demo into an empty database on this machine (npm start on a fresh clone)', () => {
    expect(decideStartMode({ demo: 'auto', isLoopback: true, accounts: none })).toEqual({
      mode: 'demo',
      shouldSeed: true,
    });
  });

  it('waits for setup on the network, or when the demo is switched off', () => {
    expect(decideStartMode({ demo: 'auto', isLoopback: false, accounts: none })).toEqual({ mode: 'setup' });
    expect(decideStartMode({ demo: 'off', isLoopback: true, accounts: none })).toEqual({ mode: 'setup' });
  });

  it('seeds the demo on the network only when CONCORDAT_DEMO=true says so', () => {
    expect(decideStartMode({ demo: 'on', isLoopback: false, accounts: none })).toEqual({
      mode: 'demo',
      shouldSeed: true,
    });
  });

  it('serves an existing demo again without seeding it twice', () => {
    expect(decideStartMode({ demo: 'auto', isLoopback: true, accounts: demoOnly })).toEqual({
      mode: 'demo',
      shouldSeed: false,
    });
  });

  it('refuses the demo in a database with real accounts, and a demo database served as a real one', () => {
    expect(decideStartMode({ demo: 'on', isLoopback: true, accounts: real })).toMatchObject({ mode: 'refuse' });
    expect(decideStartMode({ demo: 'off', isLoopback: true, accounts: demoOnly })).toMatchObject({ mode: 'refuse' });
    expect(decideStartMode({ demo: 'auto', isLoopback: false, accounts: demoOnly })).toMatchObject({ mode: 'refuse' });
  });

  it('serves a real area whatever the address', () => {
    expect(decideStartMode({ demo: 'auto', isLoopback: false, accounts: real })).toEqual({ mode: 'live' });
    expect(decideStartMode({ demo: 'auto', isLoopback: true, accounts: real })).toEqual({ mode: 'live' });
  });

  it('knows the loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'concordat.example'])
      expect(isLoopbackHost(host), host).toBe(false);
  });
});
