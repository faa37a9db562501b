// The modules of Grafana's foundation SDK that the dashboards use, in one place. At build time (the compile
// task, scripts/bundle-vendor.js) lib/vendor/grafana-foundation-sdk.js becomes a bundle of just these
// modules, so the package ships them rather than the whole 11 MB SDK. No public type mentions the SDK.
export * as cog from '@grafana/grafana-foundation-sdk/cog';
export * as common from '@grafana/grafana-foundation-sdk/common';
export * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
export * as gauge from '@grafana/grafana-foundation-sdk/gauge';
export * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
export * as stat from '@grafana/grafana-foundation-sdk/stat';
export * as table from '@grafana/grafana-foundation-sdk/table';
export * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
