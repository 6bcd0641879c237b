import { useRef, useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { RolloutDetail } from '@gradual/plugin-rollouts-common';
import { ConfirmActionDialog } from './ConfirmActionDialog';
import type { ActionDialogProps } from './ActionButton';

/** The set-image dialog: pick a container, type the new image, confirm. */
export function SetImageDialog(
  props: ActionDialogProps & { detail: RolloutDetail },
) {
  const { open, busy, onCancel, onConfirm, detail } = props;
  const containers = detail.containers;
  const imageRef = useRef<HTMLInputElement>(null);
  const [container, setContainer] = useState(containers[0]?.name ?? '');
  const current = containers.find(c => c.name === container)?.image ?? '';
  const [image, setImage] = useState('');
  const trimmed = image.trim();
  const invalid = trimmed === '' || /\s/.test(trimmed);
  const unchanged = trimmed === current;

  const strategyWords =
    detail.strategy === 'canary'
      ? 'The canary starts with the first step of the strategy; the stable version keeps serving the rest of the traffic.'
      : 'The new version starts as the preview next to the active one; promotion switches the traffic.';

  return (
    <ConfirmActionDialog
      open={open}
      title={`Deploy a new image to ${detail.name}?`}
      description={
        <>
          <Typography variant="body2" component="span" display="block">
            This changes the image of one container in the rollout's pod
            template, which starts a new revision. {strategyWords}
          </Typography>
          {detail.managedByArgoCD && (
            <Typography
              variant="body2"
              component="span"
              display="block"
              color="error"
            >
              Argo CD manages this rollout: when its entity has a Git
              repository, this opens a pull request changing the image there
              instead of patching the cluster (self-heal would revert that).
            </Typography>
          )}
        </>
      }
      confirmLabel="Deploy"
      testId="set-image"
      busy={busy}
      confirmDisabled={invalid || unchanged}
      onConfirm={() => onConfirm({ container, image: trimmed })}
      onCancel={onCancel}
      initialFocusRef={imageRef}
    >
      <TextField
        select
        label="Container"
        value={container}
        onChange={e => setContainer(e.target.value as string)}
        fullWidth
        margin="normal"
        inputProps={{ 'data-testid': 'set-image-container' }}
      >
        {containers.map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <Typography variant="caption" color="textSecondary">
        Current image: {current || 'unknown'}
      </Typography>
      <TextField
        label="New image"
        placeholder="registry.example.com/app:1.2.3"
        value={image}
        onChange={e => setImage(e.target.value)}
        fullWidth
        margin="normal"
        inputRef={imageRef}
        required
        error={trimmed !== '' && invalid}
        helperText={
          unchanged && trimmed !== '' ? 'This is the current image.' : undefined
        }
        inputProps={{
          'data-testid': 'set-image-image',
          'aria-label': 'New image',
        }}
      />
    </ConfirmActionDialog>
  );
}
