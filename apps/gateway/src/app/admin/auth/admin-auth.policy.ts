/** Failed admin authentications tolerated per client address and window, then that address is refused for the block time. */
export const ADMIN_AUTH_THROTTLER = {
  name: 'admin-auth-failures',
  limit: 10,
  ttl: 60_000,
  blockDuration: 60_000,
} as const;

export const ADMIN_TOKEN_STORAGE = Symbol('ADMIN_TOKEN_STORAGE');
