// The one way VM tools are run: real processes, argument arrays, bounded in time and output.
import * as assert from 'assert';
import { runTool } from '../../src/providers/exec/runTool';

describe('runTool', () => {
  it('returns stdout of a tool that succeeds, arguments passed as they are (no shell)', async () => {
    const result = await runTool({ tool: 'printf', args: ['%s|', 'a b', '$(id)', ';'], timeoutMs: 5000 });
    assert.ok(result.ok);
    if (result.ok) assert.strictEqual(result.stdout, 'a b|$(id)|;|');
  });

  it('says a missing tool is not installed', async () => {
    const result = await runTool({ tool: 'workload-stacks-no-such-tool', args: [], timeoutMs: 5000 });
    assert.ok(!result.ok && result.kind === 'missing' && /not installed/.test(result.message));
  });

  it('kills a tool that hangs and says so', async () => {
    const started = Date.now();
    const result = await runTool({ tool: 'sleep', args: ['10'], timeoutMs: 200 });
    assert.ok(!result.ok && result.kind === 'timeout', JSON.stringify(result));
    assert.ok(Date.now() - started < 3000);
  });

  it('reports a non-zero exit with the last lines of stderr', async () => {
    const result = await runTool({ tool: 'sh', args: ['-c', 'echo first >&2; echo boom >&2; exit 3'], timeoutMs: 5000 });
    assert.ok(!result.ok && result.kind === 'failed' && result.exitCode === 3 && /boom/.test(result.message), JSON.stringify(result));
  });

  it('refuses output beyond its cap', async () => {
    const result = await runTool({ tool: 'head', args: ['-c', '100000', '/dev/zero'], timeoutMs: 5000, maxBytes: 1000 });
    assert.ok(!result.ok && result.kind === 'too-large', JSON.stringify(result));
  });
});
