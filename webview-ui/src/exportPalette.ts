// The colours the diagram is drawn in now, resolved for an exported picture: the theme's
// `--vscode-*` values as computed here, and each band's accent as the stylesheet gives it (read
// from a hidden band of each kind, so the export follows the stylesheet, not a copy of it).
import { LAYER_KINDS } from '../../src/shared/model';
import { checkedPalette, type SvgPalette } from '../../src/shared/export/svgPalette';

function variable(style: CSSStyleDeclaration, name: string): string | undefined {
  const value = style.getPropertyValue(name).trim();
  return value === '' ? undefined : value;
}

export function readPalette(): SvgPalette {
  const page = getComputedStyle(document.body);
  const probe = document.createElement('div');
  probe.hidden = true;
  probe.setAttribute('aria-hidden', 'true');
  document.body.append(probe);
  const bands: Record<string, string | undefined> = {};
  try {
    for (const kind of LAYER_KINDS) {
      const band = document.createElement('section');
      band.className = 'band';
      band.setAttribute('data-layer', kind);
      probe.append(band);
      bands[kind] = variable(getComputedStyle(band), '--accent');
    }
  } finally {
    probe.remove();
  }
  return checkedPalette({
    background: variable(page, '--vscode-editor-background'),
    foreground: variable(page, '--vscode-foreground'),
    muted: variable(page, '--vscode-descriptionForeground'),
    border: variable(page, '--vscode-panel-border') ?? variable(page, '--vscode-contrastBorder'),
    bands,
  });
}
