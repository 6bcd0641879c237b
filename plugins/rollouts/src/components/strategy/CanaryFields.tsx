import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  segmentHeaderRouteStep,
  segmentMatch,
  segmentToNginx,
  stepRouteName,
  withManagedRoutes,
  type CanaryStrategySpec,
  type UserSegment,
} from '@gradual/plugin-rollouts-common';
import { SegmentPicker } from './SegmentPicker';
import { StepsEditor } from './StepsEditor';

/** How the spec's router sends a segment to the canary. */
function segmentRouting(spec: CanaryStrategySpec) {
  const routing = spec.trafficRouting;
  if (!routing) return 'none' as const;
  if (routing.istio || !routing.nginx) return 'header-route' as const;
  return 'nginx' as const;
}

/**
 * The canary fields of the change-strategy dialog: the steps, the user
 * segment to send to the canary (a header route step, or the nginx header
 * segment) and the managed routes, kept complete.
 */
export function CanaryFields(props: {
  spec: CanaryStrategySpec;
  onChange: (spec: CanaryStrategySpec) => void;
}) {
  const { spec, onChange } = props;
  const change = (next: CanaryStrategySpec) =>
    onChange(withManagedRoutes(next));
  const routing = segmentRouting(spec);
  const nginxSegment = spec.trafficRouting?.nginx?.headerSegment;
  const firstWeight = spec.steps.findIndex(
    s => 'setWeight' in s || 'setCanaryScale' in s,
  );
  const earlyRoute = spec.steps.some(
    (s, i) =>
      'setHeaderRoute' in s &&
      (firstWeight < 0 || i < firstWeight) &&
      s.setHeaderRoute.match?.length,
  );
  const managed = spec.trafficRouting?.managedRoutes ?? [];

  const addSegment = (segment: UserSegment, routeName: string) => {
    if (routing === 'nginx') {
      const nginx = spec.trafficRouting!.nginx!;
      change({
        ...spec,
        trafficRouting: {
          ...spec.trafficRouting,
          nginx: {
            ...nginx,
            headerSegment: segmentToNginx(segmentMatch(segment)),
          },
        },
      });
      return;
    }
    // after the first weight: the controller drops managed routes while no canary pod is up
    const at = firstWeight < 0 ? spec.steps.length : firstWeight + 1;
    const taken = new Set(spec.steps.map(stepRouteName));
    let name = routeName;
    for (let i = 2; taken.has(name); i++) name = `${routeName}-${i}`;
    const steps = [...spec.steps];
    steps.splice(at, 0, segmentHeaderRouteStep(name, segment));
    change({ ...spec, steps });
  };

  return (
    <>
      <StepsEditor
        steps={spec.steps}
        onChange={steps => change({ ...spec, steps })}
      />
      {routing === 'none' ? (
        <Typography variant="body2" color="textSecondary">
          Sending a user segment to the canary needs traffic routing (nginx or
          Istio); this strategy splits traffic by replica counts.
        </Typography>
      ) : (
        <SegmentPicker
          addLabel={
            routing === 'nginx'
              ? 'Send to the canary (nginx header segment)'
              : 'Add a header route step'
          }
          onAdd={addSegment}
        />
      )}
      {routing === 'nginx' && nginxSegment && (
        <Box
          mt={1}
          display="flex"
          alignItems="center"
          style={{ gap: 8 }}
          data-testid="strategy-nginx-segment"
        >
          <Typography variant="body2">
            nginx sends requests with {nginxSegment.header}
            {nginxSegment.value !== undefined
              ? ` = ${nginxSegment.value}`
              : ` matching ${nginxSegment.pattern}`}{' '}
            to the canary during the whole update.
          </Typography>
          <Button
            size="small"
            onClick={() => {
              const { headerSegment: _dropped, ...nginx } =
                spec.trafficRouting!.nginx!;
              change({
                ...spec,
                trafficRouting: { ...spec.trafficRouting, nginx },
              });
            }}
          >
            Remove
          </Button>
        </Box>
      )}
      {managed.length > 0 && (
        <Typography
          variant="caption"
          color="textSecondary"
          display="block"
          data-testid="strategy-managed-routes"
        >
          Managed routes (the controller adds and removes them):{' '}
          {managed.join(', ')}
        </Typography>
      )}
      {earlyRoute && (
        <Alert severity="warning" data-testid="strategy-early-route">
          A header route before the first weight step is removed again: the
          controller drops managed routes while no canary pod is available. Move
          it after a weight step.
        </Alert>
      )}
    </>
  );
}
