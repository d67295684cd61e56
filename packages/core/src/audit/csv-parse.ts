// The one door from the core to d3-dsv, the CSV parser of the audit reader's CSV exports. The build
// (scripts/bundle-d3-dsv.mjs) replaces this module's output with a copy of the function it names, so
// the published core loads no package at run time (as for js-yaml).
export { csvParseRows } from 'd3-dsv';
