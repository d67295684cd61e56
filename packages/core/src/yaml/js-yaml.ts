// The one door from the core to js-yaml. The build (scripts/bundle-js-yaml.mjs) replaces this module's
// output with a copy of the parts of js-yaml it names, taken from the workspace's patched js-yaml
// (patches/js-yaml@5.5.0.patch, see docs/js-yaml-patch.md): a consumer of the published core then parses
// with the same, about 4x faster, parser the core is tested with, and installs no js-yaml of its own.
export {
  parseEvents,
  getScalarValue,
  EVENT_ALIAS,
  EVENT_DOCUMENT,
  EVENT_MAPPING,
  EVENT_POP,
  EVENT_SCALAR,
  EVENT_SEQUENCE,
  COLLECTION_STYLE_FLOW,
  SCALAR_STYLE_PLAIN,
  SCALAR_STYLE_SINGLE_QUOTED,
  SCALAR_STYLE_DOUBLE_QUOTED,
  SCALAR_STYLE_LITERAL_BLOCK,
  SCALAR_STYLE_FOLDED_BLOCK,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
