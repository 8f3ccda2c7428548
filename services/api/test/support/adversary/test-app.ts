import { AdversaryClient, injectTransport } from './client';
import { INGEST_KEY, PRIVACY_KEY, READ_KEY, WEBHOOK_SECRET, startApp } from '../app';

/**
 * A test app for the adversary suites: rate limits lifted (the attack sends thousands of
 * requests from one key; limiting is tested elsewhere) and a client driving it through inject().
 */
export const CREDENTIALS = { ingestKey: INGEST_KEY, readKey: READ_KEY, privacyKey: PRIVACY_KEY, webhookSecret: WEBHOOK_SECRET };

export async function startAdversaryApp(env: Record<string, string> = {}) {
  const t = await startApp({ RATE_LIMIT_MAX: '10000000', ...env });
  const client = new AdversaryClient(injectTransport(t.app), CREDENTIALS);
  return { t, client };
}
