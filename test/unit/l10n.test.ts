// Localisation stays complete: every string the editor layers pass to vscode.l10n.t, and every
// string the webview passes to its own t(), has a German translation in l10n/bundle.l10n.de.json,
// every %key% of package.json has an English and a German text, the translations keep their
// placeholders, and the VSIX lets all of these files in.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../repoPaths';

type Strings = Record<string, string>;

const readJson = (relative: string): unknown => JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8'));
const readStrings = (relative: string): Strings => readJson(relative) as Strings;

/** `l10n.t('…')` and `l10n.t("…")` with a literal first argument; the key is the literal's value. */
const L10N_CALL = /l10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;
/** A call whose first argument is not a plain string literal (a template, a variable): no key can be checked. */
const L10N_OTHER_CALL = /l10n\.t\(\s*(?!['"])/g;
/** The webview's `t('…')` / `t("…")` (webview-ui/src/l10n.ts): a call of a bare `t`, not a method or a longer name. */
const WEBVIEW_CALL = /(?<![\w$.])t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;
const WEBVIEW_OTHER_CALL = /(?<![\w$.])t\(\s*(?!['"])/g;

interface Scan {
  dir: string;
  call: RegExp;
  other: RegExp;
  /** A file of `dir` not scanned. */
  skip?: string;
}

/** Where the translated strings are used: the host's l10n.t under src/, the webview's t() under webview-ui/src/. */
const SCANS: Scan[] = [
  { dir: 'src', call: L10N_CALL, other: L10N_OTHER_CALL },
  // l10n.ts defines t() (its own signature is no call).
  { dir: 'webview-ui/src', call: WEBVIEW_CALL, other: WEBVIEW_OTHER_CALL, skip: path.join('webview-ui', 'src', 'l10n.ts') },
];

/** The value of a TypeScript string literal's body (the escapes JavaScript shares with JSON, plus \'). */
function literalValue(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(parseInt(escape.slice(2, -1), 16));
    if (escape.startsWith('u') || escape.startsWith('x')) return String.fromCharCode(parseInt(escape.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[escape] ?? escape;
  });
}

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(dir, file));
}

/** Every l10n.t key used under `dir` (t() keys under webview-ui/src), with the files that use it. */
function usedKeysIn(dir: string): { keys: Map<string, string[]>; nonLiteral: string[] } {
  const scan = SCANS.find((candidate) => candidate.dir === dir);
  if (!scan) throw new Error(`no scan for ${dir}`);
  const keys = new Map<string, string[]>();
  const nonLiteral: string[] = [];
  for (const file of sourceFiles(dir).filter((candidate) => candidate !== scan.skip)) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    for (const match of text.matchAll(scan.call)) {
      const key = literalValue(match[1] ?? match[2]);
      keys.set(key, [...(keys.get(key) ?? []), file]);
    }
    for (const match of text.matchAll(scan.other)) {
      const line = text.slice(0, match.index).split('\n').length;
      nonLiteral.push(`${file}:${line}`);
    }
  }
  return { keys, nonLiteral };
}

/** The keys of the host and the webview together: a string both use needs one entry. */
function usedKeys(): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  for (const { dir } of SCANS) for (const [key, files] of usedKeysIn(dir).keys) keys.set(key, [...(keys.get(key) ?? []), ...files]);
  return keys;
}

/** Every `%key%` string anywhere in the manifest. */
function manifestKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const match = /^%([^%\s]+)%$/.exec(value);
    if (match) found.add(match[1]);
  } else if (Array.isArray(value)) for (const item of value) manifestKeys(item, found);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) manifestKeys(item, found);
  return found;
}

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\d+\}/g) ?? [])].sort();

describe('localisation', () => {
  const german = readStrings('l10n/bundle.l10n.de.json');
  const manifest = readJson('package.json') as { l10n?: string; contributes: unknown };
  const nlsEnglish = readStrings('package.nls.json');
  const nlsGerman = readStrings('package.nls.de.json');

  it('the extension host passes l10n.t only literal strings, so every key can be checked', () => {
    const { keys, nonLiteral } = usedKeysIn('src');
    assert.ok(keys.size > 100, `only ${keys.size} l10n.t strings found under src/: is the scan broken?`);
    assert.deepStrictEqual(nonLiteral, [], 'l10n.t called with something other than a string literal (give it the English sentence with {0} placeholders)');
  });

  it('the webview passes t() only literal strings, so every key can be checked', () => {
    const { keys, nonLiteral } = usedKeysIn('webview-ui/src');
    assert.ok(keys.size > 80, `only ${keys.size} t() strings found under webview-ui/src/: is the scan broken?`);
    assert.ok(keys.has('Where they differ') && keys.has('{0} over the last {1} min'), 'the scan misses known webview strings');
    assert.deepStrictEqual(nonLiteral, [], 't() called in webview-ui/src with something other than a string literal (give it the English sentence with {0} placeholders)');
  });

  it('has a German translation, with the same placeholders, of every l10n.t string in src/ and t() string in webview-ui/src/', () => {
    const keys = usedKeys();
    const missing = [...keys].filter(([key]) => !(key in german)).map(([key, files]) => `${JSON.stringify(key)} (${[...new Set(files)].join(', ')})`);
    assert.deepStrictEqual(missing, [], `add these keys to l10n/bundle.l10n.de.json:\n  ${missing.join('\n  ')}`);
    const changed = [...keys.keys()].filter((key) => placeholders(key).join() !== placeholders(german[key]).join());
    assert.deepStrictEqual(changed, [], 'a German text lost or gained a {n} placeholder');
  });

  it('keeps no German strings that src/ and webview-ui/src/ no longer use', () => {
    const keys = usedKeys();
    const stale = Object.keys(german).filter((key) => !keys.has(key));
    assert.deepStrictEqual(stale, [], `remove these keys from l10n/bundle.l10n.de.json (no l10n.t or webview t() uses them)`);
  });

  it('points package.json at the bundles and names every %key% it uses in package.nls.json and package.nls.de.json', () => {
    assert.strictEqual(manifest.l10n, './l10n');
    const used = [...manifestKeys(manifest)];
    assert.ok(used.length > 50, `only ${used.length} %keys% in package.json`);
    for (const [file, strings] of [
      ['package.nls.json', nlsEnglish],
      ['package.nls.de.json', nlsGerman],
    ] as const) {
      const missing = used.filter((key) => typeof strings[key] !== 'string' || strings[key].trim() === '');
      assert.deepStrictEqual(missing, [], `add these keys to ${file}: ${missing.join(', ')}`);
    }
    const unused = Object.keys(nlsEnglish).filter((key) => !used.includes(key));
    assert.deepStrictEqual(unused, [], 'package.nls.json holds keys package.json does not use');
    assert.deepStrictEqual(Object.keys(nlsGerman).sort(), Object.keys(nlsEnglish).sort(), 'package.nls.de.json has exactly the keys of package.nls.json');
  });

  it('leaves no user-facing text of contributes in English in package.json', () => {
    const contributes = manifest.contributes as {
      commands: { command: string; title: string; category?: string }[];
      configuration: { title: string; properties: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[] }> };
    };
    const literal = (value: string | undefined) => value !== undefined && !/^%[^%\s]+%$/.test(value);
    const english = [
      ...contributes.commands.filter((command) => literal(command.title) || literal(command.category)).map((command) => command.command),
      ...Object.entries(contributes.configuration.properties)
        .filter(([, property]) => literal(property.description) || literal(property.markdownDescription) || (property.enumDescriptions ?? []).some(literal))
        .map(([name]) => name),
    ];
    assert.deepStrictEqual(english, [], 'move these texts to package.nls.json (and package.nls.de.json) and refer to them as %key%');
  });

  it('keeps the Markdown links and code of package.nls.json in the German texts', () => {
    const code = (text: string) => text.match(/`[^`]*`|\(command:[^)]*\)|#workloadStacks\.[\w.-]+#/g) ?? [];
    const changed = Object.keys(nlsEnglish).filter((key) => code(nlsEnglish[key]).sort().join() !== code(nlsGerman[key]).sort().join());
    assert.deepStrictEqual(changed, [], 'a German text changed a command link, a setting reference or a path');
  });

  it('packs package.nls*.json and the l10n bundles into the VSIX', function () {
    this.timeout(60_000);
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' }).split('\n').map((line) => line.trim());
    const translations = ['package.nls.json', 'package.nls.de.json', ...fs.readdirSync(path.join(repoRoot, 'l10n')).map((file) => `l10n/${file}`)];
    const left = translations.filter((file) => !listed.includes(file));
    assert.deepStrictEqual(left, [], 'these files would not be in the VSIX (see .vscodeignore)');
  });
});
