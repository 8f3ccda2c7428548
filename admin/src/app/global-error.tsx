'use client';

// Last resort when the root layout itself fails: no theme, no components, just a way back.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem' }}>
        <h1>The dashboard hit an error</h1>
        <p>Reference: {error.digest ?? 'n/a'}</p>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </body>
    </html>
  );
}
