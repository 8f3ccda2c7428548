import Link from 'next/link';
import { SignedInFrame } from '@/components/dashboard/signed-in-frame';
import { Button } from '@/components/ui/button';

/** Any unknown path (and notFound() in a page); a signed-in visitor keeps the navigation. */
export default function NotFound() {
  return (
    <SignedInFrame>
      <div className="max-w-md space-y-4 text-center" data-testid="not-found">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="text-sm text-muted-foreground">There is no page at this address, or the thing it names no longer exists.</p>
        <Button asChild variant="outline">
          <Link href="/">Back to the overview</Link>
        </Button>
      </div>
    </SignedInFrame>
  );
}
