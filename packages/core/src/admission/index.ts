export { reviewAdmission, type AdmissionAnswer, type AdmissionOptions, type AdmissionResponse } from './admission-review.js';
export { judgeAuditBatch, describeBatchMatch, batchName, type AuditBatchAnswer, type AuditBatchOptions, type BatchLocation, type BatchMatch, type BatchProblem } from './audit-batch.js';
export { ReportedRequests, DEFAULT_REPORTED_REQUESTS } from './reported-requests.js';
