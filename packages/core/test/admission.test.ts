/** The webhook logic every host shares: AdmissionReview in, review out; audit batch in, matches out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../src/index.js';
import { describeBatchMatch, judgeAuditBatch, ReportedRequests, reviewAdmission, type AuditBatchAnswer } from '../src/entries/admission.js';

function review(object: Record<string, unknown>, request: Record<string, unknown> = {}, apiVersion = 'admission.k8s.io/v1'): string {
  return JSON.stringify({
    apiVersion,
    kind: 'AdmissionReview',
    request: { uid: 'u-1', kind: { group: 'batch', version: 'v1', kind: object.kind }, operation: 'CREATE', namespace: 'ci', object, ...request },
  });
}

const privileged = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j', annotations },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'a', image: 'acme/app', securityContext: { privileged: true } }] } } },
});

describe('reviewAdmission', () => {
  it('echoes the uid and the review version it was sent', () => {
    const answer = reviewAdmission(review(privileged(), {}, 'admission.k8s.io/v1beta1'));
    assert.equal(answer.status, 200);
    if (answer.status !== 200) return;
    assert.equal(answer.review.apiVersion, 'admission.k8s.io/v1beta1');
    assert.equal(answer.review.response.uid, 'u-1');
    assert.deepEqual(answer.review.response.warnings, ['[error] privileged-container: Container "a" runs privileged (full access to the node).']);
  });

  it('does not honour the ignore annotation: whoever writes the Job writes it', () => {
    const answer = reviewAdmission(review(privileged({ 'jobsentinel.io/ignore': 'all' })));
    assert.ok(answer.status === 200 && answer.findings.length === 1);
  });

  it('applies config namespace ignores to the request namespace when the object has none', () => {
    const config = parseConfig('ignore:\n  - namespaces: [ci]\n', 'c.yaml').config;
    const answer = reviewAdmission(review(privileged()), { config });
    assert.ok(answer.status === 200 && answer.findings.length === 0);
    assert.deepEqual(answer.status === 200 && answer.review.response, { uid: 'u-1', allowed: true });
  });

  it('denies under enforce, with a printable message', () => {
    const hostile = privileged();
    (hostile.spec.template.spec.containers[0] as Record<string, unknown>).name = 'a\u001b[31m\nb';
    const answer = reviewAdmission(review(hostile), { enforce: true });
    assert.ok(answer.status === 200);
    if (answer.status !== 200) return;
    assert.equal(answer.review.response.allowed, false);
    assert.equal(answer.review.response.status?.code, 403);
    assert.doesNotMatch(answer.review.response.status!.message, /[\u0000-\u001f]/);
  });

  it('caps the warnings kubectl would print', () => {
    const many = privileged();
    many.spec.template.spec.containers = Array.from({ length: 30 }, (_, index) => ({ name: `c${index}`, image: 'acme/app', securityContext: { privileged: true } }));
    const answer = reviewAdmission(review(many));
    assert.ok(answer.status === 200);
    if (answer.status !== 200) return;
    assert.equal(answer.review.response.warnings!.length, 21);
    assert.match(answer.review.response.warnings![20]!, /10 more findings/);
  });

  it('allows other kinds, deletes and subresources untouched', () => {
    for (const request of [{ kind: { group: 'apps', version: 'v1', kind: 'Deployment' } }, { operation: 'DELETE' }, { subResource: 'status' }]) {
      const answer = reviewAdmission(review(privileged(), request));
      assert.deepEqual(answer.status === 200 && answer.review.response, { uid: 'u-1', allowed: true });
    }
  });

  it('answers 400 with a reason for what is not a review', () => {
    for (const [body, reason] of [['{', /not JSON/], ['{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}', /no request/], ['{"kind":"AdmissionReview","apiVersion":"v9"}', /apiVersion/]] as const) {
      const answer = reviewAdmission(body);
      assert.ok(answer.status === 400 && reason.test(answer.reason), body);
    }
  });
});

describe('judgeAuditBatch', () => {
  const event = (verb: string, object: unknown) => ({
    kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Request', auditID: `id-${verb}`, stage: 'ResponseComplete', verb,
    requestURI: '/apis/batch/v1/namespaces/ci/jobs', user: { username: 'mallory' }, objectRef: { resource: 'jobs', namespace: 'ci', name: 'j', apiGroup: 'batch', apiVersion: 'v1' },
    responseStatus: { code: 201 }, requestObject: object,
  });

  it('judges an EventList with the audit semantics', () => {
    const body = new TextEncoder().encode(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [event('create', privileged()), event('get', privileged())] }));
    const answer = judgeAuditBatch(body);
    assert.ok(answer.status === 200);
    if (answer.status !== 200) return;
    assert.equal(answer.matches.length, 1);
    assert.equal(answer.matches[0]!.user, 'mallory');
    assert.equal(answer.summary.events, 2);
  });

  const batchOf = (...items: unknown[]) => new TextEncoder().encode(JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items }));
  const judged = (answer: AuditBatchAnswer) => {
    assert.ok(answer.status === 200);
    return answer as Extract<AuditBatchAnswer, { status: 200 }>;
  };
  const stage = (stageName: string, auditID: string, extra: Record<string, unknown> = {}) => ({ ...event('create', privileged()), auditID, stage: stageName, ...extra });

  it('locates each match in its batch: event index, auditID, the body judged, the batch number', () => {
    const honest = { ...privileged(), spec: { template: { spec: { containers: [{ name: 'a', image: 'acme/app' }] } } } };
    const answer = judged(judgeAuditBatch(batchOf(event('get', privileged()), { ...event('create', honest), auditID: 'honest' }, 'not an event', stage('ResponseComplete', 'bad')), { batch: 7 }));
    assert.equal(answer.matches.length, 1);
    const [match] = answer.matches;
    assert.equal(match!.auditID, 'bad');
    assert.equal(match!.line, 4);
    assert.equal(match!.file, 'audit-webhook/batch-7');
    assert.deepEqual(match!.location, { batch: 7, event: 3, object: '/items/3/requestObject' });
    assert.equal(match!.indicators[0]!.path, '/spec/template/spec/containers/0/securityContext/privileged');
    assert.deepEqual(answer.problems.map((problem) => problem.event), [2]);
  });

  it('describes a match in one printable line, placed as in the JSON', () => {
    const hostile = { ...stage('ResponseComplete', 'id\u001b[2J'), user: { username: 'mallory\nroot' } };
    const [match] = judged(judgeAuditBatch(batchOf(event('get', privileged()), hostile), { batch: 3 })).matches;
    assert.equal(describeBatchMatch(match!), 'audit-webhook/batch-3:2 create jobs ci/j by mallory\\nroot (audit ID id\\x1b[2J, allowed): privileged-container');
  });

  it('points at the response object when no request body was logged', () => {
    const responseOnly = { ...stage('ResponseComplete', 'r'), requestObject: undefined, responseObject: privileged() };
    const [match] = judged(judgeAuditBatch(batchOf(event('get', privileged()), responseOnly))).matches;
    assert.deepEqual(match!.location, { batch: null, event: 1, object: '/items/1/responseObject' });
  });

  it('reports the last stage of a request in one batch once, at that stage', () => {
    const answer = judged(judgeAuditBatch(batchOf(stage('RequestReceived', 'x'), stage('ResponseComplete', 'x')), { reported: new ReportedRequests() }));
    assert.equal(answer.matches.length, 1);
    assert.equal(answer.matches[0]!.location.event, 1);
    assert.equal(answer.repeated, 0);
  });

  it('does not report a request twice when its stages come in two batches, or a batch comes again', () => {
    const reported = new ReportedRequests();
    const first = judged(judgeAuditBatch(batchOf(stage('RequestReceived', 'split'), stage('ResponseComplete', 'other')), { reported }));
    assert.deepEqual(first.matches.map((match) => match.auditID).sort(), ['other', 'split']);
    const second = judged(judgeAuditBatch(batchOf(stage('ResponseComplete', 'split'), stage('ResponseComplete', 'new')), { reported }));
    assert.deepEqual(second.matches.map((match) => match.auditID), ['new']);
    assert.equal(second.repeated, 1);
    const replay = judged(judgeAuditBatch(batchOf(stage('ResponseComplete', 'split'), stage('ResponseComplete', 'new')), { reported }));
    assert.deepEqual(replay.matches, []);
    assert.equal(replay.repeated, 2);
    // Without the memory, each batch stands alone: the split request would be reported again.
    assert.equal(judged(judgeAuditBatch(batchOf(stage('ResponseComplete', 'split')))).matches.length, 1);
  });

  it('a reused audit ID on a write elsewhere, or a match without an ID, is still reported', () => {
    const reported = new ReportedRequests();
    judged(judgeAuditBatch(batchOf(stage('ResponseComplete', 'dup')), { reported }));
    const elsewhere = { ...stage('ResponseComplete', 'dup'), objectRef: { resource: 'jobs', namespace: 'prod', name: 'j', apiGroup: 'batch', apiVersion: 'v1' } };
    assert.equal(judged(judgeAuditBatch(batchOf(elsewhere), { reported })).matches.length, 1);
    const anonymous = { ...stage('ResponseComplete', 'x'), auditID: undefined };
    assert.equal(judged(judgeAuditBatch(batchOf(anonymous), { reported })).matches.length, 1);
    assert.equal(judged(judgeAuditBatch(batchOf(anonymous), { reported })).matches.length, 1);
  });

  it('remembers a bounded number of requests, forgetting the least recently seen first', () => {
    const reported = new ReportedRequests(2);
    const seen = (id: string) => reported.seenBefore({ auditID: id, verb: 'create', resource: 'jobs', namespace: 'ci' } as never);
    assert.equal(seen('a'), false);
    assert.equal(seen('b'), false);
    assert.equal(seen('a'), true);
    assert.equal(seen('c'), false);
    assert.equal(reported.size, 2);
    assert.equal(seen('a'), true);
    assert.equal(seen('b'), false);
    assert.equal(seen('x'.repeat(600)), false);
    assert.equal(seen('x'.repeat(600)), false);
  });

  it('answers 400 for a body that is not an EventList, and 200 for an empty one', () => {
    assert.equal(judgeAuditBatch(new TextEncoder().encode('{"kind":"Event"}')).status, 400);
    assert.equal(judgeAuditBatch(new TextEncoder().encode('\u0000garbage')).status, 400);
    assert.equal(judgeAuditBatch(new TextEncoder().encode('{"kind":"EventList","items":[]}')).status, 200);
  });
});
