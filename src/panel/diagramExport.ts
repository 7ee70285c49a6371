// Saving a diagram export, the same for the toolbar's Export… and the palette: which format (a
// QuickPick unless one was named), where (the save dialog, with a name from the workload and the
// time), then the file through the workspace file system. Markdown and Mermaid are written from
// the host's model; SVG and PNG are drawn by the webview and checked before they are written.
import * as vscode from 'vscode';
import { EXPORT_FORMATS, type ExportFormat, type ImageFormat } from '../shared/exportProtocol';
import type { Logger } from '../providers/provider';
import { checkedImage } from './imageCheck';

/** What a panel offers to export. */
export interface DiagramExportSource {
  /** The start of the file name, e.g. "shop-web-1-stack". */
  fileStem: string;
  /** How messages name it, e.g. "the stack of shop-web-1". */
  what: string;
  /** Markdown or Mermaid from the model; undefined while nothing has been read yet. */
  text(format: 'markdown' | 'mermaid', exportedAt: string): string | undefined;
  /** The picture as the webview draws it: SVG text or a PNG data: URL. */
  image(format: ImageFormat, exportedAt: string): Promise<string>;
}

interface FormatText {
  label: string;
  detail: string;
  extension: string;
}

/** Made when asked, so each string goes through the l10n bundle of the language in use. */
function formatTexts(): Record<ExportFormat, FormatText> {
  return {
    svg: { label: vscode.l10n.t('SVG image'), detail: vscode.l10n.t('The picture as a self-contained vector image, in the theme’s colours'), extension: 'svg' },
    png: { label: vscode.l10n.t('PNG image'), detail: vscode.l10n.t('The same picture as a bitmap'), extension: 'png' },
    markdown: { label: vscode.l10n.t('Markdown'), detail: vscode.l10n.t('Every band and value with its source, as tables'), extension: 'md' },
    mermaid: { label: vscode.l10n.t('Mermaid'), detail: vscode.l10n.t('A flowchart for Markdown that renders Mermaid (GitHub, GitLab…)'), extension: 'mmd' },
  };
}

export async function pickExportFormat(what: string): Promise<ExportFormat | undefined> {
  const texts = formatTexts();
  const items = EXPORT_FORMATS.map((format) => ({ format, label: texts[format].label, detail: texts[format].detail }));
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export {0} as', what), placeHolder: vscode.l10n.t('Choose a format') });
  return picked?.format;
}

async function contents(source: DiagramExportSource, format: ExportFormat, exportedAt: string): Promise<Uint8Array | undefined> {
  if (format === 'markdown' || format === 'mermaid') {
    const text = source.text(format, exportedAt);
    return text === undefined ? undefined : Buffer.from(text, 'utf8');
  }
  const checked = checkedImage(format, await source.image(format, exportedAt));
  if ('refused' in checked) throw new Error(vscode.l10n.t('The drawn image was refused: {0}.', checked.refused));
  return checked.bytes;
}

/** Asks, draws and saves; the file saved, or undefined when the user cancelled or it failed (and was told). */
export async function exportDiagram(source: DiagramExportSource, format: ExportFormat | undefined, log: Logger): Promise<vscode.Uri | undefined> {
  const chosen = format ?? (await pickExportFormat(source.what));
  if (!chosen) return undefined;
  const exportedAt = new Date().toISOString();
  try {
    // Drawn before asking where: a picture that cannot be made is said at once, not after choosing a file.
    const bytes = await contents(source, chosen, exportedAt);
    if (!bytes) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to export yet: the diagram has not been read.'));
      return undefined;
    }
    const { label, extension } = formatTexts()[chosen];
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const fileName = `${source.fileStem}-${exportedAt.slice(0, 19).replace(/[:T]/g, '-')}.${extension}`;
    const target = await vscode.window.showSaveDialog({
      title: vscode.l10n.t('Save {0} as {1}', source.what, label),
      defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
      filters: { [label]: [extension] },
    });
    if (!target) return undefined;
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved {0} to {1}.', source.what, vscode.workspace.asRelativePath(target)), vscode.l10n.t('Open')).then((open) => {
      if (open) void vscode.commands.executeCommand('vscode.open', target);
    });
    return target;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.warn(`export ${chosen} of ${source.what}: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not export {0}: {1}', source.what, message));
    return undefined;
  }
}
