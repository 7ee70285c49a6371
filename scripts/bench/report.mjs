// The table on the terminal, bench/results.json and BENCHMARKS.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarize } from './stats.mjs';

const command = 'npm run bench   (= node scripts/harness/dependencies.mjs && node scripts/bench/run.mjs)';

function figure(value, unit) {
  if (value === undefined) return '-';
  if (unit === 'MB') return value.toFixed(2);
  if (unit === 'x') return value.toFixed(2);
  if (unit === 'count') return String(Math.round(value * 100) / 100);
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

function metText(row) {
  if (row.notMeasured) return `not measured: ${row.notMeasured}`;
  if (row.met === undefined) return row.ratio ?? '';
  return `${row.met ? 'met' : 'MISSED'} (${row.ratio})`;
}

/** One row per result: measure, median, min, max, n, target, met/ratio. */
export function tableRows(results) {
  return results.map((result) => {
    const { median, min, max, n } = summarize(result.samples);
    return {
      measure: `${result.measure}${result.unit && result.unit !== 'count' && result.unit !== 'x' ? ` [${result.unit}]` : ''}`,
      median: figure(median, result.unit),
      min: figure(min, result.unit),
      max: figure(max, result.unit),
      n: String(n),
      target: result.target ?? '',
      met: metText(result),
      note: result.note ?? '',
    };
  });
}

const columns = ['measure', 'median', 'min', 'max', 'n', 'target', 'met'];

export function printTable(rows) {
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => cells.map((cell, i) => (i >= 1 && i <= 4 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  console.log(`\n${line(columns)}`);
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(columns.map((column) => row[column])));
}

function markdownTable(rows) {
  const header = [...columns, 'note'];
  const escape = (text) => text.replaceAll('|', '\\|');
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((column, i) => (i >= 1 && i <= 4 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${header.map((column) => escape(row[column])).join(' | ')} |`),
  ].join('\n');
}

export function writeResults(repoRoot, { machine, results, seconds }) {
  mkdirSync(path.join(repoRoot, 'bench'), { recursive: true });
  const file = path.join(repoRoot, 'bench', 'results.json');
  writeFileSync(file, `${JSON.stringify({ machine, command, seconds, results }, null, 2)}\n`);
  return file;
}

/** The table and the machine as a markdown section (BENCHMARKS.md keeps its own prose around it). */
export function markdownSection(rows, machine) {
  return [
    `Measured ${machine.date} on ${machine.cpuModel} (${machine.nproc} CPUs), ${machine.memoryGiB} GiB, ${machine.kernel}, ${machine.os}, Node ${machine.node}.`,
    '',
    `Command: \`${command}\``,
    '',
    markdownTable(rows),
  ].join('\n');
}

/**
 * Puts `markdown` between the `<!-- bench:NAME:begin -->` and `end` markers of BENCHMARKS.md,
 * replacing what was there; without the markers, appends it under `heading`. Returns the file.
 */
export function writeBenchmarksSection(repoRoot, name, markdown, heading) {
  const file = path.join(repoRoot, 'BENCHMARKS.md');
  const begin = `<!-- bench:${name}:begin -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${begin}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const next = current.includes(begin) && current.includes(end)
    ? current.slice(0, current.indexOf(begin)) + block + current.slice(current.indexOf(end) + end.length)
    : `${current.trimEnd()}\n\n${heading ? `${heading}\n\n` : ''}${block}\n`;
  writeFileSync(file, next);
  return file;
}
