// What the consent dialog of the overhead lab says, before anything is copied anywhere: what runs,
// for how long, what it loads and starts, and where the probe goes when that is not the workload's
// own file system (a directory of the host shared into a container).
import { estimatedSeconds, type LabSettings, type LabWorkload } from './overheadLab';

export interface Consent {
  question: string;
  detail: string;
}

/** `placementNotes`: per workload name, what its target says about where the probe would go. */
export function consentText(workloads: readonly LabWorkload[], settings: LabSettings, placementNotes: ReadonlyMap<string, string>): Consent {
  const names = workloads.map((workload) => workload.name).join(', ');
  const seconds = estimatedSeconds(settings, workloads.length);
  const booted = workloads.filter((workload) => workload.needsBoot).map((workload) => workload.name);
  const [is, it] = booted.length === 1 ? ['is', 'it'] : ['are', 'them'];
  const boots = booted.length > 0 ? ` ${booted.join(', ')} ${is} off: the lab starts ${it} to time the boot, measures, then forces ${it} off again (nothing runs in ${it} but the probe).` : '';
  const provisioning = settings.provisioningRuns > 0 ? ` To time provisioning, it also starts ${settings.provisioningRuns} fresh process(es) on this machine and ${settings.provisioningRuns} short-lived container(s) from the image of each container, and removes each at once, with its anonymous volumes.` : '';
  const placements = [...placementNotes].map(([name, note]) => ` For ${name}: ${note}.`).join('');
  return {
    question: `Measure the overhead of ${workloads.length} workload${workloads.length === 1 ? '' : 's'}?`,
    detail:
      `A small benchmark probe is copied into each of ${names} and run there, one after another, for about ${seconds} s in all. ` +
      `While it runs it loads their CPU (all cores), memory, disk (with fsync) and loopback network, and listens on one TCP port inside each for a few seconds to time round trips from this machine (on this machine itself, on loopback only).${provisioning}${boots}${placements} ` +
      'The probe deletes itself afterwards; nothing else in the workloads changes. You can cancel at any moment.',
  };
}
