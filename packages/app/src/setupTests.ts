import '@testing-library/jest-dom';
import '@gradual/test-utils/setupTests';
