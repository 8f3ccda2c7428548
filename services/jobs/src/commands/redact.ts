import { createInterface } from 'node:readline';
import { redact } from '@cbc/privacy';
import type { Command } from '../command';

/**
 * `redact`: JSON lines `{"text": "..."}` in, `{"text": "<redacted>", "entities": [...]}` out, so
 * rules can be tried and measured on real samples without running the API. A bad line gets an
 * `{"error": ...}` line and the stream goes on; the exit code is 1 if any line was bad.
 */
export const redactCommand: Command = {
  summary: 'Redact PII from JSON lines {"text": ...} on stdin',
  usage: '< input.jsonl',
  help: [
    'No options. stdin: one JSON object per line, {"text": "..."}.',
    'stdout: one line per input line, {"text": "<redacted>", "entities": [{"type", "start", "end"}]}',
    '(offsets into the input text), or {"error": "..."} for a bad line. Exits 1 if any line was bad.',
  ].join('\n'),
  env: {},
  async run(_args, io) {
    let bad = 0;
    const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let text: unknown;
      try {
        text = (JSON.parse(line) as { text?: unknown }).text;
      } catch {
        text = undefined;
      }
      if (typeof text !== 'string') {
        bad += 1;
        io.stdout.write(`${JSON.stringify({ error: 'expected a JSON object with a string "text"' })}\n`);
        continue;
      }
      const r = redact(text);
      io.stdout.write(`${JSON.stringify({ text: r.text, entities: r.entities })}\n`);
    }
    return bad > 0 ? 1 : 0;
  },
};
