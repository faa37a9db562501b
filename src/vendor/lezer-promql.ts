// Prometheus's own PromQL grammar (lezer-promql, with the @lezer runtime it needs). At build time (the compile
// task, scripts/bundle-vendor.js) lib/vendor/lezer-promql.js becomes a bundle of them, shipped inside lib/.
// The package's CommonJS build is loaded with require(): its types describe the ES module build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const lezerPromql: unknown = require('@prometheus-io/lezer-promql');
