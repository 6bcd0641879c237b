import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type {
  RolloutNetworking,
  RouteDestinationInfo,
  VirtualServiceRouteInfo,
} from '@gradual/plugin-rollouts-common';

export const destinationText = (d: RouteDestinationInfo) =>
  `${d.host}${d.subset ? ` (${d.subset})` : ''}${
    d.weight !== undefined ? ` ${d.weight}%` : ''
  }`;

/** A route in words: its conditions, where it sends traffic, what it mirrors. */
export function routeText(route: VirtualServiceRouteInfo): string {
  const parts = [
    route.match.length ? `when ${route.match.join(' or ')}` : 'all requests',
    `→ ${route.destinations.map(destinationText).join(', ')}`,
  ];
  if (route.mirror) {
    parts.push(
      `mirrored to ${route.mirror.host}${
        route.mirror.percentage !== undefined
          ? ` (${route.mirror.percentage}%)`
          : ''
      }`,
    );
  }
  return parts.join(' ');
}

const missing = (
  <Typography variant="caption" color="error">
    not found
  </Typography>
);

/**
 * What the rollout's traffic goes through, as the cluster has it now: the
 * Services, the Ingresses (with the nginx canary annotations the controller
 * wrote) and the Istio VirtualService routes with their weights.
 */
export function NetworkingSummary(props: { networking?: RolloutNetworking }) {
  const { networking } = props;
  const empty =
    !networking ||
    (networking.services.length === 0 &&
      networking.ingresses.length === 0 &&
      !networking.virtualServices?.length);
  if (empty) {
    return (
      <Typography variant="body2" color="textSecondary">
        This rollout names no Services, Ingresses or VirtualServices.
      </Typography>
    );
  }
  return (
    <div data-testid="networking-summary">
      {networking!.services.length > 0 && (
        <Table size="small" aria-label="Services">
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Ports</TableCell>
              <TableCell>Pods (hash)</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {networking!.services.map(s => (
              <TableRow
                key={`${s.role}/${s.name}`}
                data-testid={`service-${s.name}`}
              >
                <TableCell>{s.name}</TableCell>
                <TableCell>{s.role}</TableCell>
                <TableCell>{s.found ? s.ports?.join(', ') : missing}</TableCell>
                <TableCell>
                  <code>{s.podTemplateHash ?? ''}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {networking!.ingresses.length > 0 && (
        <Table size="small" aria-label="Ingresses">
          <TableHead>
            <TableRow>
              <TableCell>Ingress</TableCell>
              <TableCell>Role</TableCell>
              <TableCell>Hosts</TableCell>
              <TableCell>Canary weight</TableCell>
              <TableCell>Written by the controller</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {networking!.ingresses.map(i => (
              <TableRow
                key={`${i.role}/${i.name}`}
                data-testid={`ingress-${i.name}`}
              >
                <TableCell>{i.name}</TableCell>
                <TableCell>{i.role}</TableCell>
                <TableCell>{i.found ? i.hosts?.join(', ') : missing}</TableCell>
                <TableCell>
                  {i.canaryWeight !== undefined ? `${i.canaryWeight}%` : ''}
                </TableCell>
                <TableCell>
                  {Object.entries(i.canaryAnnotations ?? {})
                    .filter(([k]) => k !== 'canary' && k !== 'canary-weight')
                    .map(([k, v]) => (
                      <Typography key={k} variant="caption" display="block">
                        <code>
                          {k}: {v}
                        </code>
                      </Typography>
                    ))}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {networking!.virtualServices?.map(vs => (
        <Table
          key={vs.name}
          size="small"
          aria-label={`VirtualService ${vs.name}`}
          data-testid={`virtualservice-${vs.name}`}
        >
          <TableHead>
            <TableRow>
              <TableCell colSpan={3}>
                VirtualService {vs.name} {!vs.found && missing}
              </TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {(vs.routes ?? []).map(route => (
              <TableRow key={route.name} data-testid={`route-${route.name}`}>
                <TableCell>
                  {route.name}{' '}
                  {route.managed && (
                    <Chip size="small" variant="outlined" label="managed" />
                  )}
                </TableCell>
                <TableCell>
                  {route.match.length
                    ? route.match.join(' or ')
                    : 'all requests'}
                </TableCell>
                <TableCell>
                  {route.destinations.map(destinationText).join(', ')}
                  {route.mirror &&
                    ` · mirrored to ${route.mirror.host}${
                      route.mirror.percentage !== undefined
                        ? ` (${route.mirror.percentage}%)`
                        : ''
                    }`}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ))}
    </div>
  );
}
