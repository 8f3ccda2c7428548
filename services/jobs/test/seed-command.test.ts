import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { firstApiKey, seedCommand } from '../src/commands/seed';

function io(env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  return { stdin: Readable.from([]), stdout, stderr, env };
}

describe('seed command', () => {
  it('takes the secret of the first INGEST_API_KEYS entry', () => {
    expect(firstApiKey('agent:secret-one-0123456789, other:secret-two')).toBe('secret-one-0123456789');
    expect(firstApiKey(' bare-secret-0123456789 ')).toBe('bare-secret-0123456789');
    expect(() => firstApiKey(' , ')).toThrow(/no key/);
  });

  it('refuses unknown flags and bad numbers before doing anything', async () => {
    await expect(seedCommand.run(['--sed', '1'], io())).rejects.toThrow(/unknown option --sed/);
    await expect(seedCommand.run(['--scale', 'lots'], io())).rejects.toThrow(/--scale must be an integer/);
    await expect(seedCommand.run(['--days', '400'], io({ HMAC_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', INGEST_API_KEYS: 'a:b' }))).rejects.toThrow(/days must be/);
  });

  it('says which variable is missing', async () => {
    await expect(seedCommand.run([], io())).rejects.toThrow(/HMAC_SECRET is not set/);
    await expect(seedCommand.run(['--scale', '1000'], io())).rejects.toThrow(/DATABASE_URL is not set/);
  });
});
