'use client';

import { useEffect } from 'react';
import { RotateCcw, ServerCrash } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * The error state of a data page (its error.tsx). Production builds hide server error
 * messages from the browser; the digest lets staff quote the matching server log line.
 */
export function SegmentError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <Alert variant="destructive" data-testid="segment-error">
      <ServerCrash aria-hidden />
      <AlertTitle>{title} could not be loaded</AlertTitle>
      <AlertDescription>
        <p>Something went wrong on the server. Try again; if it keeps failing, give the operators this reference: {error.digest ?? 'n/a'}.</p>
        <Button variant="outline" size="sm" onClick={reset} className="mt-2">
          <RotateCcw aria-hidden /> Try again
        </Button>
      </AlertDescription>
    </Alert>
  );
}
