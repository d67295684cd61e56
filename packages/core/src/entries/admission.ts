// `@jobsentinel/core/admission`: answers to AdmissionReview and audit-webhook requests, for the
// `serve` webhooks (packages/core/README.md, "Entries").
export * from '../admission/index.js';
