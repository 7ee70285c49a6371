// The host's side of an export: what it accepts back from the webview as an image (bounded, an SVG
// of ours or a real PNG), the message guards, the request/answer bookkeeping with a page that
// reloads or closes, and file names made from untrusted workload names.
import * as assert from 'assert';
import { fileNameStem } from '../../src/shared/export/exportText';
import { stackSvg } from '../../src/shared/export/stackSvg';
import { DEFAULT_PALETTE } from '../../src/shared/export/svgPalette';
import { isRenderImageMessage, type RenderImageMessage } from '../../src/shared/exportProtocol';
import type { Stack } from '../../src/shared/model';
import { isCompareFromWebview, isCompareToWebview } from '../../src/shared/compareProtocol';
import { isStackFromWebview, isStackToWebview } from '../../src/shared/stackProtocol';
import { checkedImage, MAX_IMAGE_CHARS } from '../../src/panel/imageCheck';
import { ImageRequests } from '../../src/panel/imageRequests';
import { readJsonFixture } from '../repoPaths';

const hostile = () => readJsonFixture<Stack>('webview/stack-hostile.json');
/** The smallest PNG: signature, IHDR of 1x1, IDAT, IEND. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

describe('export: what the host accepts as an image', () => {
  it('accepts the SVG we draw, even of hostile data, as its UTF-8 bytes', () => {
    const svg = stackSvg(hostile(), DEFAULT_PALETTE, { exportedAt: 'now' });
    const checked = checkedImage('svg', svg);
    assert.ok('bytes' in checked, JSON.stringify(checked));
    assert.strictEqual(Buffer.from(checked.bytes).toString('utf8'), svg);
  });

  it('refuses an SVG that is not ours: other start, script, handler, link, foreign content, too large', () => {
    const ours = stackSvg(hostile(), DEFAULT_PALETTE, { exportedAt: 'now' });
    const inject = (markup: string) => ours.replace('</svg>', `${markup}</svg>`);
    const refused = [
      '<?xml version="1.0"?><svg></svg>',
      inject('<script>alert(1)</script>'),
      inject('<rect onload="alert(1)"/>'),
      inject('<a href="https://evil">x</a>'),
      inject('<foreignObject><div/></foreignObject>'),
      inject('<image href="data:image/png;base64,AAAA"/>'),
      inject('<style>@import url(https://evil)</style>'),
      `${ours.slice(0, -6)}`,
      ours.replace('</svg>', `${' '.repeat(MAX_IMAGE_CHARS)}</svg>`),
    ];
    for (const data of refused) assert.ok('refused' in checkedImage('svg', data), data.slice(-60));
  });

  it('accepts a PNG data: URL as the PNG bytes and refuses anything else', () => {
    const checked = checkedImage('png', `data:image/png;base64,${PNG_1X1}`);
    assert.ok('bytes' in checked);
    assert.deepStrictEqual([...checked.bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    for (const data of [PNG_1X1, `data:image/jpeg;base64,${PNG_1X1}`, `data:image/png;base64,${Buffer.from('GIF89a....').toString('base64')}`, 'data:image/png;base64,<svg>', 'data:image/png;base64,']) {
      assert.ok('refused' in checkedImage('png', data), data.slice(0, 40));
    }
  });
});

describe('export: message guards', () => {
  it('takes the Export… message with or without a known format, and the drawn image of a known request', () => {
    for (const guard of [isStackFromWebview, isCompareFromWebview]) {
      assert.ok(guard({ type: 'exportDiagram' }));
      assert.ok(guard({ type: 'exportDiagram', format: 'mermaid' }));
      assert.ok(!guard({ type: 'exportDiagram', format: 'pdf' }));
      assert.ok(guard({ type: 'exportImage', format: 'svg', requestId: 3, data: '<svg/>' }));
      assert.ok(guard({ type: 'exportImage', format: 'png', requestId: 3, error: 'no canvas' }));
      assert.ok(!guard({ type: 'exportImage', format: 'png', requestId: 3 }), 'neither data nor error');
      assert.ok(!guard({ type: 'exportImage', format: 'png', requestId: 3, data: 'x', error: 'y' }), 'both');
      assert.ok(!guard({ type: 'exportImage', format: 'markdown', requestId: 3, data: 'x' }), 'the host writes Markdown itself');
      assert.ok(!guard({ type: 'exportImage', format: 'svg', requestId: -1, data: 'x' }));
      assert.ok(!guard({ type: 'exportImage', format: 'svg', requestId: 1, data: 42 }));
    }
  });

  it('lets the webview take a draw request on either panel, and nothing malformed', () => {
    const request: RenderImageMessage = { type: 'renderImage', format: 'png', requestId: 1, exportedAt: '2026-12-05T19:00:00Z' };
    assert.ok(isStackToWebview(request) && isCompareToWebview(request) && isRenderImageMessage(request));
    assert.ok(!isRenderImageMessage({ ...request, format: 'mermaid' }));
    assert.ok(!isRenderImageMessage({ ...request, requestId: 1.5 }));
    assert.ok(!isRenderImageMessage({ type: 'renderImage', format: 'svg', requestId: 1 }));
  });
});

describe('export: image requests to the webview', () => {
  const requests = () => {
    const posted: RenderImageMessage[] = [];
    return { posted, images: new ImageRequests((message) => posted.push(message)) };
  };

  it('resolves the request its answer names, and drops answers nobody waits for', async () => {
    const { posted, images } = requests();
    const svg = images.request('svg', 't1');
    const png = images.request('png', 't2');
    assert.deepStrictEqual(posted.map((message) => [message.format, message.exportedAt]), [['svg', 't1'], ['png', 't2']]);
    images.settle({ type: 'exportImage', format: 'svg', requestId: posted[1].requestId, data: 'wrong format for that id' });
    images.settle({ type: 'exportImage', format: 'png', requestId: posted[1].requestId, data: 'png data' });
    images.settle({ type: 'exportImage', format: 'svg', requestId: posted[0].requestId, data: 'svg data' });
    assert.deepStrictEqual(await Promise.all([svg, png]), ['svg data', 'png data']);
    images.settle({ type: 'exportImage', format: 'svg', requestId: posted[0].requestId, data: 'late' });
  });

  it('asks a reloaded page again, says why a drawing failed, and fails what waits when the panel closes', async () => {
    const { posted, images } = requests();
    const failing = images.request('png', 't');
    images.resend();
    assert.strictEqual(posted.length, 2);
    assert.strictEqual(posted[1].requestId, posted[0].requestId);
    images.settle({ type: 'exportImage', format: 'png', requestId: posted[0].requestId, error: 'no 2D canvas' });
    await assert.rejects(failing, /could not be drawn as PNG: no 2D canvas/);
    const waiting = images.request('svg', 't');
    images.dispose();
    await assert.rejects(waiting, /closed/);
  });
});

describe('export: file names', () => {
  it('makes a file name of any workload name', () => {
    assert.strictEqual(fileNameStem('shop-web-1'), 'shop-web-1');
    assert.strictEqual(fileNameStem('../../etc/passwd'), 'etc-passwd');
    assert.strictEqual(fileNameStem('<img src=x> | `x`\n'), 'img-src-x-x');
    assert.strictEqual(fileNameStem('///'), 'workload');
    assert.strictEqual([...fileNameStem('x'.repeat(500))].length, 60);
  });
});
