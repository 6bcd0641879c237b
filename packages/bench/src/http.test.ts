import { serverTimingsOf } from './http';

describe('serverTimingsOf', () => {
  it('reads every metric that has a duration', () => {
    expect(
      serverTimingsOf('db;dur=1.5, list;desc="entity list";dur=3.25, cache'),
    ).toEqual({ db: 1.5, list: 3.25 });
  });

  it('is empty without the header', () => {
    expect(serverTimingsOf(null)).toEqual({});
    expect(serverTimingsOf('')).toEqual({});
  });
});
