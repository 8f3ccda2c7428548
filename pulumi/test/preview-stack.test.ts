// `pulumi preview` of a fresh stack: nothing generated exists yet (every RandomPassword is
// unknown), yet the app chart's values must be fully known, or Helm cannot render the chart and
// the preview shows none of its objects ("Input properties have unknown values").
import { beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_ROLES, type LoginRole } from '@cbc/db';
import { rotationKeepers } from '../src/rotation';
import { AppSecrets, type AppSecretsArgs } from '../src/secrets';
import { containsUnknown, DEFAULT_CONFIG, one, outputValue, runProgram, unwrap, type Run } from './harness';

let run: Run;
beforeAll(async () => {
  run = await runProgram(DEFAULT_CONFIG, [], { preview: true });
});

describe('a first preview', () => {
  it('runs with the generated credentials unknown (the harness is not vacuous)', () => {
    expect(containsUnknown(one(run, 'kubernetes:core/v1:Secret', 'secrets-credentials').inputs)).toBe(true);
  });

  it('hands the app chart values with no unknown in them', () => {
    const chart = one(run, 'kubernetes:helm.sh/v4:Chart', 'app');
    expect(containsUnknown(chart.inputs)).toBe(false);
    const values = unwrap<Record<string, unknown>>(chart.inputs.values);
    expect(values.existingSecret).toBe('cbc-credentials');
    expect(values.existingSecretChecksum).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('the credentials checksum', () => {
  const urls = { databaseUrls: Object.fromEntries(Object.keys(LOGIN_ROLES).map((r) => [r, `cnpg:cbc/cbc-pg:generated:${r}:0`])) as Record<LoginRole, string>, redisUrl: 'statefulset:cbc/cbc-redis:generated:redis:0' };
  const base = {
    namespace: 'probe',
    releaseName: 'probe',
    databaseUrls: Object.fromEntries(Object.keys(LOGIN_ROLES).map((r) => [r, `postgres://${r}:pw@h/db`])) as Record<LoginRole, string>,
    redisUrl: 'redis://:pw@r:6379/0',
    urlIdentity: urls,
  };
  let n = 0;
  const checksum = (args: Partial<AppSecretsArgs>) => outputValue(new AppSecrets(`probe-${n++}`, { ...base, ...args }).checksum);

  it('is known at preview, and the same for the same inputs', async () => {
    const a = await checksum({});
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await checksum({})).toBe(a);
  });

  it('changes when a config secret, a rotation number or a URL identity changes', async () => {
    const a = await checksum({});
    expect(await checksum({ ipSalt: 'another-salt-0123456789' })).not.toBe(a);
    expect(await checksum({ rotation: { 'admin-read-key': 1 } })).not.toBe(a);
    expect(await checksum({ urlIdentity: { ...urls, redisUrl: 'statefulset:cbc/cbc-redis:generated:redis:1' } })).not.toBe(a);
  });

  it('adds keepers to a generator only once it is rotated (existing values are kept)', () => {
    expect(rotationKeepers({}, 'ingest-key')).toEqual({});
    expect(rotationKeepers({ 'ingest-key': 2 }, 'ingest-key')).toEqual({ keepers: { rotation: '2' } });
    expect(rotationKeepers({ 'ingest-key': 2 }, 'cbc_ingest')).toEqual({});
  });
});
