/**
 * Seeded randomness and ids for the seed generator. Never Math.random: the same seed must give
 * the same bytes, so a re-run sends the same event ids and the API stores nothing twice.
 */

/** mulberry32: a tiny, fast 32-bit generator; plenty for shaping synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** murmur3's finaliser: a bijection on 32-bit integers that spreads every input bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a few integers (seeds of the per-session generators). */
export function hashInts(...values: number[]): number {
  let h = 0x2545f491;
  for (const v of values) h = fmix32((h ^ fmix32(v >>> 0)) + 0x9e3779b9);
  return h;
}

export class Random {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.next();
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string | number>(weights: Readonly<Record<K, number>> | ReadonlyArray<readonly [K, number]>): K {
    const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as ReadonlyArray<readonly [K, number]>;
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }

  /** Number of failures before the first success: a long tail of "one more page". */
  geometric(p: number, max: number): number {
    let n = 0;
    while (n < max && !this.chance(p)) n += 1;
    return n;
  }
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/**
 * Four Feistel-style rounds over three words. Each round xors one word with a hash of the other
 * two, so the whole map is a bijection: distinct (a, b, c) always give distinct outputs. Ids built
 * from it are unique by construction (no birthday risk at ten million events), yet look random.
 */
export function scramble(a: number, b: number, c: number): [number, number, number] {
  b = (b ^ fmix32(a ^ fmix32(c ^ 0x5bd1e995))) >>> 0;
  c = (c ^ fmix32(a ^ fmix32(b ^ 0x1b873593))) >>> 0;
  a = (a ^ fmix32(b ^ fmix32(c ^ 0xcc9e2d51))) >>> 0;
  b = (b ^ fmix32(a ^ fmix32(c ^ 0x27d4eb2f))) >>> 0;
  return [a, b, c];
}

/** A version-4-shaped UUID holding all 96 scrambled bits of (a, b, c); `filler` pads the rest. */
export function uuidOf(a: number, b: number, c: number, filler: number): string {
  const [x, y, z] = scramble(a, b, c);
  const hx = hex8(x);
  const hy = hex8(y);
  const hz = hex8(z);
  const hf = hex8(fmix32(filler ^ z));
  const variant = '89ab'[(x ^ filler) & 3]!;
  return `${hx}-${hy.slice(0, 4)}-4${hy.slice(4, 7)}-${variant}${hy[7]}${hz.slice(0, 2)}-${hz.slice(2)}${hf.slice(0, 6)}`;
}

/** A Standard Webhooks message id (`msg_` + base64url), unique like `uuidOf`. */
export function webhookIdOf(a: number, b: number, c: number): string {
  const [x, y, z] = scramble(a, b, c);
  const buf = Buffer.alloc(12);
  buf.writeUInt32BE(x, 0);
  buf.writeUInt32BE(y, 4);
  buf.writeUInt32BE(z, 8);
  return `msg_${buf.toString('base64url')}`;
}

/** An opaque id such as `guest_3f9a…`: 24 hex digits, unique like `uuidOf`. */
export function opaqueIdOf(prefix: string, a: number, b: number, c: number): string {
  const [x, y, z] = scramble(a, b, c);
  return `${prefix}_${hex8(x)}${hex8(y)}${hex8(z)}`;
}
