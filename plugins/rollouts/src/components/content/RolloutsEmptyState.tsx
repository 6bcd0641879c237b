import Button from '@material-ui/core/Button';
import { EmptyState } from '@backstage/core-components';

/** Where the annotations and rollout labels are documented. */
export const ROLLOUTS_DOCS_URL =
  'https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity';

const docsButton = (
  <Button
    variant="contained"
    color="primary"
    href={ROLLOUTS_DOCS_URL}
    target="_blank"
    rel="noopener"
  >
    Read the documentation
  </Button>
);

/** The entity has no Kubernetes annotation, so its rollouts cannot be found. */
export function MissingAnnotationsEmptyState() {
  return (
    <EmptyState
      missing="field"
      title="This entity is not linked to Kubernetes"
      description={
        <>
          Add the <code>backstage.io/kubernetes-id</code> annotation (matching
          the <code>backstage.io/kubernetes-id</code> label on the Rollout) or a{' '}
          <code>backstage.io/kubernetes-label-selector</code> annotation to the
          entity's catalog-info.yaml to see its rollouts here.
        </>
      }
      action={docsButton}
    />
  );
}

/** The annotations are there but no Rollout matched them. */
export function NoRolloutsEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No rollouts found"
      description={
        <>
          No Argo Rollout in the configured clusters matches this entity. A
          Rollout is found when it carries the label named by the entity's{' '}
          <code>backstage.io/kubernetes-id</code> annotation, or matches its{' '}
          <code>backstage.io/kubernetes-label-selector</code>.
        </>
      }
      action={docsButton}
    />
  );
}
