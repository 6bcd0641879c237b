import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CanaryStrategySpec } from '@gradual/plugin-rollouts-common';
import { CanaryFields } from './CanaryFields';

/** CanaryFields with its spec kept in state; `latest()` is what the dialog would plan. */
function renderFields(initial: CanaryStrategySpec) {
  let latest = initial;
  function Harness() {
    const [spec, setSpec] = useState(initial);
    return (
      <CanaryFields
        spec={spec}
        onChange={next => {
          latest = next;
          setSpec(next);
        }}
      />
    );
  }
  render(<Harness />);
  return () => latest;
}

const istio: CanaryStrategySpec = {
  strategy: 'canary',
  trafficRouting: { istio: { virtualService: { name: 'web' } } },
  steps: [{ setWeight: 10 }, { pause: {} }],
};

describe('CanaryFields: user segments', () => {
  it('adds odd user ids as a header route step after the first weight, with its managed route', async () => {
    const latest = renderFields(istio);
    expect(screen.getByTestId('strategy-segment-condition')).toHaveTextContent(
      'X-User-Id matches ^[0-9]*[13579]$',
    );
    await userEvent.click(screen.getByTestId('strategy-segment-add'));
    expect(latest().steps).toEqual([
      { setWeight: 10 },
      {
        setHeaderRoute: {
          name: 'odd-users',
          match: [
            {
              headerName: 'X-User-Id',
              headerValue: { regex: '^[0-9]*[13579]$' },
            },
          ],
        },
      },
      { pause: {} },
    ]);
    expect(latest().trafficRouting?.managedRoutes).toEqual(['odd-users']);
    expect(screen.getByTestId('strategy-managed-routes')).toHaveTextContent(
      'odd-users',
    );
    // the step is editable: its route and condition show in the steps editor
    expect(screen.getByTestId('strategy-step-1-route')).toHaveValue(
      'odd-users',
    );
    expect(screen.getByTestId('strategy-step-1-match-0-kind')).toHaveValue(
      'regex',
    );
  });

  it('an IP range becomes a regex on the client address; a bad range says why', async () => {
    const latest = renderFields(istio);
    await userEvent.selectOptions(
      screen.getByTestId('strategy-segment-kind'),
      'ip',
    );
    const parameter = screen.getByTestId('strategy-segment-parameter');
    await userEvent.clear(parameter);
    await userEvent.type(parameter, '10.0.0.0/33');
    expect(screen.getByTestId('strategy-segment-condition')).toHaveTextContent(
      'not an IPv4 range',
    );
    expect(screen.getByTestId('strategy-segment-add')).toBeDisabled();
    await userEvent.clear(parameter);
    await userEvent.type(parameter, '192.168.4.0/24');
    await userEvent.click(screen.getByTestId('strategy-segment-add'));
    expect(latest().steps[1]).toEqual({
      setHeaderRoute: {
        name: 'ip-range',
        match: [
          { headerName: 'X-Client-Ip', headerValue: { prefix: '192.168.4.' } },
        ],
      },
    });
  });

  it('a user tier with an edge header of its own; a second one gets its own route name', async () => {
    const latest = renderFields(istio);
    await userEvent.selectOptions(
      screen.getByTestId('strategy-segment-kind'),
      'tier',
    );
    await userEvent.type(
      screen.getByTestId('strategy-segment-header'),
      'X-Plan',
    );
    await userEvent.click(screen.getByTestId('strategy-segment-add'));
    await userEvent.click(screen.getByTestId('strategy-segment-add'));
    const names = latest()
      .steps.filter(s => 'setHeaderRoute' in s)
      .map(s => ('setHeaderRoute' in s ? s.setHeaderRoute.name : ''));
    expect(names.sort()).toEqual(['tier-beta', 'tier-beta-2']);
    expect(latest().trafficRouting?.managedRoutes?.sort()).toEqual([
      'tier-beta',
      'tier-beta-2',
    ]);
    expect(latest().steps[1]).toMatchObject({
      setHeaderRoute: {
        match: [{ headerName: 'X-Plan', headerValue: { exact: 'beta' } }],
      },
    });
  });

  it('with nginx the segment becomes the header segment of the canary Ingress', async () => {
    const latest = renderFields({
      strategy: 'canary',
      trafficRouting: { nginx: { stableIngress: 'shop' } },
      steps: [{ setWeight: 10 }],
    });
    await userEvent.selectOptions(
      screen.getByTestId('strategy-segment-kind'),
      'bucket',
    );
    await userEvent.click(
      screen.getByRole('button', { name: /nginx header segment/ }),
    );
    expect(latest().trafficRouting?.nginx).toEqual({
      stableIngress: 'shop',
      headerSegment: {
        header: 'X-User-Bucket',
        pattern: '^[0-9]$',
      },
    });
    expect(latest().steps).toEqual([{ setWeight: 10 }]);
    const shown = screen.getByTestId('strategy-nginx-segment');
    expect(shown).toHaveTextContent('X-User-Bucket matching ^[0-9]$');
    await userEvent.click(
      within(shown).getByRole('button', { name: 'Remove' }),
    );
    expect(latest().trafficRouting?.nginx).toEqual({ stableIngress: 'shop' });
  });

  it('warns about a header route before the first weight, and authors mirror routes', async () => {
    const latest = renderFields({
      ...istio,
      steps: [
        {
          setHeaderRoute: {
            name: 'early',
            match: [{ headerName: 'X-A', headerValue: { exact: '1' } }],
          },
        },
        { setWeight: 10 },
      ],
    });
    expect(screen.getByTestId('strategy-early-route')).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('strategy-add-mirror-route'));
    const percentage = screen.getByTestId('strategy-step-2-percentage');
    await userEvent.clear(percentage);
    await userEvent.type(percentage, '25');
    expect(latest().steps[2]).toEqual({
      setMirrorRoute: {
        name: 'mirror-route',
        percentage: 25,
        match: [{ path: { prefix: '/' } }],
      },
    });
    expect(latest().trafficRouting?.managedRoutes).toEqual([
      'early',
      'mirror-route',
    ]);
    // exact → prefix keeps the value
    await userEvent.selectOptions(
      screen.getByTestId('strategy-step-0-match-0-kind'),
      'prefix',
    );
    expect(latest().steps[0]).toEqual({
      setHeaderRoute: {
        name: 'early',
        match: [{ headerName: 'X-A', headerValue: { prefix: '1' } }],
      },
    });
  });

  it('without traffic routing there is no segment to add', () => {
    renderFields({ strategy: 'canary', steps: [{ setWeight: 10 }] });
    expect(screen.queryByTestId('strategy-segment')).not.toBeInTheDocument();
    expect(screen.getByText(/needs traffic routing/)).toBeInTheDocument();
  });
});
