import { LOGIN_ROLES } from '@cbc/db';

/**
 * `credentialRotation` (stack config): generator id → a number that only goes up. Raising it
 * replaces that one generated credential (a `keepers` change on its RandomPassword) and, being
 * plain config, changes the credentials checksum already at `pulumi preview`, so the pods roll
 * with the new value. The deletion-ledger key is not here on purpose: rotating it orphans every
 * ledger hash (set `privacyLedgerKey` explicitly, after re-keying, if you must).
 */
export type Rotation = Partial<Record<RotationId, number>>;

export const ROTATION_IDS = [
  ...(Object.keys(LOGIN_ROLES) as (keyof typeof LOGIN_ROLES)[]),
  'redis',
  'hmac',
  'ip-salt',
  'ingest-key',
  'privacy-key',
  'admin-read-key',
  'admin-privacy-key',
] as const;
export type RotationId = (typeof ROTATION_IDS)[number];

/**
 * The RandomPassword/RandomBytes arguments for `id`: no keepers until the first rotation, so
 * stacks that never rotate keep their existing values (adding keepers would replace them).
 */
export function rotationKeepers(rotation: Rotation | undefined, id: string): { keepers?: Record<string, string> } {
  const n = (rotation as Record<string, number> | undefined)?.[id];
  return n ? { keepers: { rotation: String(n) } } : {};
}

/** What identifies the current value of a generated credential: known at preview, unlike the value. */
export const generation = (rotation: Rotation | undefined, id: string) => `generated:${id}:${(rotation as Record<string, number> | undefined)?.[id] ?? 0}`;
