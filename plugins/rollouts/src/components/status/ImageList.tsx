import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ImageInfo } from '@gradual/plugin-rollouts-common';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  image: { fontFamily: 'monospace', wordBreak: 'break-all' },
}));

/** Images with their role tags (stable, canary, active, preview). */
export function ImageList(props: { images: ImageInfo[] }) {
  const classes = useStyles();
  return (
    <>
      {props.images.map(img => (
        <div key={`${img.image}-${img.tags.join(',')}`} className={classes.row}>
          <Typography variant="body2" className={classes.image}>
            {img.image}
          </Typography>
          {img.tags.map(tag => (
            <Chip key={tag} label={tag} size="small" variant="outlined" />
          ))}
        </div>
      ))}
    </>
  );
}
