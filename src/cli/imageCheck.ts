// `workload-stacks-image IMAGE`: the image analysis without VS Code, for a CI job. Reads the image
// from the engine's export as it streams, prints the waste and dive's rule verdicts, and exits 0
// (every rule passes), 1 (a rule fails) or 2 (the image could not be read, or a usage mistake).
import { type DockerClient, clientForEndpoint } from '../providers/docker/client';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../providers/docker/endpoint';
import { analyseImage } from '../providers/docker/imageArchive/analyseImage';
import { checkImageRules } from '../shared/imageRules';
import { IMAGE_CHECK_USAGE, type ImageCheckArgs, parseImageCheckArgs, UsageError } from './imageCheckArgs';
import { imageReportJson, imageReportText, ruleVerdicts } from './imageReport';

const TIMEOUT_MS = 30_000;

function engineClient(host: string | undefined): DockerClient {
  const input = endpointInputFromProcess();
  const resolution = resolveDockerEndpoint(host ? { ...input, env: { ...input.env, DOCKER_HOST: host } } : input);
  if (!resolution.ok) throw new Error(resolution.diagnosis.message);
  // The engine calls' debug log goes nowhere: the report and the exit code are what a CI job reads.
  const quiet = (): void => undefined;
  const log = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet };
  return clientForEndpoint(resolution.endpoint, { timeoutMs: TIMEOUT_MS, log });
}

async function check(args: ImageCheckArgs): Promise<number> {
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const analysis = await analyseImage(engineClient(args.host), args.image, { signal: abort.signal });
  const verdicts = ruleVerdicts(args.thresholds, checkImageRules(analysis.efficiency, args.thresholds));
  process.stdout.write((args.json ? imageReportJson : imageReportText)(args.image, analysis, verdicts));
  return verdicts.every((verdict) => verdict.passed) ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  try {
    const args = parseImageCheckArgs(argv);
    if (args === 'help') {
      process.stdout.write(`${IMAGE_CHECK_USAGE}\n`);
      return 0;
    }
    return await check(args);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`workload-stacks-image: ${message}\n${error instanceof UsageError ? `\n${IMAGE_CHECK_USAGE}\n` : ''}`);
    return 2;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
