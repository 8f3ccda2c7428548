import { unavailablePage } from '@/lib/server/html-page';

// Where page guards send visitors while the session store or database is down: a real 503
// (pages stream with 200 before a guard inside them could decide otherwise).
export const dynamic = 'force-dynamic';

export function GET() {
  return unavailablePage();
}
