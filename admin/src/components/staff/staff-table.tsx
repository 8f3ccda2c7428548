'use client';

import { useActionState } from 'react';
import type { StaffAccount } from '@cbc/staff';
import { updateStaffAction } from '@/app/(dashboard)/staff/actions';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { cn } from '@/lib/cn';
import { formatDateTime } from '@/lib/shape/format';
import { RoleSelect } from './role-select';

export function StaffTable({ accounts, csrf, selfId }: { accounts: StaffAccount[]; csrf: string; selfId: string }) {
  return (
    <Card aria-labelledby="staff-list-title">
      <CardHeader>
        <CardTitle id="staff-list-title">Accounts</CardTitle>
      </CardHeader>
      <CardContent>
        <Table>
          <caption className="sr-only">Staff accounts</caption>
          <TableHeader>
            <TableRow>
              <TableHead scope="col">Email</TableHead>
              <TableHead scope="col">Role</TableHead>
              <TableHead scope="col">Last sign-in</TableHead>
              <TableHead scope="col">Status</TableHead>
              <TableHead scope="col">Reset password</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {accounts.map((a) => (
              <StaffRow key={a.staffId} account={a} csrf={csrf} self={a.staffId === selfId} />
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function StaffRow({ account: a, csrf, self }: { account: StaffAccount; csrf: string; self: boolean }) {
  const [state, action, pending] = useActionState(updateStaffAction, null);
  const hidden = (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="staff_id" value={a.staffId} />
    </>
  );
  return (
    <TableRow data-email={a.email}>
      <TableCell>
        <span className="font-medium">{a.email}</span>
        {self && <span className="ml-2 text-xs text-muted-foreground">(you)</span>}
        {state && (
          <p role="status" className={cn('text-xs', state.ok ? 'text-success' : 'text-destructive')}>
            {state.message}
          </p>
        )}
      </TableCell>
      <TableCell>
        <form action={action} className="flex items-center gap-2">
          {hidden}
          <input type="hidden" name="op" value="role" />
          <RoleSelect id={`role-${a.staffId}`} name="role" defaultValue={a.role} disabled={self} label={`Role of ${a.email}`} />
          <Button type="submit" size="sm" variant="outline" disabled={self || pending}>
            Save
          </Button>
        </form>
      </TableCell>
      <TableCell className="text-xs text-muted-foreground">{formatDateTime(a.lastLoginAt)}</TableCell>
      <TableCell>
        <form action={action} className="flex items-center gap-2">
          {hidden}
          <input type="hidden" name="op" value={a.disabledAt ? 'enable' : 'disable'} />
          <Badge variant={a.disabledAt ? 'destructive' : 'success'}>{a.disabledAt ? 'disabled' : 'active'}</Badge>
          <Button type="submit" size="sm" variant="ghost" disabled={self || pending}>
            {a.disabledAt ? 'Enable' : 'Disable'}
          </Button>
        </form>
      </TableCell>
      <TableCell>
        <form action={action} className="flex items-center gap-2">
          {hidden}
          <input type="hidden" name="op" value="password" />
          <Input name="password" type="password" autoComplete="new-password" minLength={12} required placeholder="New password" aria-label={`New password for ${a.email}`} className="h-8 w-40" />
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            Reset
          </Button>
        </form>
      </TableCell>
    </TableRow>
  );
}
