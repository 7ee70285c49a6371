// Draws the diagram shown now as an image when the host asks: SVG from the shared drawing code in
// the theme's resolved colours, PNG as that SVG rendered on a canvas. Secret values are masked by
// the drawing code, even when the panel shows them revealed.
import type { CompareModel } from '../../src/shared/compare';
import { compareSvg } from '../../src/shared/export/compareSvg';
import { stackSvg } from '../../src/shared/export/stackSvg';
import type { ExportImageMessage, RenderImageMessage } from '../../src/shared/exportProtocol';
import type { Stack } from '../../src/shared/model';
import { readPalette } from './exportPalette';
import { t } from './l10n';

/** Twice the CSS size, so the bitmap stays sharp on high-density screens and in documents. */
const PNG_SCALE = 2;

export interface ImageExporter {
  showStack(stack: Stack): void;
  showCompare(model: CompareModel): void;
  render(request: RenderImageMessage): Promise<ExportImageMessage>;
}

async function pngDataUrl(svg: string): Promise<string> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(image.naturalWidth * PNG_SCALE);
  canvas.height = Math.ceil(image.naturalHeight * PNG_SCALE);
  const context = canvas.getContext('2d');
  if (!context) throw new Error(t('no 2D canvas in this page'));
  context.scale(PNG_SCALE, PNG_SCALE);
  context.drawImage(image, 0, 0);
  return canvas.toDataURL('image/png');
}

export function createImageExporter(): ImageExporter {
  let shown: { stack: Stack } | { compare: CompareModel } | undefined;

  const svgOfShown = (exportedAt: string): string => {
    if (!shown) throw new Error(t('nothing is drawn yet'));
    const time = { exportedAt };
    return 'stack' in shown ? stackSvg(shown.stack, readPalette(), time) : compareSvg(shown.compare, readPalette(), time);
  };

  return {
    showStack(stack) {
      shown = { stack };
    },
    showCompare(model) {
      shown = { compare: model };
    },
    async render({ format, requestId, exportedAt }) {
      try {
        const svg = svgOfShown(exportedAt);
        return { type: 'exportImage', format, requestId, data: format === 'svg' ? svg : await pngDataUrl(svg) };
      } catch (error) {
        return { type: 'exportImage', format, requestId, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
