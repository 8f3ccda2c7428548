'use server';

import { revalidatePath } from 'next/cache';
import { hashPassword, insertStaff, isStaffId, isStaffRole, normalizeEmail, passwordProblem, setStaffDisabled, setStaffPassword, setStaffRole } from '@cbc/staff';
import { requireAction } from '@/lib/server/session';
import { isStoreUnavailable, sessionStore } from '@/lib/server/session-store';
import { withStaffDb } from '@/lib/server/staff-db';

export interface ActionState {
  ok: boolean;
  message: string;
}

/*
 * Staff management, admin only. Each action checks origin, session, role and CSRF token
 * itself (requireAction): a server action is a public POST endpoint whatever page shows it.
 * Disabling an account or resetting its password ends its sessions at once; a role change
 * applies on the account's next request (sessions re-read the account).
 */

/** Ends every session of an account; null when the store is down (the caller says so). */
async function endSessions(staffId: string): Promise<number | null> {
  try {
    return await sessionStore().destroyAllFor(staffId);
  } catch (err) {
    if (isStoreUnavailable(err)) return null;
    throw err;
  }
}

const ended = (n: number | null) => (n === null ? 'its sessions could not be ended now (session store down) and will be refused once it is back' : `${n} session(s) ended`);

export async function createStaffAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  const guard = await requireAction('admin', form);
  if (!guard.ok) return { ok: false, message: guard.error };
  const email = normalizeEmail(form.get('email'));
  if (!email) return { ok: false, message: 'Enter a valid email address.' };
  const role = form.get('role');
  if (!isStaffRole(role)) return { ok: false, message: 'Choose a role.' };
  const password = form.get('password');
  const problem = passwordProblem(password);
  if (problem) return { ok: false, message: `The password is not acceptable: ${problem}.` };
  const created = await withStaffDb(async (db) => insertStaff(db, { email, role, passwordHash: await hashPassword(password as string) }));
  if (!created) return { ok: false, message: `${email} already has an account.` };
  revalidatePath('/staff');
  return { ok: true, message: `Created ${email} (${role}).` };
}

export async function updateStaffAction(_prev: ActionState | null, form: FormData): Promise<ActionState> {
  const guard = await requireAction('admin', form);
  if (!guard.ok) return { ok: false, message: guard.error };
  const staffId = form.get('staff_id');
  if (!isStaffId(staffId)) return { ok: false, message: 'Unknown account.' };
  const op = form.get('op');
  // Nobody changes their own role or disables themself: there is always an admin left.
  if (staffId === guard.session.staffId && (op === 'role' || op === 'disable')) {
    return { ok: false, message: 'You cannot change your own role or disable your own account.' };
  }
  switch (op) {
    case 'role': {
      const role = form.get('role');
      if (!isStaffRole(role)) return { ok: false, message: 'Choose a role.' };
      await withStaffDb((db) => setStaffRole(db, staffId, role));
      revalidatePath('/staff');
      return { ok: true, message: `Role changed to ${role}.` };
    }
    case 'disable':
    case 'enable': {
      await withStaffDb((db) => setStaffDisabled(db, staffId, op === 'disable'));
      // A disabled account's sessions are refused anyway (every check re-reads the account);
      // ending them here also frees them in the store.
      const n = op === 'disable' ? await endSessions(staffId) : 0;
      revalidatePath('/staff');
      return { ok: true, message: op === 'disable' ? `Account disabled; ${ended(n)}.` : 'Account enabled.' };
    }
    case 'password': {
      const password = form.get('password');
      const problem = passwordProblem(password);
      if (problem) return { ok: false, message: `The password is not acceptable: ${problem}.` };
      const hash = await hashPassword(password as string);
      await withStaffDb((db) => setStaffPassword(db, staffId, hash));
      const n = await endSessions(staffId);
      revalidatePath('/staff');
      return { ok: true, message: `Password reset; ${ended(n)}.` };
    }
    default:
      return { ok: false, message: 'Unknown operation.' };
  }
}
