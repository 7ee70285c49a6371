// The exports of a stack and of a comparison: Markdown parsed back by markdown-it, Mermaid labels
// checked for anything its grammar could read, SVG checked for well-formed XML; a revealed secret
// and hostile engine text (HTML, backticks, pipes, newlines, arrows, brackets, quotes) never come
// out raw. The real Mermaid parser and Chromium's SVG renderer read them in test/webview/export.test.mjs.
import * as assert from 'assert';
import MarkdownIt from 'markdown-it';
import { compareStacks } from '../../src/shared/compare';
import { compareMarkdown } from '../../src/shared/export/compareMarkdown';
import { compareMermaid } from '../../src/shared/export/compareMermaid';
import { compareSvg } from '../../src/shared/export/compareSvg';
import { oneLine, SECRET_MASK } from '../../src/shared/export/exportText';
import { markdownText } from '../../src/shared/export/markdownEscape';
import { mermaidText } from '../../src/shared/export/mermaidEscape';
import { stackMarkdown } from '../../src/shared/export/stackMarkdown';
import { stackMermaid } from '../../src/shared/export/stackMermaid';
import { stackSvg } from '../../src/shared/export/stackSvg';
import { checkedPalette, DEFAULT_PALETTE } from '../../src/shared/export/svgPalette';
import { xmlText } from '../../src/shared/export/xmlEscape';
import { headlineFacts } from '../../src/shared/headlines';
import type { Stack } from '../../src/shared/model';
import { readJsonFixture } from '../repoPaths';
import { xmlProblems } from '../xmlWellFormed';

const time = { exportedAt: '2026-12-05T19:00:00.000Z' };
const fixture = () => readJsonFixture<Stack>('webview/stack-container.json');
/** Every field an engine fills holds HTML, backticks, pipes, newlines, arrows, brackets, quotes, entities, control characters. */
const hostile = () => readJsonFixture<Stack>('webview/stack-hostile.json');
const secretValues = (stack: Stack) => stack.layers.flatMap((layer) => layer.facts.filter((fact) => fact.secret).map((fact) => fact.value));

/** What a Markdown reader shows for a value: one line, control characters as spaces. */
const shown = (text: string) => oneLine(text).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();

const markdown = new MarkdownIt({ html: true });
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

function allTokens(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((token) => [token, ...allTokens(token.children ?? [])]);
}

/** An inline token's text as a reader sees it (escapes and entities resolved). */
function inlineText(token: Token): string {
  return (token.children ?? []).map((child) => (child.type === 'softbreak' ? '\n' : child.content)).join('');
}

/** Each table of the document as rows of cell texts, the header row first. */
function tables(text: string): string[][][] {
  const found: string[][][] = [];
  let row: string[] | undefined;
  for (const token of markdown.parse(text, {})) {
    if (token.type === 'table_open') found.push([]);
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      found[found.length - 1].push(row);
      row = undefined;
    }
    else if (token.type === 'inline' && row && found.length > 0) row.push(inlineText(token));
  }
  return found;
}

function assertInertMarkdown(text: string): void {
  const tokens = allTokens(markdown.parse(text, {}));
  const html = tokens.filter((token) => token.type === 'html_inline' || token.type === 'html_block');
  assert.deepStrictEqual(html.map((token) => token.content), [], 'no raw HTML tokens');
  const links = tokens.filter((token) => token.type === 'link_open' || token.type === 'image' || token.type === 'code_inline' || token.type === 's_open');
  assert.deepStrictEqual(links.map((token) => token.type), [], 'no links, images, code spans or strikethrough made of data');
  for (const table of tables(text)) for (const row of table) assert.strictEqual(row.length, table[0].length, `a row keeps its ${table[0].length} cells: ${JSON.stringify(row)}`);
  const rendered = markdown.render(text);
  assert.ok(!/<(img|script)\b/i.test(rendered), 'no <img> or <script> element when rendered');
}

describe('stack exports: Markdown', () => {
  it('holds every band, top to bottom, with its headline, and every value with its source', () => {
    const stack = fixture();
    const text = stackMarkdown(stack, time);
    const [glance, ...details] = tables(text);
    assert.deepStrictEqual(glance.slice(1).map((row) => row[0]), [...stack.layers].reverse().map((layer) => layer.title));
    const libraries = stack.layers.find((layer) => layer.kind === 'libraries');
    const librariesRow = glance.find((row) => row[0] === libraries?.title);
    assert.ok(librariesRow && libraries && headlineFacts(libraries).every((fact) => librariesRow[1].includes(shown(fact.value))));
    const factRows = details.filter((table) => table[0].join() === 'Fact,Value,Source').flatMap((table) => table.slice(1));
    const expected = [...stack.layers].reverse().flatMap((layer) => layer.facts.map((fact) => [shown(fact.label), fact.secret ? SECRET_MASK : shown(fact.value), shown(fact.source)]));
    assert.deepStrictEqual(factRows, expected, 'every value, top band first, with its source');
    const imageRows = details.find((table) => table[0][1] === 'Created by');
    assert.strictEqual(imageRows?.length, (libraries?.imageLayers?.length ?? 0) + 1, 'one row per image layer');
    assert.ok(text.includes(stack.readAt) && text.includes(time.exportedAt), 'names when it was read and exported');
    assertInertMarkdown(text);
  });

  it('keeps hostile engine text as text: no HTML, no broken table, every cell as the engine gave it', () => {
    const stack = hostile();
    const text = stackMarkdown(stack, time);
    assertInertMarkdown(text);
    const factRows = tables(text).filter((table) => table[0].join() === 'Fact,Value,Source').flatMap((table) => table.slice(1));
    const plainFacts = stack.layers.flatMap((layer) => layer.facts).filter((fact) => !fact.secret);
    for (const fact of plainFacts) {
      assert.ok(
        factRows.some((row) => row[0] === shown(fact.label) && row[1] === shown(fact.value) && row[2] === shown(fact.source)),
        `the row of ${JSON.stringify(fact.label)} reads back as it was`,
      );
    }
    const heading = allTokens(markdown.parse(text, {})).find((token) => token.type === 'inline');
    assert.strictEqual(heading && inlineText(heading), `Stack of ${shown(stack.name)}`);
  });

  it('escapes each character Markdown could read, and nothing a reader would miss', () => {
    assert.strictEqual(markdownText('a|b\nc'), 'a\\|b; c');
    assert.strictEqual(markdownText('<img src=x>'), '\\<img src=x\\>');
    assert.strictEqual(markdownText('x86_64 `c` [l](u) ~~s~~ &lt;'), 'x86\\_64 \\`c\\` \\[l\\]\\(u\\) \\~\\~s\\~\\~ \\&lt;');
    assert.strictEqual(markdownText('Debian 12.5 /proc/cpuinfo'), 'Debian 12.5 /proc/cpuinfo');
  });
});

describe('stack exports: Mermaid', () => {
  /** Label and comment text with our own markup (<b>, <br/>) and Mermaid's entity codes taken out. */
  const dataOf = (text: string) => text.replace(/<\/?b>|<br\/>/g, '').replace(/#\d+;/g, '');

  it('writes labels and comments with no character Mermaid’s grammar or HTML could read', () => {
    for (const text of [stackMermaid(hostile(), time), compareMermaid(compareStacks([hostile(), fixture()], 'now'), time)]) {
      for (const line of text.split('\n')) {
        const labels = [...line.matchAll(/\["([^"]*)"\]/g)].map((match) => match[1]);
        for (const data of labels.map(dataOf)) assert.ok(!/["`<>[\]{};:#%|&\\]/.test(data), `raw syntax in ${JSON.stringify(data)}`);
        // A comment is read, not drawn: it stays readable, but can neither end nor form a %%{directive}%%.
        if (line.startsWith('%%')) assert.ok(!/[{}#%\p{Cc}\p{Cf}]/u.test(dataOf(line.slice(2))), `raw syntax in the comment ${JSON.stringify(line)}`);
        if (!line.startsWith('%%') && labels.length === 0) assert.match(line, /^(flowchart BT|\s*(subgraph \w+\["[^"]*"\]|direction BT|end|\w+ --- \w+)|)$/, `a line of ours only: ${JSON.stringify(line)}`);
      }
      assert.ok(!text.includes('%%{'), 'no directive can be formed');
    }
  });

  it('encodes a character as Mermaid’s #code; and keeps letters, digits and plain punctuation', () => {
    assert.strictEqual(mermaidText('a --> "b"'), 'a --#62; #34;b#34;');
    assert.strictEqual(mermaidText('x86-64 Debian/12.5 שרת'), 'x86-64 Debian/12.5 שרת');
    const decoded = mermaidText('<img src=x onerror=alert(1)>\n`]]`').replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
    assert.strictEqual(decoded, '<img src=x onerror=alert(1)>; `]]`');
  });

  it('draws the bands bottom to top, each standing on the one below', () => {
    const stack = fixture();
    const text = stackMermaid(stack, time);
    assert.ok(text.includes('flowchart BT'));
    const chain = stack.layers.slice(1).map((_, index) => `b${index} --- b${index + 1}`);
    for (const link of chain) assert.ok(text.includes(link), link);
    for (const layer of stack.layers) assert.ok(text.includes(`<b>${mermaidText(layer.title)}</b>`), layer.title);
    assert.ok(text.includes(`Read at ${stack.readAt}; exported at ${time.exportedAt}.`), 'the times, in the header comment');
    assert.ok(text.includes(`read at ${mermaidText(stack.readAt)}"]`), 'the read time, in the drawn title');
    assert.ok(text.includes('%% Hardware, from: GET /info (NCPU); GET /info (MemTotal); /proc/cpuinfo (model name)'), 'the sources, readable');
  });
});

describe('stack exports: SVG', () => {
  it('is well-formed XML with a title, a description, every band bottom-up and no CSS variable', () => {
    const stack = fixture();
    const svg = stackSvg(stack, DEFAULT_PALETTE, time);
    assert.deepStrictEqual(xmlProblems(svg), []);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.includes('<title id="ws-title">') && svg.includes('<desc id="ws-desc">'));
    const kinds = [...svg.matchAll(/<g data-layer="([^"]+)"><title>[^<]*<\/title><rect x="\d+" y="(\d+)"/g)].map((match) => ({ kind: match[1], y: Number(match[2]) }));
    assert.deepStrictEqual(kinds.map((block) => block.kind), stack.layers.map((layer) => layer.kind));
    for (let i = 1; i < kinds.length; i++) assert.ok(kinds[i].y < kinds[i - 1].y, `${kinds[i].kind} is drawn above ${kinds[i - 1].kind}`);
    assert.ok(!/var\(|url\(|href|<style|<script|@import/i.test(svg), 'self-contained, no CSS variables');
    assert.ok(svg.includes(xmlText('GET /info (NCPU)')) && svg.includes(stack.readAt) && svg.includes(time.exportedAt), 'sources and times as text');
  });

  it('stays well-formed with hostile text: escaped, control characters and lone surrogates replaced', () => {
    const svg = stackSvg(hostile(), DEFAULT_PALETTE, time);
    assert.deepStrictEqual(xmlProblems(svg), []);
    assert.ok(!svg.includes('<img') && !svg.includes('<script') && !svg.includes('<b>'));
    assert.strictEqual(xmlText('a\u0001<b>&"\'\ud800'), 'a\ufffd&lt;b&gt;&amp;&quot;&apos;\ufffd');
  });

  it('takes only colours from a palette: anything else falls back to the default', () => {
    const palette = checkedPalette({ background: '#ffffff', foreground: 'red" onload="alert(1)', muted: 'url(https://evil/x)', border: 'var(--vscode-panel-border)', bands: { app: 'rgb(1, 2, 3)', hardware: 'inherit' } });
    assert.strictEqual(palette.background, '#ffffff');
    assert.strictEqual(palette.foreground, DEFAULT_PALETTE.foreground);
    assert.strictEqual(palette.muted, DEFAULT_PALETTE.muted);
    assert.strictEqual(palette.border, DEFAULT_PALETTE.border);
    assert.strictEqual(palette.bands.app, 'rgb(1, 2, 3)');
    assert.strictEqual(palette.bands.hardware, DEFAULT_PALETTE.bands.hardware);
    assert.ok(stackSvg(fixture(), palette, time).includes('fill="#ffffff"'), 'the background resolved from the theme');
  });
});

describe('exports never write a secret value, revealed or not', () => {
  it('masks every secret in each format of a stack and of a comparison', () => {
    const revealed = hostile();
    const secrets = secretValues(revealed);
    assert.ok(secrets.length >= 2 && secrets.every((value) => value.length > 8), 'the fixture holds revealed secrets');
    const second = { ...fixture(), name: 'second' };
    const model = compareStacks([revealed, second, fixture()], 'now');
    const exports = {
      'stack Markdown': stackMarkdown(revealed, time),
      'stack Mermaid': stackMermaid(revealed, time),
      'stack SVG': stackSvg(revealed, DEFAULT_PALETTE, time),
      'compare Markdown': compareMarkdown(model, time),
      'compare Mermaid': compareMermaid(model, time),
      'compare SVG': compareSvg(model, DEFAULT_PALETTE, time),
    };
    // The fixture's own secrets too, those not also public elsewhere (LANG=C.UTF-8 is in the image history).
    const withoutSecrets = JSON.stringify({ ...fixture(), layers: fixture().layers.map((layer) => ({ ...layer, facts: layer.facts.filter((fact) => !fact.secret) })) });
    const fixtureSecrets = secretValues(fixture()).filter((value) => value.length > 3 && !withoutSecrets.includes(JSON.stringify(value).slice(1, -1)));
    assert.ok(fixtureSecrets.length >= 3);
    for (const [name, text] of Object.entries(exports)) {
      for (const secret of [...secrets, ...fixtureSecrets]) {
        for (const form of [secret, markdownText(secret), mermaidText(secret), xmlText(secret)]) assert.ok(!text.includes(form), `${name} holds a secret value (${JSON.stringify(secret)})`);
      }
    }
    assert.ok(exports['stack Markdown'].includes(markdownText(SECRET_MASK)), 'the Markdown says a value is hidden');
  });
});

describe('comparison exports', () => {
  const pair = () => {
    const web = fixture();
    const db = { ...fixture(), name: 'db', workload: { ...fixture().workload, id: 'db-id' } };
    // gVisor for one of them: a difference with a hostile value beside it.
    const runtime = db.layers.find((layer) => layer.kind === 'isolation')?.facts.find((fact) => fact.key === 'runtime');
    if (runtime) runtime.value = 'runsc | <b>gVisor</b>';
    return compareStacks([web, db, hostile()], 'now');
  };

  it('Mermaid: both containers of one engine stand on the top shared block', () => {
    const twins = compareStacks([fixture(), { ...fixture(), name: 'db', workload: { ...fixture().workload, id: 'db-id' } }], 'now');
    assert.strictEqual(twins.shared.length, 4);
    const text = compareMermaid(twins, time);
    for (const column of [0, 1]) assert.ok(text.includes(`s3 --- c${column}b0`), `column ${column} stands on the engine block`);
    assert.strictEqual(text.split('\n').filter((line) => /^\s+s\d+\["/.test(line)).length, 4, 'each shared band drawn once');
  });

  it('Markdown: a table per workload, the shared bands once, where they differ, all inert', () => {
    const model = pair();
    const text = compareMarkdown(model, time);
    assertInertMarkdown(text);
    const [workloads] = tables(text);
    assert.deepStrictEqual(workloads.slice(1).map((row) => row[0]), model.columns.map((column) => shown(column.name)));
    const differences = tables(text).find((table) => table[0][0] === 'Fact' && table[0].length === model.columns.length + 1);
    assert.ok(model.differences.length > 0 && differences && differences.length - 1 === model.differences.length, 'one row per difference');
    assert.ok(differences.some((row) => row.includes('runsc | <b>gVisor</b>')), 'a hostile difference reads back as it was');
  });

  it('SVG: well-formed, the shared blocks across the bottom under every column', () => {
    const twins = compareStacks([fixture(), { ...fixture(), name: 'db', workload: { ...fixture().workload, id: 'db-id' } }], 'now');
    const svg = compareSvg(twins, DEFAULT_PALETTE, time);
    assert.deepStrictEqual(xmlProblems(svg), []);
    const shared = svg.slice(svg.indexOf('<g data-shared="true">'));
    const sharedBlocks = [...shared.matchAll(/<g data-layer="([^"]+)"><title>[^<]*<\/title><rect x="(\d+)" y="(\d+)" width="(\d+)"/g)];
    assert.deepStrictEqual(sharedBlocks.map((match) => match[1]), ['hardware', 'hypervisor', 'host-os', 'engine']);
    const columnBlocks = [...svg.slice(0, svg.indexOf('<g data-shared="true">')).matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="([\d.]+)" height="54"/g)];
    assert.ok(columnBlocks.length >= 6 && columnBlocks.every((match) => Number(match[1]) < Number(sharedBlocks[3][3])), 'columns stand above the shared blocks');
    assert.ok(columnBlocks.every((match) => Number(match[2]) < Number(sharedBlocks[0][4]) / 1.9), 'each column narrower than the shared width');
    assert.deepStrictEqual(xmlProblems(compareSvg(pair(), DEFAULT_PALETTE, time)), []);
  });
});
