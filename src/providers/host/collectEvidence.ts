// Runs every collector, each tagged with its signal family. One collector failing (a reader
// that throws after all, a parser bug) costs only its own clues, never the whole detection.
import { collectContainerEvidence } from './containerEvidence';
import { collectCpuEvidence } from './cpuEvidence';
import { collectDeviceEvidence } from './deviceEvidence';
import { collectDmiEvidence } from './dmiEvidence';
import type { Clue, FamilyClue, SignalFamily } from './evidence';
import { collectFirmwareEvidence } from './firmwareEvidence';
import type { HostSources } from './hostFiles';
import { collectKernelEvidence } from './kernelEvidence';

const COLLECTORS: { family: SignalFamily; collect: (sources: HostSources) => Clue[] }[] = [
  { family: 'cpu', collect: (sources) => collectCpuEvidence(sources.files) },
  { family: 'dmi', collect: (sources) => collectDmiEvidence(sources.files) },
  { family: 'firmware', collect: (sources) => collectFirmwareEvidence(sources.files) },
  { family: 'devices', collect: (sources) => collectDeviceEvidence(sources.files) },
  { family: 'kernel', collect: collectKernelEvidence },
  { family: 'container', collect: collectContainerEvidence },
];

export function collectHostEvidence(sources: HostSources): FamilyClue[] {
  return COLLECTORS.flatMap(({ family, collect }) => {
    try {
      return collect(sources).map((found) => ({ ...found, family }));
    } catch {
      return [];
    }
  });
}
