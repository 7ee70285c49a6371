// Two images side by side: the base layers they share, where they part, and the files that differ
// in the end. The panel opens once both analyses are at hand (each read shows its own progress
// notification); like the overhead results it is a moment's comparison, not restored after a reload.
import * as vscode from 'vscode';
import type { Logger } from '../providers/provider';
import { type ImageCompareModel, type NamedImageAnalysis, compareImages } from '../shared/imageCompare';
import { type ImageCompareFromWebview, type ImageCompareToWebview, isImageCompareFromWebview } from '../shared/imageCompareProtocol';
import { WebviewPanelBase } from './webviewPanelBase';

export const IMAGE_COMPARE_VIEW_TYPE = 'workloadStacks.imageCompare';

export class ImageComparePanel extends WebviewPanelBase<ImageCompareFromWebview, ImageCompareToWebview> {
  readonly model: ImageCompareModel;

  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: Logger, a: NamedImageAnalysis, b: NamedImageAnalysis) {
    super(panel, extensionUri, log, isImageCompareFromWebview, 'Image compare panel');
    this.model = compareImages(a, b);
    panel.title = vscode.l10n.t('Compare images: {0} · {1}', a.name, b.name);
  }

  protected restore(): void {
    this.post({ type: 'imageCompare', model: this.model });
  }

  protected receive(): void {
    // The page only says `ready`, which the base class answers with restore().
  }
}
