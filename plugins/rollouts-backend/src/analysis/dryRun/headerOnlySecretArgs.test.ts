import {
  headerOnlySecretArgs,
  UNUSED_SECRET_PLACEHOLDER,
} from './headerOnlySecretArgs';

const secret = { secretKeyRef: { name: 'judge', key: 'token' } };
const webWithHeader = {
  url: 'http://judge',
  headers: [{ key: 'Authorization', value: 'Bearer {{ args.token }}' }],
};

describe('headerOnlySecretArgs', () => {
  it('gives a placeholder to a Secret argument used only in web headers', () => {
    expect(
      headerOnlySecretArgs(
        {
          args: [{ name: 'token', valueFrom: secret }],
          metrics: [{ name: 'j', provider: { web: webWithHeader } }],
        },
        [],
      ),
    ).toEqual([{ name: 'token', value: UNUSED_SECRET_PLACEHOLDER }]);
  });

  it('leaves an argument the request gives, or one used outside the headers', () => {
    const spec = {
      args: [{ name: 'token', valueFrom: secret }],
      metrics: [{ name: 'j', provider: { web: webWithHeader } }],
    };
    expect(
      headerOnlySecretArgs(spec, [{ name: 'token', value: 'given' }]),
    ).toEqual([]);
    expect(
      headerOnlySecretArgs(
        {
          ...spec,
          metrics: [
            {
              name: 'j',
              provider: {
                web: { ...webWithHeader, url: 'http://judge?t={{args.token}}' },
              },
            },
          ],
        },
        [],
      ),
    ).toEqual([]);
  });

  it('leaves arguments that are not Secrets or are not used at all', () => {
    expect(
      headerOnlySecretArgs(
        {
          args: [
            { name: 'token', value: 'plain' },
            { name: 'unused', valueFrom: secret },
          ],
          metrics: [{ name: 'j', provider: { web: webWithHeader } }],
        },
        [],
      ),
    ).toEqual([]);
  });
});
