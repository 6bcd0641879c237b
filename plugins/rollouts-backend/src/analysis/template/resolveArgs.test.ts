import { InputError } from '@backstage/errors';
import { mergeArgs, resolveTemplateString } from './resolveArgs';

describe('resolveArgs', () => {
  const spec = (args: any[]) => ({ args, metrics: [] });

  it('lets request values override defaults and ignores undeclared ones, like Argo’s MergeArgs', () => {
    const values = mergeArgs(spec([{ name: 'a', value: '1' }, { name: 'b' }]), [
      { name: 'b', value: '2' },
      { name: 'a', value: '3' },
      { name: 'extra', value: 'x' },
    ]);
    expect([...values]).toEqual([
      ['a', '3'],
      ['b', '2'],
    ]);
  });

  it('requires a value for every argument, and for valueFrom ones in the request', () => {
    expect(() => mergeArgs(spec([{ name: 'b' }]), [])).toThrow(
      'args.b was not resolved',
    );
    expect(() =>
      mergeArgs(
        spec([
          {
            name: 'token',
            valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
          },
        ]),
        [],
      ),
    ).toThrow(InputError);
  });

  it('substitutes tags with spaces and fails on any unknown tag, like fasttemplate in Argo', () => {
    const values = new Map([['svc', 'checkout']]);
    expect(
      resolveTemplateString('up{svc="{{ args.svc }}"} + {{args.svc}}', values),
    ).toBe('up{svc="checkout"} + checkout');
    expect(() =>
      resolveTemplateString('{{templates.x.podTemplateHash}}', values),
    ).toThrow('failed to resolve {{templates.x.podTemplateHash}}');
  });
});
