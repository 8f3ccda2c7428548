import type { Writable } from 'node:stream';

/**
 * Progress of a long command on stderr: a bar redrawn in place on a terminal; a line at each
 * quarter otherwise, so a CI log or a captured run holds a few lines, not one per batch.
 * `line` prints a message without breaking the bar; `end` clears it.
 */
export function progressBar(out: Writable & { isTTY?: boolean }, width = 24) {
  let drawn = '';
  let quarter = 0;
  const n = (x: number) => x.toLocaleString('en');
  const clear = () => {
    if (drawn) out.write('\r\u001b[K');
  };
  return {
    update(done: number, total: number): void {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const text = `${n(done)}/${n(total)} (${Math.floor(ratio * 100)} %)`;
      if (out.isTTY) {
        const full = Math.round(ratio * width);
        drawn = `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${text}`;
        out.write(`\r\u001b[K${drawn}`);
        return;
      }
      // Every quarter reached since the last update, printed once, whatever the update step.
      let reached = quarter;
      while (reached < 4 && ratio >= (reached + 1) / 4) reached++;
      if (reached > quarter) {
        quarter = reached;
        out.write(`${text}\n`);
      }
    },
    line(text: string): void {
      clear();
      out.write(`${text}\n`);
      if (drawn) out.write(drawn);
    },
    end(): void {
      clear();
      drawn = '';
    },
  };
}
