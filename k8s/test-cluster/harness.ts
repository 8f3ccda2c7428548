// What the checks of `make test-k8s` share: running kubectl and helm with the server's message
// as the error, recording steps for the summary table, polling, and explaining a stuck rollout.
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';

export const TIMEOUT = '180s';

export interface Row {
  subject: string;
  step: string;
  ok: boolean;
  detail: string;
}
export const rows: Row[] = [];

class CommandError extends Error {}

/** Server messages can quote a whole pod template; the head and the verdict at the end suffice. */
function abridge(text: string): string {
  return text.length <= 1200 ? text : `${text.slice(0, 500)} … ${text.slice(-500)}`;
}

/** Runs a command; its stderr (the server's message, for kubectl and helm) becomes the error. */
export function run(cmd: string, args: string[], input?: string): string {
  try {
    return execFileSync(cmd, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const text = (e.stderr || e.stdout || e.message).trim();
    throw new CommandError(`${cmd} ${args.slice(0, 3).join(' ')}…: ${abridge(text)}`);
  }
}
export const kubectl = (...args: string[]) => run('kubectl', args);
export const helm = (...args: string[]) => run('helm', args);

/** Records one step; a failing step stops the remaining steps of its subject (they depend on it). */
export function step(subject: string, name: string, fn: () => string): boolean {
  const t = Date.now();
  process.stdout.write(`… ${subject}: ${name}\n`);
  try {
    const detail = fn();
    rows.push({ subject, step: name, ok: true, detail: `${detail} (${((Date.now() - t) / 1000).toFixed(0)}s)` });
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rows.push({ subject, step: name, ok: false, detail: message });
    process.stdout.write(`FAIL ${subject}: ${name}\n${message}\n`);
    return false;
  }
}

export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Polls until `fn` returns a non-empty string (the answer) or the deadline passes. */
export function poll(what: string, seconds: number, fn: () => string | undefined): string {
  const deadline = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const answer = fn();
      if (answer) return answer;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    sleep(2000);
  }
  throw new Error(`timed out after ${seconds}s waiting for ${what}${last ? `: ${last}` : ''}`);
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; uid?: string; labels?: Record<string, string> } } & Record<string, unknown>;

export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o && typeof o === 'object' && 'kind' in o);
}

/** Warning events and unready pods: what explains a rollout that did not finish. */
export function diagnose(ns: string): string {
  const lines: string[] = [];
  try {
    lines.push(kubectl('-n', ns, 'get', 'pods', '-o', 'wide').trim());
    const events = kubectl('-n', ns, 'get', 'events', '--field-selector', 'type=Warning', '-o', 'custom-columns=OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message', '--no-headers');
    lines.push(...events.trim().split('\n').slice(-10));
  } catch (error) {
    lines.push(String(error));
  }
  return lines.join('\n');
}

export function waitFor(ns: string, kind: string, condition: string): string {
  const names = kubectl('-n', ns, 'get', kind, '-o', 'name').trim().split('\n').filter(Boolean);
  if (names.length === 0) return `no ${kind}`;
  try {
    kubectl('-n', ns, 'wait', `--for=condition=${condition}`, ...names, `--timeout=${TIMEOUT}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${diagnose(ns)}`);
  }
  return `${names.length} ${kind} ${condition}`;
}

