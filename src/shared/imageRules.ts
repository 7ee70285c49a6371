// dive's CI rules on an image's efficiency and waste (cmd/dive/cli/internal/command/ci/rules.go,
// options/ci_rules.go): the thresholds, dive's defaults, and the failures in dive's own sentences.
import type { ImageEfficiency } from './imageEfficiency';

export type ImageRule = 'lowestEfficiency' | 'highestWastedBytes' | 'highestUserWastedPercent';

/** A threshold, or 'disabled' to skip the rule; left out: dive's default. */
export interface ImageRuleThresholds {
  lowestEfficiency?: number | 'disabled';
  highestWastedBytes?: number | 'disabled';
  highestUserWastedPercent?: number | 'disabled';
}

/** dive's defaults (cmd/dive/cli/internal/options/ci_rules.go). */
export const DIVE_DEFAULT_THRESHOLDS: Readonly<Required<ImageRuleThresholds>> = {
  lowestEfficiency: 0.9,
  highestWastedBytes: 'disabled',
  highestUserWastedPercent: 0.1,
};

export interface FailedImageRule {
  rule: ImageRule;
  threshold: number;
  actual: number;
  /** dive's own sentence for the failure. */
  message: string;
}

/** Go's %v of a float64 threshold as dive prints it (shortest form, as JavaScript's). */
function goFloat(value: number): string {
  return String(value);
}

/** Go's %2.2f (which writes NaN and +Inf so). */
function goFixed(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return value.toFixed(2);
}

/**
 * dive's CI rules on an analysis: the rules that fail, with dive's sentences. A ratio threshold
 * outside 0..1 is refused as dive refuses it (a RangeError).
 */
export function checkImageRules(
  result: Pick<ImageEfficiency, 'efficiency' | 'wastedBytes' | 'wastedUserPercent'>,
  thresholds: ImageRuleThresholds = {},
): FailedImageRule[] {
  const lowestEfficiency = thresholds.lowestEfficiency ?? DIVE_DEFAULT_THRESHOLDS.lowestEfficiency;
  const highestWastedBytes = thresholds.highestWastedBytes ?? DIVE_DEFAULT_THRESHOLDS.highestWastedBytes;
  const highestUserWastedPercent = thresholds.highestUserWastedPercent ?? DIVE_DEFAULT_THRESHOLDS.highestUserWastedPercent;
  for (const [key, value] of [
    ['lowestEfficiency', lowestEfficiency],
    ['highestUserWastedPercent', highestUserWastedPercent],
  ] as const) {
    if (value !== 'disabled' && !(value >= 0 && value <= 1)) {
      throw new RangeError(`${key} config value is outside allowed range (0-1), given '${value}'`);
    }
  }
  if (highestWastedBytes !== 'disabled' && !(highestWastedBytes >= 0)) {
    throw new RangeError(`invalid highestWastedBytes config value, given '${highestWastedBytes}'`);
  }

  const failed: FailedImageRule[] = [];
  // The comparisons are dive's: a NaN wastedUserPercent (no user bytes) passes, Infinity fails.
  if (lowestEfficiency !== 'disabled' && lowestEfficiency > result.efficiency) {
    failed.push({
      rule: 'lowestEfficiency',
      threshold: lowestEfficiency,
      actual: result.efficiency,
      message: `image efficiency is too low (efficiency=${goFixed(result.efficiency)} < threshold=${goFloat(lowestEfficiency)})`,
    });
  }
  if (highestWastedBytes !== 'disabled' && result.wastedBytes > highestWastedBytes) {
    failed.push({
      rule: 'highestWastedBytes',
      threshold: highestWastedBytes,
      actual: result.wastedBytes,
      message: `too many bytes wasted (wasted-bytes=${result.wastedBytes} > threshold=${highestWastedBytes})`,
    });
  }
  if (highestUserWastedPercent !== 'disabled' && result.wastedUserPercent > highestUserWastedPercent) {
    failed.push({
      rule: 'highestUserWastedPercent',
      threshold: highestUserWastedPercent,
      actual: result.wastedUserPercent,
      message: `too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${goFixed(result.wastedUserPercent)} > threshold=${goFloat(highestUserWastedPercent)})`,
    });
  }
  return failed;
}
