import { mergeOpenSloDocuments, OpenSloObject } from '../../src/documents/openslo';

const service = (labels?: Record<string, string>): OpenSloObject => ({
  apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'storefront', ...(labels ? { labels } : {}) }, spec: {},
});

describe('mergeOpenSloDocuments', () => {
  test('Service documents of one service declared in several places merge, labels joined', () => {
    const merged = mergeOpenSloDocuments([service(), service({ tier: 'essential' }), service({ team: 'web' })]);
    expect(merged.conflicts).toEqual([]);
    expect(merged.documents).toEqual([service({ team: 'web', tier: 'essential' })]);
  });

  test('two SLOs that give a service two tiers conflict', () => {
    const merged = mergeOpenSloDocuments([service({ tier: 'critical' }), service({ tier: 'standard' })]);
    expect(merged.conflicts).toEqual(['the SLOs of service "storefront" give its label tier two values: "critical" and "standard"']);
  });

  test('other kinds must be identical to share a name', () => {
    const source = (url: string): OpenSloObject => ({ apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'prometheus' }, spec: { url } });
    expect(mergeOpenSloDocuments([source('a'), source('a')]).conflicts).toEqual([]);
    expect(mergeOpenSloDocuments([source('a'), source('b')]).conflicts).toEqual(['two different OpenSLO DataSource documents are named "prometheus"']);
  });
});
