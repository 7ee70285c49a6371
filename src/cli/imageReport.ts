// What `workload-stacks-image` prints: the analysis and the rules' verdicts as text for a CI log,
// or as JSON for a script. Engine text (paths, commands) is printed as given, one line each.
import type { FailedImageRule, ImageRule, ImageRuleThresholds } from '../shared/imageRules';
import { DIVE_DEFAULT_THRESHOLDS } from '../shared/imageRules';
import { formatBytes as bytes } from '../shared/units';
import type { ImageAnalysis } from '../providers/docker/imageArchive/analyseImage';

const LISTED_WASTE = 10;

export interface RuleVerdict {
  rule: ImageRule;
  threshold: number | 'disabled';
  passed: boolean;
  message?: string;
}

export function ruleVerdicts(thresholds: ImageRuleThresholds, failed: readonly FailedImageRule[]): RuleVerdict[] {
  return (['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'] as const).map((rule) => {
    const failure = failed.find((item) => item.rule === rule);
    return { rule, threshold: thresholds[rule] ?? DIVE_DEFAULT_THRESHOLDS[rule], passed: !failure, message: failure?.message };
  });
}

/** Newlines and other control characters of engine text shown escaped, so one entry is one line. */
function oneLine(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export function imageReportText(image: string, analysis: ImageAnalysis, verdicts: readonly RuleVerdict[]): string {
  const { efficiency, wastedBytes, userSizeBytes, wastedUserPercent, inefficiencies, sizeBytes } = analysis.efficiency;
  const lines = [
    `Image ${oneLine(image)}: ${analysis.layers.length} layers, ${bytes(sizeBytes)}`,
    `  efficiency    ${(efficiency * 100).toFixed(2)} %`,
    `  wasted        ${bytes(wastedBytes)} (${wastedBytes} bytes)`,
    `  user wasted   ${Number.isFinite(wastedUserPercent) ? `${(wastedUserPercent * 100).toFixed(2)} %` : String(wastedUserPercent)} of ${bytes(userSizeBytes)} above the base layer`,
  ];
  for (const [index, layer] of analysis.layers.entries()) if (layer.error) lines.push(`  layer ${index} could not be read: ${oneLine(layer.error)}`);
  if (inefficiencies.length > 0) {
    lines.push('', `Largest waste (${Math.min(LISTED_WASTE, inefficiencies.length)} of ${inefficiencies.length}):`);
    for (const item of inefficiencies.slice(0, LISTED_WASTE)) {
      const removed = item.removedIn.length > 0 ? `, removed in layer ${item.removedIn.join(', ')}` : '';
      lines.push(`  ${bytes(item.cumulativeSize).padStart(10)}  /${oneLine(item.path)}  (in layer ${item.addedIn.join(', ')}${removed})`);
    }
  }
  lines.push('', 'Rules:');
  for (const verdict of verdicts) {
    const threshold = verdict.threshold === 'disabled' ? 'disabled' : String(verdict.threshold);
    lines.push(`  ${verdict.threshold === 'disabled' ? 'SKIP' : verdict.passed ? 'PASS' : 'FAIL'}  ${verdict.rule} (${threshold})${verdict.message ? `: ${verdict.message}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

export function imageReportJson(image: string, analysis: ImageAnalysis, verdicts: readonly RuleVerdict[]): string {
  const { efficiency, wastedBytes, sizeBytes, userSizeBytes, wastedUserPercent, inefficiencies } = analysis.efficiency;
  return `${JSON.stringify(
    {
      image,
      layers: analysis.layers.map((layer, index) => ({ id: layer.id, archiveSize: layer.archiveSize, entries: layer.entries.length, error: layer.error, createdBy: analysis.history.filter((step) => !step.emptyLayer)[index]?.createdBy })),
      efficiency,
      wastedBytes,
      sizeBytes,
      userSizeBytes,
      // JSON has no NaN or Infinity: dive's 0/0 and x/0 are written as null.
      wastedUserPercent: Number.isFinite(wastedUserPercent) ? wastedUserPercent : null,
      inefficiencies,
      rules: verdicts,
      passed: verdicts.every((verdict) => verdict.passed),
    },
    null,
    2,
  )}\n`;
}
