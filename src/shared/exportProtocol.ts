// The messages of a diagram export, the same for the stack and the compare panels. The webview's
// Export… control asks the host to export (the host asks which format and where to save). Markdown
// and Mermaid the host writes from the model it holds; for SVG and PNG it asks the webview, which
// knows the theme's colours, to draw the picture, and checks what comes back before saving it.
import { isRecord, isString } from './protocolGuards';

export const EXPORT_FORMATS = ['svg', 'png', 'markdown', 'mermaid'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ImageFormat = Extract<ExportFormat, 'svg' | 'png'>;

/** Webview to host: the user asked to export the diagram; a format when the control named one. */
export type ExportDiagramMessage = { type: 'exportDiagram'; format?: ExportFormat };

/** Host to webview: draw the diagram shown now as this image, stamped with the export's time, answering with the same id. */
export type RenderImageMessage = { type: 'renderImage'; format: ImageFormat; requestId: number; exportedAt: string };

/** Webview to host: the image (SVG text, or a PNG data: URL), or why it could not be drawn. */
export type ExportImageMessage = { type: 'exportImage'; format: ImageFormat; requestId: number } & ({ data: string } | { error: string });

export function isExportFormat(value: unknown): value is ExportFormat {
  return (EXPORT_FORMATS as readonly unknown[]).includes(value);
}

function isImageFormat(value: unknown): value is ImageFormat {
  return value === 'svg' || value === 'png';
}

function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isExportDiagramMessage(value: Record<string, unknown>): boolean {
  return value.type === 'exportDiagram' && (value.format === undefined || isExportFormat(value.format));
}

/** Shape only: what the data holds is checked by the host before anything is written (imageCheck.ts). */
export function isExportImageMessage(value: Record<string, unknown>): boolean {
  if (value.type !== 'exportImage' || !isImageFormat(value.format) || !isRequestId(value.requestId)) return false;
  return isString(value.data) !== isString(value.error);
}

export function isRenderImageMessage(value: unknown): value is RenderImageMessage {
  return isRecord(value) && value.type === 'renderImage' && isImageFormat(value.format) && isRequestId(value.requestId) && isString(value.exportedAt);
}
