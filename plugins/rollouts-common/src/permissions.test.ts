import { rolloutMutationPermissions, rolloutsPermissions } from './permissions';

describe('rolloutsPermissions', () => {
  it('lists every permission once', () => {
    const names = rolloutsPermissions.map(p => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has as mutations exactly its update permissions', () => {
    expect(
      rolloutsPermissions.filter(p => p.attributes.action === 'update'),
    ).toEqual(rolloutMutationPermissions);
  });
});
