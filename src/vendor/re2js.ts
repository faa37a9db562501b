// RE2's regular-expression syntax and matching (re2js, a pure JavaScript port of RE2/J). At build time (the
// compile task, scripts/bundle-vendor.js) lib/vendor/re2js.js becomes a bundle of it, shipped inside lib/.
// Prometheus compiles label matchers with Go's regexp package, which implements RE2's syntax: JavaScript's
// RegExp accepts look-arounds and back-references that Prometheus refuses, and refuses some RE2 syntax.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const re2js: unknown = require('re2js');
