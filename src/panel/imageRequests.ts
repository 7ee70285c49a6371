// The host's side of drawing an image in the webview: each request has an id, waits a bounded
// time for its answer, is posted again if the page loads anew meanwhile (a hidden webview is
// discarded and reloaded), and fails with a sentence when the panel closes first.
import type { ExportImageMessage, ImageFormat, RenderImageMessage } from '../shared/exportProtocol';

/** Drawing a diagram takes milliseconds; this is for a page that never answers. */
const ANSWER_TIMEOUT_MS = 20_000;

interface Pending {
  format: ImageFormat;
  exportedAt: string;
  resolve(data: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ImageRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly post: (message: RenderImageMessage) => void) {}

  /** The image's data as the webview drew it (not yet checked: see imageCheck.ts). */
  request(format: ImageFormat, exportedAt: string): Promise<string> {
    const requestId = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error('The diagram did not answer in time. Show the panel and try again.'));
      }, ANSWER_TIMEOUT_MS);
      this.pending.set(requestId, { format, exportedAt, resolve, reject, timer });
      this.post({ type: 'renderImage', format, requestId, exportedAt });
    });
  }

  /** An answer from the webview; one nobody waits for (late, or for another format) is dropped. */
  settle(message: ExportImageMessage): void {
    const pending = this.pending.get(message.requestId);
    if (!pending || pending.format !== message.format) return;
    this.pending.delete(message.requestId);
    clearTimeout(pending.timer);
    if ('data' in message) pending.resolve(message.data);
    else pending.reject(new Error(`The diagram could not be drawn as ${message.format.toUpperCase()}: ${message.error}`));
  }

  /** The page loaded again: what it was asked before is lost with the old page. */
  resend(): void {
    for (const [requestId, { format, exportedAt }] of this.pending) this.post({ type: 'renderImage', format, requestId, exportedAt });
  }

  dispose(): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(new Error('The panel was closed before the diagram was drawn.'));
    }
    this.pending.clear();
  }
}
