export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** POSTs JSON to the dashboard's own route handlers (same origin, session cookie, CSRF token). */
export async function postJson<T>(path: string, body: unknown, csrf: string): Promise<Result<T>> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    const json = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (!res.ok) return { ok: false, message: json?.error?.message ?? `Request failed (${res.status}).` };
    return { ok: true, value: json as T };
  } catch {
    return { ok: false, message: 'The dashboard could not be reached.' };
  }
}
