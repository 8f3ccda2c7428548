import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AlertTriangle, CheckCircle2, Waves } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { safeNext } from '@/lib/auth/redirect';
import { currentSession } from '@/lib/server/session';
import type { SearchParams } from '@/lib/view';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

const ERRORS: Record<string, string> = {
  invalid: 'The email or password is not right, or the account is disabled.',
};

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const p = await searchParams;
  const next = safeNext(typeof p.next === 'string' ? p.next : '/');
  const s = await currentSession();
  if (s.status === 'ok') redirect(next);
  const error = typeof p.error === 'string' ? ERRORS[p.error] : undefined;
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <Card className="w-full max-w-sm">
        <CardHeader className="flex-col items-start">
          <span className="flex size-9 items-center justify-center rounded-md bg-primary text-primary-foreground">
            <Waves className="size-5" aria-hidden />
          </span>
          <h1 className="text-xl leading-tight font-semibold">CBC Analytics</h1>
          <CardDescription>Sign in with your staff account.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          {s.status === 'unavailable' && (
            <Alert variant="destructive">
              <AlertTriangle aria-hidden />
              <AlertTitle>Sign-in is unavailable</AlertTitle>
              <AlertDescription>
                <p>The session store or account database is not answering. Try again in a minute.</p>
              </AlertDescription>
            </Alert>
          )}
          {error && (
            <Alert variant="destructive" data-testid="login-error">
              <AlertTriangle aria-hidden />
              <AlertTitle>Not signed in</AlertTitle>
              <AlertDescription>
                <p>{error}</p>
              </AlertDescription>
            </Alert>
          )}
          {p.signed_out === '1' && (
            <Alert variant="success" data-testid="signed-out">
              <CheckCircle2 aria-hidden />
              <AlertTitle>Signed out</AlertTitle>
            </Alert>
          )}
          <form action="/api/auth/login" method="post" className="grid gap-4">
            <input type="hidden" name="next" value={next} />
            <div className="grid gap-1.5">
              <Label htmlFor="email">Email</Label>
              <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
            </div>
            <div className="grid gap-1.5">
              <Label htmlFor="password">Password</Label>
              <Input id="password" name="password" type="password" autoComplete="current-password" required />
            </div>
            <Button type="submit" data-testid="sign-in">
              Sign in
            </Button>
          </form>
        </CardContent>
      </Card>
    </main>
  );
}
