// A panel's exports in one object, so the stack and compare panels each hold one and add a few
// lines: the Export… message starts the save flow, a drawn image settles its request, and the
// page loading again (or closing) is passed on to the requests waiting for it.
import type * as vscode from 'vscode';
import type { ExportDiagramMessage, ExportFormat, ExportImageMessage, RenderImageMessage } from '../shared/exportProtocol';
import type { Logger } from '../providers/provider';
import { exportDiagram } from './diagramExport';
import { ImageRequests } from './imageRequests';

/** What the panel says about what it shows now (it may show another workload later). */
export interface ExportSubject {
  fileStem(): string;
  what(): string;
  /** Markdown or Mermaid of the model held now; undefined while there is none. */
  text(format: 'markdown' | 'mermaid', exportedAt: string): string | undefined;
}

export class PanelExporter {
  private readonly images: ImageRequests;

  constructor(post: (message: RenderImageMessage) => void, private readonly subject: ExportSubject, private readonly log: Logger) {
    this.images = new ImageRequests(post);
  }

  /** Asks for a format unless given one, then where to save; the file saved, if any. */
  run(format?: ExportFormat): Promise<vscode.Uri | undefined> {
    const subject = this.subject;
    return exportDiagram(
      { fileStem: subject.fileStem(), what: subject.what(), text: (kind, exportedAt) => subject.text(kind, exportedAt), image: (kind, exportedAt) => this.images.request(kind, exportedAt) },
      format,
      this.log,
    );
  }

  receive(message: ExportDiagramMessage | ExportImageMessage): void {
    if (message.type === 'exportDiagram') void this.run(message.format);
    else this.images.settle(message);
  }

  /** The webview loaded again: requests it was sent before are asked again. */
  pageLoaded(): void {
    this.images.resend();
  }

  dispose(): void {
    this.images.dispose();
  }
}
