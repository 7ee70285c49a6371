// Every command id of the extension, in one table: what package.json contributes (a unit test
// holds the two together) and the one the tree's row click runs. Code names a command through
// this table, never by a string of its own.
export const COMMANDS = {
  refresh: 'workloadStacks.refresh',
  openStack: 'workloadStacks.openStack',
  /** A tree row's click: like openStack, but focus stays in the tree and one tab is reused. */
  showStackFromTree: 'workloadStacks.showStackFromTree',
  inspect: 'workloadStacks.inspect',
  revealSecrets: 'workloadStacks.inspect.revealSecrets',
  copyId: 'workloadStacks.copyId',
  /** A fact's value, from the diagram's context menu (webview/context). */
  copyValue: 'workloadStacks.copyValue',
  retryConnection: 'workloadStacks.retryConnection',
  containerStart: 'workloadStacks.container.start',
  containerStop: 'workloadStacks.container.stop',
  containerRestart: 'workloadStacks.container.restart',
  containerPause: 'workloadStacks.container.pause',
  containerUnpause: 'workloadStacks.container.unpause',
  containerRemove: 'workloadStacks.container.remove',
  containerLogs: 'workloadStacks.container.logs',
  containerShell: 'workloadStacks.container.shell',
  containerOpenPort: 'workloadStacks.container.openPort',
  compare: 'workloadStacks.compare',
  vmStart: 'workloadStacks.vm.start',
  vmShutdown: 'workloadStacks.vm.shutdown',
  vmReboot: 'workloadStacks.vm.reboot',
  vmPause: 'workloadStacks.vm.pause',
  vmResume: 'workloadStacks.vm.resume',
  vmForceOff: 'workloadStacks.vm.forceOff',
  podDelete: 'workloadStacks.pod.delete',
  groupPodsByNamespace: 'workloadStacks.kubernetes.groupByNamespace',
  groupPodsByNode: 'workloadStacks.kubernetes.groupByNode',
  vmConsole: 'workloadStacks.vm.console',
  filter: 'workloadStacks.filter',
  clearFilter: 'workloadStacks.clearFilter',
  measureOverhead: 'workloadStacks.measureOverhead',
  exportDiagram: 'workloadStacks.exportDiagram',
  recordUsage: 'workloadStacks.recordUsage',
  stopRecording: 'workloadStacks.stopRecording',
  analyseImage: 'workloadStacks.image.analyse',
  compareImages: 'workloadStacks.image.compare',
  clearImageCache: 'workloadStacks.image.clearCache',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

