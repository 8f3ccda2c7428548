'use client';

import { useActionState } from 'react';
import { UserPlus } from 'lucide-react';
import { createStaffAction } from '@/app/(dashboard)/staff/actions';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/cn';
import { RoleSelect } from './role-select';

export function CreateStaffForm({ csrf }: { csrf: string }) {
  const [state, action, pending] = useActionState(createStaffAction, null);
  return (
    <Card aria-labelledby="create-staff-title">
      <CardHeader>
        <div className="space-y-1">
          <CardTitle id="create-staff-title">Add a staff member</CardTitle>
          <CardDescription>Share the initial password through a separate channel; at least 12 characters.</CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        <form action={action} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="csrf" value={csrf} />
          <div className="grid min-w-56 flex-1 gap-1.5">
            <Label htmlFor="new-email">Email</Label>
            <Input id="new-email" name="email" type="email" autoComplete="off" required />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="new-role">Role</Label>
            <RoleSelect id="new-role" name="role" defaultValue="viewer" />
          </div>
          <div className="grid min-w-56 flex-1 gap-1.5">
            <Label htmlFor="new-password">Initial password</Label>
            <Input id="new-password" name="password" type="password" autoComplete="new-password" minLength={12} required />
          </div>
          <Button type="submit" disabled={pending}>
            <UserPlus aria-hidden /> Add
          </Button>
        </form>
        {state && (
          <p role="status" className={cn('mt-3 text-sm', state.ok ? 'text-success' : 'text-destructive')}>
            {state.message}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
