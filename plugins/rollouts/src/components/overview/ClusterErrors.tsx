import Alert from '@material-ui/lab/Alert';
import type { ClusterStatus } from '@gradual/plugin-rollouts-common';

/** One inline warning per cluster that could not be read; the others still render. */
export function ClusterErrors(props: { clusters: ClusterStatus[] }) {
  const failed = props.clusters.filter(c => c.status === 'error');
  return (
    <>
      {failed.map(cluster => (
        <Alert
          key={cluster.name}
          severity="warning"
          data-testid="cluster-error"
          style={{ marginBottom: 8 }}
        >
          Could not read rollouts from cluster {cluster.title ?? cluster.name}
          {cluster.message ? `: ${cluster.message}` : '.'}
        </Alert>
      ))}
    </>
  );
}
