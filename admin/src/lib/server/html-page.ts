/**
 * A minimal standalone HTML page for answers that must carry their own status code (503 when
 * sign-in cannot work, 429 when rate-limited): plain, self-contained, no script.
 */
export function htmlPage(status: number, title: string, message: string, headers: Record<string, string> = {}): Response {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · CBC Analytics</title>
<style>
  :root { color-scheme: light dark; font-family: ui-sans-serif, system-ui, sans-serif; }
  body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: Canvas; color: CanvasText; }
  main { max-width: 32rem; padding: 2rem; border: 1px solid color-mix(in oklab, CanvasText 15%, transparent); border-radius: 0.75rem; }
  h1 { font-size: 1.25rem; margin: 0 0 0.5rem; } p { line-height: 1.5; opacity: 0.85; }
  a { color: LinkText; } a:focus-visible { outline: 2px solid; outline-offset: 2px; }
</style></head>
<body><main><p>${status}</p><h1>${esc(title)}</h1><p>${esc(message)}</p><p><a href="/login">Back to sign-in</a></p></main></body></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

export const unavailablePage = () =>
  htmlPage(
    503,
    'Sign-in is temporarily unavailable',
    'The dashboard cannot check sessions right now (its session store or account database is not answering), so it lets nobody in until they are back. Try again in a minute; operators: check Redis and PostgreSQL.',
    { 'retry-after': '5' },
  );
