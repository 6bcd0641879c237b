import '@gradual/test-utils/setupTests';
