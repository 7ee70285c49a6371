// dive (github.com/wagoodman/dive), the reference the image analysis is checked against, built
// from its Go module once per version into .cache/dive/<version>/dive and reused afterwards.
// Nothing is downloaded but the Go module and its dependencies (through the Go module proxy).
// Usage: node scripts/harness/dive.mjs   (prints the path of the binary)
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './apt.mjs';
import { run } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIVE_VERSION = 'v0.13.1';
const diveModule = 'github.com/wagoodman/dive';

/** Where the binary of `version` lives once built. */
export function diveBinaryPath(version = DIVE_VERSION) {
  return path.join(repoRoot, '.cache', 'dive', version, 'dive');
}

/** Go from PATH, else where its official archive puts it (a shell that did not source the profile). */
function goCommand() {
  const found = findOnPath('go') ?? (existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!found) throw new Error(`The engine tests compare the image analysis with dive ${DIVE_VERSION}, built from its Go module: install Go 1.24 or newer (go is not on PATH).`);
  return found;
}

let building;
/** Builds dive `version` when .cache/dive/<version>/dive is missing; resolves with its path. */
export function ensureDive(version = DIVE_VERSION) {
  building ??= (async () => {
    const binary = diveBinaryPath(version);
    if (existsSync(binary)) return binary;
    // `go install` writes <GOBIN>/dive; a partial folder keeps an interrupted build from counting as done.
    const partial = `${path.dirname(binary)}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const started = Date.now();
    console.log(`[dive] building dive ${version} from its Go module (once per version)`);
    const env = { ...process.env, GOBIN: partial, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
    try {
      // Niced: a build must not starve the engines a test stage runs beside it.
      await run('nice', ['-n', '10', goCommand(), 'install', '-trimpath', '-ldflags', `-s -w -X main.version=${version.replace(/^v/, '')}`, `${diveModule}@${version}`], { cwd: repoRoot, env });
      const { stdout } = await run(path.join(partial, 'dive'), ['--version']);
      if (stdout.trim() !== `dive ${version.replace(/^v/, '')}`) throw new Error(`the built dive says "${stdout.trim()}", not ${version}`);
      mkdirSync(path.dirname(path.dirname(binary)), { recursive: true });
      rmSync(path.dirname(binary), { recursive: true, force: true });
      renameSync(partial, path.dirname(binary));
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      throw new Error(`Building dive ${version} failed: ${error.message}`);
    }
    console.log(`[dive] built dive ${version} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${binary}`);
    return binary;
  })();
  return building;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(await ensureDive());
}
