'use client';

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { ROLE_LABELS, ROLES, type Role } from '@/lib/auth/roles';

/** A role picker that submits with its form (Radix renders a hidden native select for `name`). */
export function RoleSelect({ id, name, defaultValue, disabled, label }: { id: string; name: string; defaultValue: Role; disabled?: boolean; label?: string }) {
  return (
    <Select name={name} defaultValue={defaultValue} disabled={disabled}>
      <SelectTrigger id={id} className="w-40" aria-label={label}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        {ROLES.map((r) => (
          <SelectItem key={r} value={r}>
            {ROLE_LABELS[r]}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
