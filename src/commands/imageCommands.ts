// Commands on the images under containers: read one into its layers' files (in its diagram),
// compare two (two selected containers, or two images or tags picked from the engines' lists),
// and clear the analyses kept on disk.
import * as vscode from 'vscode';
import type { WorkloadImage, WorkloadProvider } from '../providers/provider';
import type { PanelManager } from '../panel/panelManager';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { type ImageAnalyses, ImageReadCancelled } from '../panel/imageAnalyses';
import type { NamedImageAnalysis } from '../shared/imageCompare';
import { shortImageId } from '../shared/imageAnalysis';
import { formatBytes } from '../shared/units';
import { KEEP_OPEN_ON_FOCUS_OUT, asTargets, resolveTargets } from './workloadTarget';
import type { ErrorReporter } from './errorReport';
import { COMMANDS } from '../commandIds';

export interface ImageCommandDeps {
  catalog: WorkloadCatalog;
  panels: PanelManager;
  images: ImageAnalyses;
  providerOf(id: string): WorkloadProvider | undefined;
  errors: ErrorReporter;
  selection(): readonly unknown[];
}

/** An image and the engine that exports it. */
interface ImageSource {
  provider: WorkloadProvider;
  image: WorkloadImage;
}

const readsImages = (provider: WorkloadProvider | undefined): provider is WorkloadProvider => Boolean(provider?.imageOf && provider.readImageContents);

export function registerImageCommands(deps: ImageCommandDeps): vscode.Disposable[] {
  const { catalog } = deps;
  const filter = (summary: { ref: { providerId: string; kind: string } }): boolean => summary.ref.kind === 'container' && readsImages(deps.providerOf(summary.ref.providerId));
  return [
    vscode.commands.registerCommand(COMMANDS.analyseImage, async (arg?: unknown) => {
      const [target] = await resolveTargets(catalog, arg, undefined, { title: vscode.l10n.t('Analyse the image layers of which container?'), filter });
      if (!target) return;
      await deps.panels.open(target.ref, target.name).analyseImage();
    }),
    vscode.commands.registerCommand(COMMANDS.compareImages, async (arg?: unknown, selection?: unknown) => {
      const sources = await imagesToCompare(deps, arg, selection, filter);
      if (!sources) return;
      try {
        const [a, b] = await Promise.all(sources.map(async ({ provider, image }): Promise<NamedImageAnalysis> => ({ ...(await deps.images.analyse(provider, image)).analysis, name: image.name })));
        deps.panels.openImageCompare(a, b);
      } catch (error) {
        if (error instanceof ImageReadCancelled) return;
        deps.errors.failed((why) => vscode.l10n.t('Could not compare the images: {0}', why), sources[0].provider, error);
      }
    }),
    vscode.commands.registerCommand(COMMANDS.clearImageCache, async () => {
      const { files, bytes } = await deps.images.usage();
      if (files === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('No image analyses are kept.'));
      const clear = vscode.l10n.t('Clear');
      const answer = await vscode.window.showWarningMessage(
        vscode.l10n.t('Clear the {0} image analyses kept ({1})? The next look at those images reads them from their engines again.', files, formatBytes(bytes)),
        { modal: true },
        clear,
      );
      if (answer !== clear) return;
      await deps.images.clear();
      vscode.window.setStatusBarMessage(vscode.l10n.t('Cleared the image analyses ({0}).', formatBytes(bytes)), 3000);
    }),
  ];
}

/**
 * The two images to compare: those of two containers selected in the tree (or given), else two
 * picked from the images the engines list. Undefined when the user picks fewer or cancels.
 */
async function imagesToCompare(
  deps: ImageCommandDeps,
  arg: unknown,
  selection: unknown,
  filter: (summary: { ref: { providerId: string; kind: string } }) => boolean,
): Promise<[ImageSource, ImageSource] | undefined> {
  const selected = (await asTargets(deps.catalog, selection ?? deps.selection())).filter((target) => filter({ ref: target.ref }));
  if (selected.length === 2 || (arg !== undefined && selected.length >= 2)) {
    const sources: ImageSource[] = [];
    for (const target of selected.slice(0, 2)) {
      const provider = deps.providerOf(target.ref.providerId);
      const image = readsImages(provider) ? await provider.imageOf?.(target.ref) : undefined;
      if (!provider || !image) {
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no image Workload Stacks can read.', target.name));
        return undefined;
      }
      sources.push({ provider, image });
    }
    return [sources[0], sources[1]];
  }
  if (selected.length > 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select two containers to compare their images.'));
    return undefined;
  }
  return pickTwoImages(deps);
}

async function pickTwoImages(deps: ImageCommandDeps): Promise<[ImageSource, ImageSource] | undefined> {
  const providers = deps.catalog.sources.filter((source) => source.listImages && source.readImageContents);
  const listed = await Promise.all(
    providers.map(async (provider) => {
      try {
        return (await provider.listImages?.()) ?? [];
      } catch (error) {
        deps.errors.failed((why) => vscode.l10n.t('Could not list the images of {0}: {1}', provider.label, why), provider, error);
        return [];
      }
    }),
  );
  type Item = vscode.QuickPickItem & { source: ImageSource };
  const items: Item[] = providers.flatMap((provider, index) =>
    listed[index].flatMap((image) =>
      // One row per tag, so two tags of one image can be picked too (they compare as identical).
      (image.tags && image.tags.length > 0 ? image.tags : [image.name]).map((name) => ({
        label: name,
        description: `${shortImageId(image.id)}${image.sizeBytes === undefined ? '' : ` · ${formatBytes(image.sizeBytes)}`}`,
        detail: provider.label,
        source: { provider, image: { ...image, name } },
      })),
    ),
  );
  if (items.length < 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The engines list fewer than two images to compare.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Compare which two images?'),
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT,
  });
  if (!picked || picked.length === 0) return undefined;
  if (picked.length !== 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Pick exactly two images to compare.'));
    return undefined;
  }
  return [picked[0].source, picked[1].source];
}
