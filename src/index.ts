export * from './constructs/sli';
export * from './constructs/burn-rate-alerting';
export * from './constructs/slo';
