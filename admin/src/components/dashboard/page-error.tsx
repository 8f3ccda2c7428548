import { AlertTriangle } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';

/** An expected failure (API down, models not built) said plainly, inside the page. */
export function PageError({ message }: { message: string }) {
  return (
    <Alert variant="destructive" data-testid="page-error">
      <AlertTriangle aria-hidden />
      <AlertTitle>This page could not be loaded</AlertTitle>
      <AlertDescription>
        <p>{message}</p>
      </AlertDescription>
    </Alert>
  );
}
