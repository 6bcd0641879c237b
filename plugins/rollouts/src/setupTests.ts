import '@testing-library/jest-dom';
import '@gradual/test-utils/setupTests';
import { configure } from '@testing-library/react';

// The views render real MUI trees; on a loaded 2-core CI machine the first
// render of a suite can take several seconds. This bounds `findBy*` / `waitFor`
// (a ceiling, not a delay: they resolve as soon as the element is there).
configure({ asyncUtilTimeout: 15_000 });
