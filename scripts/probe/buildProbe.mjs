// Builds the overhead probe (src/probe/*.c) as static binaries for the two architectures the
// extension copies into workloads: dist/probe/ws-probe-<uname -m>. x86-64 links musl (small);
// arm64 links the cross toolchain's glibc statically, because Debian's arm64 musl needs a dpkg
// multiarch setup these machines do not have. A stamp of sources, compiler and flags skips
// compiles that would produce the same file.
// Usage: node scripts/probe/buildProbe.mjs   (prints the sizes)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../harness/apt.mjs';
import { run } from '../harness/processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sourceDir = path.join(repoRoot, 'src', 'probe');
export const probeOutputDir = path.join(repoRoot, 'dist', 'probe');
// A dot file: .vscodeignore lets in dist/probe/ws-probe-* only, so the stamp never ships.
const stampPath = path.join(probeOutputDir, '.build-stamp.json');

export const probeDebianPackages = ['musl-tools', 'gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross'];
const flags = ['-std=gnu11', '-Os', '-s', '-static', '-Wall', '-Wextra', '-Werror'];
const targets = [
  { arch: 'x86_64', compiler: 'musl-gcc' },
  { arch: 'aarch64', compiler: 'aarch64-linux-gnu-gcc' },
];

function sourceFiles() {
  return readdirSync(sourceDir)
    .filter((name) => name.endsWith('.c') || name.endsWith('.h'))
    .sort();
}

/** Everything that decides the binary's bytes: sources, compiler identity, flags. */
async function buildKey(target, files) {
  const { stdout } = await run(target.compiler, ['--version']);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ compiler: target.compiler, version: stdout.split('\n')[0], flags }));
  for (const name of files) {
    hash.update(`\0${name}\0`);
    hash.update(readFileSync(path.join(sourceDir, name)));
  }
  return hash.digest('hex');
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampPath, 'utf8'));
  } catch {
    return {};
  }
}

// Temp file then rename, so a reader (vsce, a test, another build) never sees half a file.
function writeAtomically(file, content) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  writeFileSync(temp, content);
  renameSync(temp, file);
}

async function compile(target, files, output) {
  const temp = path.join(probeOutputDir, `.${path.basename(output)}.${process.pid}.tmp`);
  try {
    await run(target.compiler, [...flags, '-o', temp, ...files.filter((name) => name.endsWith('.c')).map((name) => path.join(sourceDir, name))]);
    renameSync(temp, output);
  } finally {
    rmSync(temp, { force: true });
  }
}

/**
 * Ensures both probe binaries are built and current.
 * Resolves with { files: { arch: path }, sizes: { arch: bytes } }.
 */
export async function buildProbes() {
  await ensureDebianPackages(probeDebianPackages);
  mkdirSync(probeOutputDir, { recursive: true });
  const files = sourceFiles();
  if (!files.some((name) => name.endsWith('.c'))) throw new Error(`no C sources in ${sourceDir}`);
  const stamp = readStamp();
  const keys = {};
  await Promise.all(
    targets.map(async (target) => {
      const output = path.join(probeOutputDir, `ws-probe-${target.arch}`);
      keys[target.arch] = await buildKey(target, files);
      if (stamp[target.arch] === keys[target.arch] && existsSync(output)) return;
      await compile(target, files, output);
      console.log(`[probe] built ${path.relative(repoRoot, output)}`);
    }),
  );
  // Re-read before writing: a concurrent build of the other architecture must not be forgotten.
  writeAtomically(stampPath, `${JSON.stringify({ ...readStamp(), ...keys }, null, 2)}\n`);
  const result = { files: {}, sizes: {} };
  for (const { arch } of targets) {
    const file = path.join(probeOutputDir, `ws-probe-${arch}`);
    result.files[arch] = file;
    result.sizes[arch] = statSync(file).size;
  }
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { files, sizes } = await buildProbes();
    for (const [arch, file] of Object.entries(files)) {
      console.log(`  ${path.relative(repoRoot, file).padEnd(28)} ${(sizes[arch] / 1024).toFixed(0).padStart(5)} KB`);
    }
  } catch (error) {
    console.error(`buildProbe: ${error.message}`);
    process.exit(1);
  }
}
