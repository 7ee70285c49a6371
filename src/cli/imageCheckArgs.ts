// The command line of `workload-stacks-image`: the image, the engine, the output form and dive's CI
// rule thresholds. Parsed by hand (a handful of options), every mistake a sentence for the user.
import type { ImageRuleThresholds } from '../shared/imageRules';

export interface ImageCheckArgs {
  image: string;
  /** DOCKER_HOST-style URL of the engine; the environment's (DOCKER_HOST, the Docker context) when absent. */
  host?: string;
  json: boolean;
  thresholds: ImageRuleThresholds;
}

export const IMAGE_CHECK_USAGE = `Usage: workload-stacks-image IMAGE [options]

Reads IMAGE from a Docker or Podman engine, weighs what each layer adds, changes and removes, and
checks dive's CI rules. Exits 0 when every rule passes, 1 when one fails, 2 on an error.

Options:
  --host URL                          the engine (unix:///run/podman/podman.sock, tcp://HOST:2376...);
                                      default: DOCKER_HOST, else the Docker context, else /var/run/docker.sock
  --json                              the analysis as JSON on standard output
  --lowest-efficiency RATIO           fail below this efficiency (0..1; default 0.9)
  --highest-wasted-bytes SIZE         fail above this waste (bytes, or 20MB, 1.5GiB...; default disabled)
  --highest-user-wasted-percent RATIO fail above this share of the user layers wasted (0..1; default 0.1)
Any threshold may be "disabled".`;

export class UsageError extends Error {}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** "20MB", "1.5GiB", "300000" -> bytes (decimal units as dive reads them, binary ones as named). */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match?.[2].toLowerCase();
  if (!match || unit === undefined || !(unit in UNITS)) throw new UsageError(`"${text}" is not a size: give bytes, or a number with KB, MB, GB, KiB, MiB or GiB.`);
  return Math.round(Number(match[1]) * UNITS[unit]);
}

function ratio(option: string, text: string): number | 'disabled' {
  if (text === 'disabled') return 'disabled';
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new UsageError(`${option} takes a ratio from 0 to 1 (or "disabled"), not "${text}".`);
  return value;
}

export function parseImageCheckArgs(argv: readonly string[]): ImageCheckArgs | 'help' {
  const rest = [...argv];
  const thresholds: ImageRuleThresholds = {};
  let image: string | undefined;
  let host: string | undefined;
  let json = false;
  const valueOf = (option: string): string => {
    const value = rest.shift();
    if (value === undefined) throw new UsageError(`${option} needs a value.`);
    return value;
  };
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--json':
        json = true;
        break;
      case '--host':
        host = valueOf(arg);
        break;
      case '--lowest-efficiency':
        thresholds.lowestEfficiency = ratio(arg, valueOf(arg));
        break;
      case '--highest-user-wasted-percent':
        thresholds.highestUserWastedPercent = ratio(arg, valueOf(arg));
        break;
      case '--highest-wasted-bytes': {
        const value = valueOf(arg);
        thresholds.highestWastedBytes = value === 'disabled' ? 'disabled' : parseByteSize(value);
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`Unknown option ${arg}.`);
        if (image !== undefined) throw new UsageError(`One image at a time: got "${image}" and "${arg}".`);
        image = arg;
    }
  }
  if (image === undefined) throw new UsageError('Name the image to check.');
  return { image, host, json, thresholds };
}
