import { scrubSecrets } from './scrub';

describe('scrubSecrets', () => {
  it('removes given secrets, bearer tokens and JWTs', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl';
    const text = `failed with token my-token-123 Authorization: Bearer abc.def ${jwt}`;
    const out = scrubSecrets(text, ['my-token-123']);
    expect(out).not.toContain('my-token-123');
    expect(out).not.toContain('abc.def');
    expect(out).not.toContain(jwt);
    expect(out).toContain('[redacted]');
  });
});
