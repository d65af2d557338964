/**
 * The client's address as Express's `req.ip` works it out, for requests that do not pass through
 * Express (the socket handshake): the connection's own address, or, behind proxies the configuration
 * trusts (CONCORDAT_TRUST_PROXY), the nearest address in X-Forwarded-For that is not one of them.
 */
export function clientAddress(
  remote: string,
  forwardedFor: string | string[] | undefined,
  trust: (address: string, hop: number) => boolean,
): string {
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = [
    remote,
    ...header
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean)
      .reverse(),
  ];
  let hop = 0;
  while (hop < chain.length - 1 && trust(chain[hop] ?? '', hop)) hop++;
  return chain[hop] ?? remote;
}
