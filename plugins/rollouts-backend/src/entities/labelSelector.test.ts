import { matchesLabels, parseLabelSelector } from './labelSelector';

describe('label selectors', () => {
  it('parses and matches every operator', () => {
    const sel = parseLabelSelector(
      'app=shop, tier in (web, api),env!=dev,team,!legacy,zone notin (x)',
    );
    expect(sel).toHaveLength(6);
    const labels = { app: 'shop', tier: 'web', env: 'prod', team: 'a' };
    expect(matchesLabels(sel, labels)).toBe(true);
    expect(matchesLabels(sel, { ...labels, legacy: 'true' })).toBe(false);
    expect(matchesLabels(sel, { ...labels, tier: 'db' })).toBe(false);
    expect(matchesLabels(sel, { ...labels, env: 'dev' })).toBe(false);
    expect(matchesLabels(sel, { ...labels, zone: 'x' })).toBe(false);
    const { team: _team, ...withoutTeam } = labels;
    expect(matchesLabels(sel, withoutTeam)).toBe(false);
  });

  it('accepts == and prefixed keys', () => {
    const sel = parseLabelSelector('backstage.io/kubernetes-id==shop');
    expect(matchesLabels(sel, { 'backstage.io/kubernetes-id': 'shop' })).toBe(
      true,
    );
    expect(matchesLabels(sel, { 'backstage.io/kubernetes-id': 'shop2' })).toBe(
      false,
    );
    expect(matchesLabels(sel, {})).toBe(false);
  });

  it.each(['', 'a=b c', 'a in b', '=x', 'a=(b)', 'a/b/c=d'])(
    'rejects %p',
    bad => {
      expect(() => parseLabelSelector(bad)).toThrow();
    },
  );
});
