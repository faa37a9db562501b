/**
 * The limits rule engines put on rule groups, and the checks against them. Pure: numbers in, problems out.
 *
 * Mimir's (and Cortex's) ruler refuses a tenant's rule groups beyond its per-tenant limits:
 * `ruler_max_rules_per_rule_group` (flag `-ruler.max-rules-per-rule-group`, default 20) and
 * `ruler_max_rule_groups_per_tenant` (flag `-ruler.max-rule-groups-per-tenant`, default 70).
 */
import { SECONDS_PER_HOUR } from '../model/duration';

/** Mimir's default `ruler_max_rules_per_rule_group`. */
export const MIMIR_DEFAULT_MAX_RULES_PER_GROUP = 20;
/** Mimir's default `ruler_max_rule_groups_per_tenant`. */
export const MIMIR_DEFAULT_MAX_RULE_GROUPS_PER_TENANT = 70;

/**
 * The largest query offset accepted: data an hour late is an ingestion problem to fix, not to wait for,
 * and every page would be an hour late.
 */
export const MAX_QUERY_OFFSET_SECONDS = SECONDS_PER_HOUR;

/** Why `seconds` is not a usable query offset, or undefined when it is. */
export function queryOffsetProblem(seconds: number): string | undefined {
  if (!Number.isFinite(seconds) || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_QUERY_OFFSET_SECONDS) {
    return `must be a whole number of seconds from 0 to ${MAX_QUERY_OFFSET_SECONDS} (1h), got ${Number.isFinite(seconds) ? `${seconds}s` : 'a duration that is not a number'}; choose it just above your remote-write delay`;
  }
  return undefined;
}

/** Why a limit (a count of rules or groups) is unusable, or undefined when it is fine. */
export function countLimitProblem(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1) {
    return `must be a whole number of at least 1, got ${value}`;
  }
  return undefined;
}

/** The error when a tenant holds more rule groups than Mimir allows it, or undefined within the limit. */
export function tenantGroupCountProblem(tenant: string | undefined, groupCount: number, limit: number): string | undefined {
  if (groupCount <= limit) {
    return undefined;
  }
  const who = tenant === undefined ? 'the default tenant' : `the tenant "${tenant}"`;
  return `the app writes ${groupCount} rule groups for ${who}, more than Mimir's limit of ${limit} rule groups per tenant; `
    + 'raise ruler_max_rule_groups_per_tenant for the tenant in Mimir\'s runtime limits (or -ruler.max-rule-groups-per-tenant for all tenants) and maxRuleGroupsPerTenant with it, or spread the SLOs over several tenants';
}
