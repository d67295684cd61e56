export { reviewAdmission, type AdmissionAnswer, type AdmissionOptions, type AdmissionResponse } from './admission-review.js';
export { judgeAuditBatch, type AuditBatchAnswer } from './audit-batch.js';
