import { InputError } from '@backstage/errors';
import { parseDeliveriesQuery } from './parseDeliveriesQuery';

const parse = (q: Record<string, unknown>) =>
  parseDeliveriesQuery(q, ['prod-eu', 'prod-us']);

describe('parseDeliveriesQuery', () => {
  it('reads every filter, lists repeated or comma-separated', () => {
    expect(
      parse({
        attention: 'true',
        status: 'paused,degraded',
        cluster: ['prod-eu', 'prod-us'],
        namespace: 'shop',
        owner: 'team-a',
        system: 'system:default/shop',
        strategy: 'canary',
        q: 'web 1.2.0',
        sort: 'updated',
        order: 'desc',
        limit: '50',
        offset: '100',
      }),
    ).toEqual({
      attention: true,
      status: ['paused', 'degraded'],
      cluster: ['prod-eu', 'prod-us'],
      namespace: ['shop'],
      owner: ['group:default/team-a'],
      system: ['system:default/shop'],
      strategy: ['canary'],
      q: 'web 1.2.0',
      sort: 'updated',
      order: 'desc',
      limit: 50,
      offset: 100,
    });
  });

  it('takes an empty free text as no filter, and trims it', () => {
    expect(parse({ q: '   ' })).toEqual({});
    expect(parse({ q: ' web ' })).toEqual({ q: 'web' });
  });

  it.each([
    [{ cluster: 'prod-moon' }, /unknown cluster 'prod-moon'/],
    [{ status: 'sleeping' }, /unknown status 'sleeping'/],
    [{ strategy: 'rolling' }, /unknown strategy/],
    [{ sort: 'color' }, /unknown sort/],
    [{ limit: '100000' }, /limit must be an integer from 1 to 500/],
    [{ limit: '1e3' }, /limit must be an integer/],
    [{ offset: '-1' }, /offset must be an integer/],
    [{ q: "x' OR 1=1 --" }, /q may contain only/],
    [{ q: '<script>' }, /q may contain only/],
    [{ q: 'a'.repeat(101) }, /longer than 100/],
    [{ namespace: 'Bad_NS' }, /not a Kubernetes name/],
    [{ owner: 'group:' }, /not an entity ref/],
    [{ attention: 'yes' }, /attention must be true or false/],
    [{ filter: 'x' }, /unknown query parameter 'filter'/],
    [{ q: ['a', 'b'] }, /q must be given once/],
    [{ order: 'sideways' }, /unknown order 'sideways'/],
    [{ limit: '0' }, /limit must be an integer from 1/],
    [{ limit: '' }, /limit must be an integer/],
    [{ limit: '9'.repeat(12) }, /limit must be an integer/],
    [{ offset: '999999999999' }, /offset must be an integer/],
    [{ status: Array(51).fill('paused').join(',') }, /at most 50 values/],
    // qs turns `status[$ne]=x` into an object: refused, not matched
    [{ status: { $ne: 'healthy' } }, /status must be a string/],
    [{ owner: [{ $gt: '' }] }, /owner must be a string/],
    [{ q: 'web\u0000' }, /q may contain only/],
    [{ q: 'web\nSet-Cookie: x' }, /q may contain only/],
    [{ q: '${jndi:ldap://x}' }, /q may contain only/],
    [{ q: '.*(a+)+$' }, /q may contain only/],
    [{ q: 'web%' }, /q may contain only/],
    [{ q: '`id`' }, /q may contain only/],
    [{ namespace: '../kube-system' }, /not a Kubernetes name/],
    [{ cluster: 'prod-eu,prod-moon' }, /unknown cluster 'prod-moon'/],
  ])('refuses %j', (query, message) => {
    expect(() => parse(query)).toThrow(InputError);
    expect(() => parse(query)).toThrow(message);
  });
});
