// The colours an SVG export is drawn in: resolved from the theme by the webview (the file carries
// no CSS variables), checked here so a value from a theme can only ever be a colour.
import { LAYER_KINDS, type LayerKind } from '../model';

export interface SvgPalette {
  background: string;
  foreground: string;
  /** Secondary text: kinds, times, sources. */
  muted: string;
  border: string;
  /** Each band's accent, as the diagram draws it. */
  bands: Record<LayerKind, string>;
}

/** The dark theme's colours, the stylesheet's own fallbacks: used for any colour a theme does not give. */
export const DEFAULT_PALETTE: SvgPalette = {
  background: '#1f1f1f',
  foreground: '#cccccc',
  muted: '#9d9d9d',
  border: '#2b2b2b',
  bands: {
    hardware: '#f14c4c',
    hypervisor: '#d18616',
    'host-os': '#cca700',
    engine: '#89d185',
    isolation: '#11a8cd',
    'virtual-hardware': '#bc3fbc',
    'guest-os': '#3b8eea',
    libraries: '#3794ff',
    app: '#b180d7',
  },
};

/** A hex colour, a colour function of numbers, or a colour keyword: nothing that could end an attribute or reach outside the file. */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgb|rgba|hsl|hsla)\([0-9.,%\s/-]+\)|[a-z]{3,20})$/i;

export function isColour(value: string): boolean {
  return COLOUR.test(value.trim()) && !/^(inherit|initial|unset|revert|currentcolor)$/i.test(value.trim());
}

type PaletteInput = Partial<Omit<SvgPalette, 'bands'>> & { bands?: Partial<Record<string, string>> };

/** A palette where each colour is the one given when it is a colour, else the default. */
export function checkedPalette(input: PaletteInput): SvgPalette {
  const pick = (given: string | undefined, fallback: string) => (given !== undefined && isColour(given) ? given.trim() : fallback);
  const bands = Object.fromEntries(LAYER_KINDS.map((kind) => [kind, pick(input.bands?.[kind], DEFAULT_PALETTE.bands[kind])])) as Record<LayerKind, string>;
  return {
    background: pick(input.background, DEFAULT_PALETTE.background),
    foreground: pick(input.foreground, DEFAULT_PALETTE.foreground),
    muted: pick(input.muted, DEFAULT_PALETTE.muted),
    border: pick(input.border, DEFAULT_PALETTE.border),
    bands,
  };
}
