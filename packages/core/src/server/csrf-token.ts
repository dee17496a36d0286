import { randomFillSync } from 'node:crypto';

const tokenBytes = 24;
const pool = Buffer.alloc(tokenBytes * 256);
let offset = pool.length;

/**
 * A new CSRF token: 24 random bytes (192 bits), base64url. The host mints one for every answer
 * to a client without the cookie; one `getrandom` call per token was about 8 % of the CPU of a
 * cookie-less request (the portal's resolve under autocannon), so tokens are cut from a pool
 * filled 256 at a time, as node's `randomUUID` does. Each token is handed out once.
 */
export function newCsrfToken(): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + tokenBytes);
  offset += tokenBytes;
  return token;
}
