import IconButton from '@material-ui/core/IconButton';
import FirstPageIcon from '@material-ui/icons/FirstPage';
import KeyboardArrowLeft from '@material-ui/icons/KeyboardArrowLeft';
import KeyboardArrowRight from '@material-ui/icons/KeyboardArrowRight';
import LastPageIcon from '@material-ui/icons/LastPage';

/**
 * The paging buttons of a server-paged table: first, previous, next and
 * last page (Material UI v4's TablePagination has only previous and next).
 */
export function PagingActions(props: {
  count: number;
  page: number;
  rowsPerPage: number;
  onPageChange: (
    event: React.MouseEvent<HTMLButtonElement> | null,
    page: number,
  ) => void;
}) {
  const { count, page, rowsPerPage, onPageChange } = props;
  const last = Math.max(0, Math.ceil(count / rowsPerPage) - 1);
  const button = (
    label: string,
    target: number,
    disabled: boolean,
    icon: JSX.Element,
  ) => (
    <IconButton
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={e => onPageChange(e, target)}
      color="inherit"
    >
      {icon}
    </IconButton>
  );
  return (
    <div style={{ flexShrink: 0 }}>
      {button('First page', 0, page === 0, <FirstPageIcon />)}
      {button('Previous page', page - 1, page === 0, <KeyboardArrowLeft />)}
      {button('Next page', page + 1, page >= last, <KeyboardArrowRight />)}
      {button('Last page', last, page >= last, <LastPageIcon />)}
    </div>
  );
}
