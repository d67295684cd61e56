/** The webhook logic every host shares: AdmissionReview in, review out; audit batch in, matches out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeAuditBatch, parseConfig, reviewAdmission } from '../src/index.js';

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

  it('answers 400 for a body that is not an EventList, and 200 for an empty one', () => {
    assert.equal(judgeAuditBatch(new TextEncoder().encode('{"kind":"Event"}')).status, 400);
    assert.equal(judgeAuditBatch(new TextEncoder().encode('\u0000garbage')).status, 400);
    assert.equal(judgeAuditBatch(new TextEncoder().encode('{"kind":"EventList","items":[]}')).status, 200);
  });
});
