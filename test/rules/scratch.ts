import * as YAML from 'yaml';
import { Sli } from '../../src';
import { ruleGroupsFor } from '../helpers/synth';
console.log(YAML.stringify(ruleGroupsFor({ service: 'checkout', name: 'availability', target: 0.999,
  indicator: Sli.ratio({ errors: 'http_requests_total{job="checkout",code=~"5.."}', total: 'http_requests_total{job="checkout"}' }),
  alerting: { minimumEvents: 100 } })));
