// One stack panel's usage over time: the bounded ring of the last minutes the sparklines draw
// (kept by the host so a reloaded or reused webview gets it back), and, while the user records,
// a longer bounded ring that is saved when the recording stops.
import type { LiveStats } from '../shared/model';
import type { RecordingState } from '../shared/stackProtocol';
import { StatsRing, USAGE_HISTORY_CAPACITY } from '../shared/statsRing';
import { createRateTracker, type UsageSample } from '../shared/usageRates';

/** An hour at one sample a second: a recording left running forgets its oldest samples, it never grows. */
export const RECORDING_CAPACITY = 3_600;
const RECORDING_WINDOW_MINUTES = 60;

export interface FinishedRecording {
  startedAt: string;
  stoppedAt: string;
  dropped: number;
  samples: UsageSample[];
}

export class UsageHistory {
  private readonly recent = new StatsRing(USAGE_HISTORY_CAPACITY);
  private toSample = createRateTracker();
  private recording: { ring: StatsRing; state: RecordingState } | undefined;

  /** Adds a reading; returns the point it makes (rates against the previous reading). */
  add(stats: LiveStats): UsageSample {
    const sample = this.toSample(stats);
    this.recent.push(sample);
    this.recording?.ring.push(sample);
    return sample;
  }

  samples(): UsageSample[] {
    return this.recent.toArray();
  }

  /** Another workload: its counters are not comparable with the last one's. */
  reset(): void {
    this.recent.clear();
    this.toSample = createRateTracker();
  }

  get recordingState(): RecordingState | null {
    return this.recording?.state ?? null;
  }

  startRecording(now = new Date()): RecordingState {
    // A recording that is already running goes on: a second click must not drop what it holds.
    this.recording ??= { ring: new StatsRing(RECORDING_CAPACITY), state: { startedAt: now.toISOString(), windowMinutes: RECORDING_WINDOW_MINUTES } };
    return this.recording.state;
  }

  stopRecording(now = new Date()): FinishedRecording | undefined {
    const recording = this.recording;
    this.recording = undefined;
    if (!recording) return undefined;
    return { startedAt: recording.state.startedAt, stoppedAt: now.toISOString(), dropped: recording.ring.dropped, samples: recording.ring.toArray() };
  }
}
