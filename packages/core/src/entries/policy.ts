// `@jobsentinel/core/policy`: the ValidatingAdmissionPolicy compiler, for `jobsentinel policy` and
// whoever generates policies; a manifest scan never needs it (packages/core/README.md, "Entries").
export * from '../policy/index.js';
