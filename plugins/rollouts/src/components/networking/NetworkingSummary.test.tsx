import { render, screen, within } from '@testing-library/react';
import type {
  CanaryStepInfo,
  RolloutNetworking,
} from '@gradual/plugin-rollouts-common';
import { CanaryStepTimeline } from '../canary/CanaryStepTimeline';
import { RolloutEvents } from '../events';
import { NetworkingSummary } from './NetworkingSummary';

/** As the backend returns it for a canary at 10% with two header routes. */
const networking: RolloutNetworking = {
  services: [
    {
      role: 'stable',
      name: 'web-stable',
      found: true,
      type: 'ClusterIP',
      ports: ['80/TCP→8080'],
      podTemplateHash: 'aaa',
    },
    { role: 'canary', name: 'web-canary', found: false },
  ],
  ingresses: [
    {
      role: 'canary',
      name: 'web-web-canary',
      found: true,
      hosts: ['web.local'],
      canaryWeight: 10,
      canaryAnnotations: {
        canary: 'true',
        'canary-weight': '10',
        'canary-by-header': 'X-User-Tier',
        'canary-by-header-value': 'beta',
      },
    },
  ],
  virtualServices: [
    {
      name: 'web',
      found: true,
      routes: [
        {
          name: 'odd-users',
          managed: true,
          match: ['X-User-Id ~ ^[0-9]*[13579]$'],
          destinations: [{ host: 'web-canary', weight: 100 }],
        },
        {
          name: 'primary',
          managed: false,
          match: [],
          destinations: [
            { host: 'web-stable', weight: 90 },
            { host: 'web-canary', weight: 10 },
          ],
        },
      ],
    },
  ],
};

describe('NetworkingSummary', () => {
  it('shows Services, Ingress annotations and VirtualService routes with weights', () => {
    render(<NetworkingSummary networking={networking} />);
    expect(
      within(screen.getByTestId('service-web-stable')).getByText('80/TCP→8080'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('service-web-canary')).getByText('not found'),
    ).toBeInTheDocument();
    const ingress = screen.getByTestId('ingress-web-web-canary');
    expect(ingress).toHaveTextContent('10%');
    expect(ingress).toHaveTextContent('canary-by-header: X-User-Tier');
    expect(ingress).not.toHaveTextContent('canary: true');
    const odd = screen.getByTestId('route-odd-users');
    expect(odd).toHaveTextContent('managed');
    expect(odd).toHaveTextContent('X-User-Id ~ ^[0-9]*[13579]$');
    expect(odd).toHaveTextContent('web-canary 100%');
    expect(screen.getByTestId('route-primary')).toHaveTextContent(
      'web-stable 90%, web-canary 10%',
    );
  });

  it('says so when the rollout names nothing', () => {
    render(<NetworkingSummary networking={{ services: [], ingresses: [] }} />);
    expect(screen.getByText(/names no Services/)).toBeInTheDocument();
  });
});

describe('route steps in the timeline', () => {
  const steps: CanaryStepInfo[] = [
    {
      index: 0,
      kind: 'setWeight',
      description: 'Set weight to 10%',
      state: 'done',
      weight: 10,
    },
    {
      index: 1,
      kind: 'setHeaderRoute',
      description:
        'Send requests with X-User-Id ~ ^[0-9]*[13579]$ to the canary',
      state: 'done',
      routeName: 'odd-users',
    },
    {
      index: 2,
      kind: 'setHeaderRoute',
      description: 'Send requests with X-User-Tier: beta to the canary',
      state: 'pending',
      routeName: 'beta-users',
    },
  ];

  it('shows next to each route step what the controller wrote, or that it is not there', () => {
    render(
      <CanaryStepTimeline
        steps={steps}
        pauseConditions={[]}
        networking={networking}
      />,
    );
    const written = screen.getByTestId('step-route-odd-users');
    expect(written).toHaveAttribute('data-written', 'true');
    expect(written).toHaveTextContent(
      'VirtualService web has route odd-users: when X-User-Id ~ ^[0-9]*[13579]$ → web-canary 100%',
    );
    expect(screen.getByTestId('step-route-beta-users')).toHaveAttribute(
      'data-written',
      'false',
    );
  });
});

describe('RolloutEvents', () => {
  it('lists the events of the rollout and its ReplicaSets with their object', () => {
    render(
      <RolloutEvents
        events={[
          {
            type: 'Warning',
            reason: 'TrafficRoutingError',
            message: 'virtualservice not found',
            count: 3,
            object: { kind: 'Rollout', name: 'web' },
          },
          {
            type: 'Normal',
            reason: 'SuccessfulCreate',
            message: 'Created pod: web-abc',
            count: 1,
            lastTimestamp: '2026-12-02T12:00:00Z',
            object: { kind: 'ReplicaSet', name: 'web-abc' },
          },
        ]}
      />,
    );
    const rows = screen.getAllByTestId('rollout-event');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-type', 'Warning');
    expect(rows[0]).toHaveTextContent('Rollout web');
    expect(rows[1]).toHaveTextContent('ReplicaSet web-abc');
    expect(rows[1]).toHaveTextContent('Created pod: web-abc');
  });

  it('says when there are none', () => {
    render(<RolloutEvents events={[]} />);
    expect(screen.getByText(/No events/)).toBeInTheDocument();
  });
});
