import Link from 'next/link';
import { ShieldX } from 'lucide-react';
import { SignedInFrame } from '@/components/dashboard/signed-in-frame';
import { Button } from '@/components/ui/button';

/** Rendered with status 403 when a role guard calls forbidden(); the navigation stays. */
export default function Forbidden() {
  return (
    <SignedInFrame>
      <div className="max-w-md space-y-4 text-center" data-testid="forbidden">
        <ShieldX className="mx-auto size-10 text-destructive" aria-hidden />
        <h1 className="text-xl font-semibold">You do not have access to this page</h1>
        <p className="text-sm text-muted-foreground">Your role does not include it. Ask an admin if you need it.</p>
        <Button asChild variant="outline">
          <Link href="/">Back to the overview</Link>
        </Button>
      </div>
    </SignedInFrame>
  );
}
