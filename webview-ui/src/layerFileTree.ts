// One layer's files as a collapsible tree. An answer can hold 50,000 rows: only the top level is
// drawn at first, a directory's children when it is opened, and at most a chunk of them at a time,
// so the page stays fast. The change filters hide rows (a directory stays while anything under it
// is shown). Every name and link target goes in as text.
import type { FileChange, LayerFileRow, LayerFiles } from '../../src/shared/imageAnalysisProtocol';
import { element, visuallyHidden } from './dom';
import { CHANGE_SIGN, CHANGE_WORD } from './fileChange';
import { formatMode } from './fileMode';
import { formatBytes } from './format';
import { t } from './l10n';

/** Children drawn per directory before a "show more" button. */
const CHUNK = 500;

export interface LayerFileTree {
  element: HTMLElement;
  /** Redraws with only these changes shown, keeping what is open. */
  setFilters(shown: ReadonlySet<FileChange>): void;
}

/** The rows' tree structure, worked out once per answer: parents come before their children. */
interface TreeIndex {
  rows: readonly LayerFileRow[];
  topLevel: number[];
  children: number[][];
  /** Each row's parent row, -1 at the top level. */
  parents: Int32Array;
}

function indexRows(rows: readonly LayerFileRow[]): TreeIndex {
  const byPath = new Map<string, number>();
  const topLevel: number[] = [];
  const children: number[][] = rows.map(() => []);
  const parents = new Int32Array(rows.length).fill(-1);
  rows.forEach((row, index) => {
    byPath.set(row.path, index);
    const slash = row.path.lastIndexOf('/');
    const parent = slash < 0 ? undefined : byPath.get(row.path.slice(0, slash));
    if (parent === undefined) {
      topLevel.push(index);
    } else {
      children[parent].push(index);
      parents[index] = parent;
    }
  });
  return { rows, topLevel, children, parents };
}

/** Shown: the row's change is, or something under it is (children come after parents: one pass from the end). */
function shownRows(index: TreeIndex, shown: ReadonlySet<FileChange>): Uint8Array {
  const result = new Uint8Array(index.rows.length);
  for (let i = index.rows.length - 1; i >= 0; i--) {
    if (shown.has(index.rows[i].change)) result[i] = 1;
    if (result[i] === 1 && index.parents[i] >= 0) result[index.parents[i]] = 1;
  }
  return result;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function renderChange(change: FileChange): HTMLElement {
  const marker = element('span', { className: 'file-change', attrs: { title: CHANGE_WORD[change] } }, [
    element('span', { text: CHANGE_SIGN[change], attrs: { 'aria-hidden': 'true' } }),
    visuallyHidden(CHANGE_WORD[change]),
  ]);
  marker.setAttribute('data-change', change);
  return marker;
}

function renderLine(row: LayerFileRow, toggle: HTMLElement | undefined): HTMLElement {
  const name = toggle ?? element('span', { className: 'file-name', text: baseName(row.path) });
  const target = row.linkTarget !== undefined ? [element('span', { className: 'file-link', text: `→ ${row.linkTarget}` })] : [];
  return element('div', { className: 'file-line', attrs: { title: row.path } }, [
    renderChange(row.change),
    element('span', { className: 'file-label' }, [name, ...target]),
    element('span', { className: 'file-size', text: row.type === 'dir' && row.change !== 'removed' ? '' : formatBytes(row.size) }),
    element('code', { className: 'file-mode', text: formatMode(row.type, row.mode) }),
    element('span', { className: 'file-owner', text: `${row.uid}:${row.gid}` }),
    element('span', { className: 'file-layer', text: String(row.layer), attrs: { title: t('Set by layer {0}', row.layer) } }),
  ]);
}

export function renderLayerFileTree(files: LayerFiles, initialFilters: ReadonlySet<FileChange>): LayerFileTree {
  const index = indexRows(files.rows);
  let shown = shownRows(index, initialFilters);
  /** Paths of the open directories: kept across filter changes. */
  const open = new Set<string>();
  const root = element('ul', { className: 'file-tree' });
  const empty = element('p', { className: 'file-tree-empty', text: t('No files match the filters.') });
  const container = element('div', { className: 'file-tree-container' }, [root, empty]);
  container.setAttribute('data-aggregate', String(files.aggregate));

  /** Draws the shown rows of `items` into `list`, a chunk at a time. */
  function fill(list: HTMLElement, items: readonly number[], from = 0): void {
    const visible = items.filter((item) => shown[item] === 1);
    const end = Math.min(visible.length, from + CHUNK);
    const nodes: Node[] = [];
    for (let i = from; i < end; i++) nodes.push(renderRow(visible[i]));
    if (end < visible.length) {
      const more = element('button', { className: 'file-more', text: t('Show {0} more', Math.min(CHUNK, visible.length - end)), attrs: { type: 'button' } });
      more.addEventListener('click', () => {
        more.closest('li')?.remove();
        fill(list, items, end);
      });
      nodes.push(element('li', { className: 'file-more-row' }, [more]));
    }
    list.append(...nodes);
  }

  function renderRow(item: number): HTMLElement {
    const row = index.rows[item];
    const kids = index.children[item];
    const hasShownChildren = kids.some((kid) => shown[kid] === 1);
    const li = element('li', { className: 'file-row' });
    li.setAttribute('data-path', row.path);
    li.setAttribute('data-change', row.change);
    if (!hasShownChildren) {
      li.append(renderLine(row, undefined));
      return li;
    }
    const isOpen = open.has(row.path);
    const toggle = element('button', { className: 'file-toggle', attrs: { type: 'button', 'aria-expanded': String(isOpen) } }, [
      element('span', { className: 'chevron', attrs: { 'aria-hidden': 'true' } }),
      element('span', { className: 'file-name', text: baseName(row.path) }),
    ]);
    li.append(renderLine(row, toggle));
    let list: HTMLElement | undefined;
    const show = (): void => {
      list = element('ul', { className: 'file-tree-children' });
      fill(list, kids);
      li.append(list);
    };
    if (isOpen) show();
    toggle.addEventListener('click', () => {
      const nowOpen = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(nowOpen));
      if (nowOpen) {
        open.add(row.path);
        show();
      } else {
        // Closed directories hold nothing in the DOM: a large one costs only while it is open.
        open.delete(row.path);
        list?.remove();
        list = undefined;
      }
    });
    return li;
  }

  function draw(): void {
    root.replaceChildren();
    fill(root, index.topLevel);
    empty.hidden = root.childElementCount > 0;
  }
  draw();

  return {
    element: container,
    setFilters(filters) {
      shown = shownRows(index, filters);
      draw();
    },
  };
}
