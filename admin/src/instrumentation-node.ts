import { ConfigError, env } from './lib/server/env';
import { installPeerAddressHook } from './lib/server/session-address';
import { sessionStore } from './lib/server/session-store';

// Validate the configuration at boot (exit listing every problem rather than fail on the first
// request) and open the session store, which announces where sessions live — loudly when it is
// this process's memory.
try {
  env();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`[admin] ${err.message}`);
    process.exit(78); // EX_CONFIG, like the API
  }
  throw err;
}
sessionStore();
// Before the first request: Next hides the socket address behind a client-sent X-Forwarded-For,
// so the login's per-address limit reads it from a header this hook writes (session-address.ts).
installPeerAddressHook();
