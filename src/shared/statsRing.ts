// A fixed-capacity ring of usage samples: O(1) push, the oldest dropped when full, memory fixed at
// construction. Stored as one Float64Array per metric (NaN for "no value"), so a long recording
// holds numbers, not one object per sample for the garbage collector to walk.
import { USAGE_METRICS, type UsageMetric, type UsageSample } from './usageRates';

/**
 * The usage history a stack panel keeps and draws: five minutes of Docker's one frame a second,
 * ten of the VM sources' one every two seconds.
 */
export const USAGE_HISTORY_CAPACITY = 300;

export class StatsRing {
  private readonly times: Float64Array;
  private readonly columns: Record<UsageMetric, Float64Array>;
  /** Index the next push writes to. */
  private next = 0;
  private count = 0;
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`A stats ring needs a positive whole capacity, not ${capacity}.`);
    this.times = new Float64Array(capacity);
    this.columns = Object.fromEntries(USAGE_METRICS.map((metric) => [metric, new Float64Array(capacity)])) as Record<UsageMetric, Float64Array>;
  }

  get size(): number {
    return this.count;
  }

  /** Samples pushed out by newer ones since the last clear. */
  get dropped(): number {
    return this.pushed - this.count;
  }

  /** Bytes the ring holds for its samples: the same whatever it has been fed. */
  get retainedBytes(): number {
    return this.times.byteLength + USAGE_METRICS.reduce((sum, metric) => sum + this.columns[metric].byteLength, 0);
  }

  push(sample: UsageSample): void {
    this.times[this.next] = sample.atMs;
    for (const metric of USAGE_METRICS) this.columns[metric][this.next] = sample[metric] ?? Number.NaN;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.pushed++;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
    this.pushed = 0;
  }

  /** The newest sample, if any. */
  latest(): UsageSample | undefined {
    return this.count === 0 ? undefined : this.at((this.next - 1 + this.capacity) % this.capacity);
  }

  /** The samples held, oldest first. */
  toArray(): UsageSample[] {
    const start = (this.next - this.count + this.capacity) % this.capacity;
    return Array.from({ length: this.count }, (_, i) => this.at((start + i) % this.capacity));
  }

  private at(index: number): UsageSample {
    const sample = { atMs: this.times[index] } as UsageSample;
    for (const metric of USAGE_METRICS) {
      const value = this.columns[metric][index];
      sample[metric] = Number.isNaN(value) ? null : value;
    }
    return sample;
  }
}
