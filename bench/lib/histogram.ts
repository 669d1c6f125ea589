/**
 * A latency histogram in milliseconds: 10 µs buckets below 100 ms, 1 ms buckets up to
 * 100 s, everything slower in the last bucket. The exact maximum is kept aside.
 * Small enough (~440 KB) to keep one per process and ship as a sparse list.
 */
const FINE_BUCKETS = 10_000; // 0–100 ms by 10 µs
const COARSE_BUCKETS = 100_000; // 100 ms–100 s by 1 ms

export class Histogram {
  readonly counts = new Uint32Array(FINE_BUCKETS + COARSE_BUCKETS);
  count = 0;
  max = 0;
  /** Samples below zero (clock skew between processes would show here). */
  negative = 0;

  record(ms: number): void {
    if (ms < 0) {
      this.negative++;
      ms = 0;
    }
    if (ms > this.max) this.max = ms;
    const index = ms < 100 ? Math.floor(ms * 100) : Math.min(FINE_BUCKETS + Math.floor(ms - 100), this.counts.length - 1);
    this.counts[index]!++;
    this.count++;
  }

  /** The latency at quantile q (0–1), as the upper edge of its bucket. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.max, i < FINE_BUCKETS ? (i + 1) / 100 : 100 + (i - FINE_BUCKETS + 1));
    }
    return this.max;
  }

  toSparse(): SparseHistogram {
    const buckets: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]) buckets.push([i, this.counts[i]!]);
    return { buckets, count: this.count, max: this.max, negative: this.negative };
  }

  add(sparse: SparseHistogram): void {
    for (const [i, n] of sparse.buckets) this.counts[i]! += n;
    this.count += sparse.count;
    this.negative += sparse.negative;
    if (sparse.max > this.max) this.max = sparse.max;
  }
}

export interface SparseHistogram {
  buckets: [number, number][];
  count: number;
  max: number;
  negative: number;
}
