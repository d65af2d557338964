import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';

const trustNone = () => false;
const trustLoopback = (address: string) => address === '127.0.0.1' || address === '::1';

describe('the client address of a socket, as req.ip works it out', () => {
  it('is the connection’s own address when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('203.0.113.7', '10.9.9.9', trustNone)).toBe('203.0.113.7');
  });

  it('is the nearest untrusted address behind trusted proxies', () => {
    expect(clientAddress('127.0.0.1', '198.51.100.4, 203.0.113.9', trustLoopback)).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', ['198.51.100.4', '127.0.0.1'], trustLoopback)).toBe('198.51.100.4');
  });

  it('is the last address in the chain when every hop is trusted, and the proxy’s own without the header', () => {
    expect(clientAddress('127.0.0.1', '127.0.0.1', () => true)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, trustLoopback)).toBe('127.0.0.1');
  });
});
