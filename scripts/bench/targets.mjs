// The targets, checked against the measured medians (maxima for process counts).
import { summarize } from './stats.mjs';

const atMost = (limit, text) => ({ text, check: (value) => ({ met: value <= limit, ratio: `${(value / limit).toFixed(2)}x of limit` }) });
const below = (limit, text) => ({ text, check: (value) => ({ met: value < limit, ratio: `${(value / limit).toFixed(2)}x of limit` }) });

const simpleTargets = {
  'event-latency': below(400, '< 400 ms'),
  'diagram-latency': below(500, '< 500 ms'),
  'diagram-drawn': below(500, '< 500 ms'),
  'diagram-latency-reused': below(250, '< 250 ms'),
  'diagram-drawn-reused': below(250, '< 250 ms'),
  'compare-latency': below(1000, '< 1 s'),
  'compare-drawn': below(1000, '< 1 s'),
  'idle-hidden': { text: '0 /min', check: (value) => ({ met: value === 0, ratio: value === 0 ? 'exactly 0' : `${value.toFixed(2)} /min` }) },
  'idle-visible': atMost(2, '<= 2 /min'),
  'engines-idle-hidden': { text: '0 /min', check: (value) => ({ met: value === 0, ratio: value === 0 ? 'exactly 0' : `${value.toFixed(2)} /min` }) },
  'engines-idle-visible': atMost(2, '<= 2 /min'),
  'memory-growth': below(30, '< 30 MB'),
  'cluster-memory': below(50, '< 50 MB'),
  'cluster-idle-hidden': { text: '0 /min', check: (value) => ({ met: value === 0, ratio: value === 0 ? 'exactly 0' : `${value.toFixed(2)} /min` }) },
  'cluster-phase-latency': below(100, '< 100 ms'),
  activation: below(50, '< 50 ms'),
  'extension-bundle-size': below(1.5, '< 1.5 MB'),
  'extension-host-code-size': below(1.5, '< 1.5 MB'),
  'vsix-size': below(3, '< 3 MB'),
  // Both usage rings full: another hour of readings may not grow the heap (noise aside).
  'usage-heap-bounded-1hz': below(0.5, '< 0.5 MB'),
  'usage-heap-bounded-2s': below(0.5, '< 0.5 MB'),
  // A 1 GB image: the analysis within 1.5x of only reading the export, its heap under 100 MB.
  'image-analyse-ratio': atMost(1.5, '<= 1.5x'),
  'image-analyse-heap': below(100, '< 100 MB'),
};

function median(results, id) {
  return summarize(results.find((result) => result.id === id)?.samples).median;
}

/** Rows comparing (2) with (1) and (3) at each container count, derived from the medians. */
export function derivedRows(results) {
  const rows = [];
  for (const count of [100, 1000]) {
    const floor = median(results, `floor-${count}`);
    const extension = median(results, `extension-${count}`);
    const cli = median(results, `cli-${count}`);
    const graded = count === 1000;
    if (floor !== undefined && extension !== undefined) {
      const ratio = extension / floor;
      rows.push({ id: `ratio-floor-${count}`, measure: `(2)/(1) extension over floor, ${count}`, unit: 'x', samples: [ratio], target: graded ? '<= 1.25x' : 'info', met: graded ? ratio <= 1.25 : undefined, ratio: `${(ratio / 1.25).toFixed(2)}x of limit` });
    }
    if (cli !== undefined && extension !== undefined) {
      const speedup = cli / extension;
      rows.push({ id: `ratio-cli-${count}`, measure: `(3)/(2) CLI over extension, ${count}`, unit: 'x', samples: [speedup], target: graded ? '>= 3x faster' : 'info', met: graded ? speedup >= 3 : undefined, ratio: `${(speedup / 3).toFixed(2)}x of target` });
    }
  }
  const slowest = median(results, 'engines-raw-slowest');
  const tree = median(results, 'engines-tree');
  const sum = median(results, 'engines-raw-sum');
  if (slowest !== undefined && tree !== undefined) {
    const ratio = tree / slowest;
    const against = sum !== undefined ? `; the sum of the 4 raw lists is ${(sum / slowest).toFixed(2)}x` : '';
    rows.push({ id: 'ratio-engines', measure: '(10) tree of all 4 engines over the slowest raw list', unit: 'x', samples: [ratio], target: '<= 1.25x', met: ratio <= 1.25, ratio: `${(ratio / 1.25).toFixed(2)}x of limit${against}` });
  }
  for (const [scope, label] of [['all', 'all namespaces'], ['one', 'one namespace']]) {
    const raw = median(results, `cluster-${scope}-raw`);
    const clusterTree = median(results, `cluster-${scope}-tree`);
    if (raw === undefined || clusterTree === undefined) continue;
    const ratio = clusterTree / raw;
    rows.push({ id: `ratio-cluster-${scope}`, measure: `(11) tree of ${label} over the raw paged list`, unit: 'x', samples: [ratio], target: '<= 1.25x', met: ratio <= 1.25, ratio: `${(ratio / 1.25).toFixed(2)}x of limit` });
  }
  const parallel = median(results, 'engines-raw-parallel');
  if (parallel !== undefined && tree !== undefined) {
    const ratio = tree / parallel;
    rows.push({ id: 'ratio-engines-parallel', measure: '(10) tree of all 4 engines over the 4 raw lists at once', unit: 'x', samples: [ratio], target: 'info', ratio: `the extension's own share on top of the engines' ${parallel.toFixed(0)} ms` });
  }
  return rows;
}

/** The result with its target text, met (true/false/undefined) and ratio filled in. */
export function grade(result) {
  if (result.target) return result; // derived rows arrive graded
  if (result.id === 'vm-processes') {
    const max = summarize(result.samples).max;
    if (max === undefined) return { ...result, target: '<= 3 per refresh' };
    return { ...result, target: '<= 3 per refresh (max)', met: max <= 3, ratio: `max ${max}` };
  }
  const target = simpleTargets[result.id];
  if (!target) return { ...result, target: '' };
  const value = summarize(result.samples).median;
  if (value === undefined) return { ...result, target: target.text };
  return { ...result, target: target.text, ...target.check(value) };
}
