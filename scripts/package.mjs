// `npm run package`: production bundles, then workload-stacks.vsix with @vscode/vsce. Both bundles
// are self-contained, so vsce packs no node_modules; .vscodeignore lets in only what runs, and the
// finished VSIX is checked against that list so a stray file fails the build instead of shipping.
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCommand } from './harness/apt.mjs';
import { run } from './harness/processes.mjs';
import { buildProbes } from './probe/buildProbe.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const vsixPath = path.join(repoRoot, 'workload-stacks.vsix');
const vsceCli = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
// dist/image-check.js is `workload-stacks-image`, the image check for CI (src/cli), run with Node.
const bundles = ['dist/extension.js', 'dist/image-check.js', 'dist/vendor-dockerode.js', 'dist/vendor-kubernetes.js', 'dist/webview.js'];
// The overhead probe binaries the extension copies into containers and VMs (scripts/probe).
const probes = ['dist/probe/ws-probe-x86_64', 'dist/probe/ws-probe-aarch64'];
const shippedFiles = [...bundles, ...probes];

// Entries of the VSIX zip: vsce's own manifest files, then the extension's files under extension/.
const allowedEntries = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE(\.txt)?)$/i,
  /^extension\/dist\/(extension|image-check|vendor-dockerode|vendor-kubernetes|webview)\.js$/,
  /^extension\/dist\/probe\/ws-probe-(x86_64|aarch64)$/,
  /^extension\/media\/.+/,
  // Translations: package.nls.json (English) and one file per language, and the l10n bundles.
  /^extension\/package\.nls(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/i,
  /^extension\/l10n\/bundle\.l10n(\.[a-z]{2}(-[a-z]{2,4})?)?\.json$/i,
];

function kilobytes(bytes) {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

async function checkVsixContents() {
  const unzip = await ensureCommand('unzip', 'unzip');
  const { stdout } = await run(unzip, ['-Z1', vsixPath]);
  const entries = stdout.split('\n').filter((entry) => entry && !entry.endsWith('/'));
  const unexpected = entries.filter((entry) => !allowedEntries.some((pattern) => pattern.test(entry)));
  if (unexpected.length > 0) throw new Error(`The VSIX holds files that do not run: ${unexpected.join(', ')} (see .vscodeignore)`);
  for (const file of shippedFiles) {
    if (!entries.includes(`extension/${file}`)) throw new Error(`The VSIX lacks ${file}`);
  }
  await checkPackagedTranslations(unzip, entries);
  return entries;
}

/** The packaged package.nls*.json parse, and each names every %key% of the packaged package.json. */
async function checkPackagedTranslations(unzip, entries) {
  const read = async (entry) => JSON.parse((await run(unzip, ['-p', vsixPath, entry])).stdout);
  const keys = new Set(JSON.stringify(await read('extension/package.json')).match(/"%[^%"\s]+%"/g)?.map((quoted) => quoted.slice(2, -2)));
  const nlsFiles = entries.filter((entry) => /^extension\/package\.nls(\.[\w-]+)?\.json$/.test(entry));
  if (!nlsFiles.includes('extension/package.nls.json')) throw new Error('The VSIX lacks package.nls.json');
  for (const entry of nlsFiles) {
    const strings = await read(entry);
    const missing = [...keys].filter((key) => typeof strings[key] !== 'string');
    if (missing.length > 0) throw new Error(`${entry} in the VSIX lacks ${missing.join(', ')}`);
  }
  for (const entry of entries.filter((name) => name.startsWith('extension/l10n/'))) await read(entry);
}

/** Builds, packages and checks the VSIX; resolves with its path, size and the sizes of the shipped files. */
export async function packageExtension() {
  await run(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  await buildProbes();
  // Without a repository in package.json vsce would stop and ask.
  await run(process.execPath, [vsceCli, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsixPath], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  const entries = await checkVsixContents();
  const sizes = Object.fromEntries([vsixPath, ...shippedFiles].map((file) => [path.relative(repoRoot, path.resolve(repoRoot, file)), statSync(path.resolve(repoRoot, file)).size]));
  return { vsixPath, entries, sizes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { entries, sizes } = await packageExtension();
    console.log(`\n${entries.length} files in ${path.relative(repoRoot, vsixPath)}:`);
    for (const [file, bytes] of Object.entries(sizes)) console.log(`  ${file.padEnd(28)} ${kilobytes(bytes).padStart(8)}`);
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exit(1);
  }
}
