import {
  headerValueMatches,
  ipRangeSegment,
  numberRangeRegex,
  segmentHeaderRouteStep,
  segmentToNginx,
  userBucketSegment,
  userIdParitySegment,
  userTierSegment,
} from './segments';

const inCidr = (ip: string, base: number[], bits: number) => {
  const toInt = (o: number[]) => o.reduce((acc, x) => acc * 256 + x, 0);
  const mask = bits === 0 ? 0 : 2 ** 32 - 2 ** (32 - bits);
  const a = toInt(ip.split('.').map(Number));
  return (
    Math.floor(a / 2 ** (32 - bits)) ===
      Math.floor(toInt(base) / 2 ** (32 - bits)) || mask === 0
  );
};

describe('numberRangeRegex', () => {
  it('matches exactly the numbers of the range, for ranges within 0..255', () => {
    for (let lo = 0; lo <= 255; lo += 5) {
      for (let hi = lo; hi <= 255; hi += 11) {
        const re = new RegExp(`^${numberRangeRegex(lo, hi)}$`);
        for (let n = 0; n <= 300; n++) {
          expect([lo, hi, n, re.test(String(n))]).toEqual([
            lo,
            hi,
            n,
            n >= lo && n <= hi,
          ]);
        }
        // leading zeros are not numbers the edge writes
        expect(re.test('07')).toBe(false);
      }
    }
  });

  it('reads well for the usual ranges', () => {
    expect(numberRangeRegex(0, 9)).toBe('[0-9]');
    expect(numberRangeRegex(0, 24)).toBe('([0-9]|1[0-9]|2[0-4])');
    expect(numberRangeRegex(16, 31)).toBe('(1[6-9]|2[0-9]|3[0-1])');
  });

  it('refuses what is not a range', () => {
    expect(() => numberRangeRegex(5, 4)).toThrow('not a range');
    expect(() => numberRangeRegex(-1, 4)).toThrow('not a range');
  });
});

describe('user segments', () => {
  it('odd user ids: a regex on the last digit of X-User-Id', () => {
    const segment = userIdParitySegment('odd');
    expect(segment.header).toBe('X-User-Id');
    for (const [id, odd] of [
      ['1', true],
      ['42', false],
      ['1234567', true],
      ['10', false],
      ['abc1x', false],
    ] as const) {
      expect([id, headerValueMatches(segment.match, id)]).toEqual([id, odd]);
    }
    expect(headerValueMatches(userIdParitySegment('even').match, '42')).toBe(
      true,
    );
  });

  it('a user bucket share: buckets 0..n-1 of X-User-Bucket', () => {
    const segment = userBucketSegment(10);
    for (let bucket = 0; bucket < 100; bucket++) {
      expect([
        bucket,
        headerValueMatches(segment.match, String(bucket)),
      ]).toEqual([bucket, bucket < 10]);
    }
    expect(headerValueMatches(userBucketSegment(100).match, '99')).toBe(true);
    expect(() => userBucketSegment(0)).toThrow('whole percent');
  });

  it.each([
    ['10.0.0.0/8', { prefix: '10.' }],
    ['192.168.4.0/24', { prefix: '192.168.4.' }],
    ['203.0.113.7/32', { exact: '203.0.113.7' }],
    ['203.0.113.7', { exact: '203.0.113.7' }],
  ])('IP range %s on octet boundaries is a %p', (cidr, match) => {
    expect(ipRangeSegment(cidr).match).toEqual(match);
  });

  it.each([
    ['10.20.16.0/20', [10, 20, 16, 0], 20, 2],
    ['172.16.0.0/12', [172, 16, 0, 0], 12, 1],
    ['192.168.7.129/25', [192, 168, 7, 128], 25, 3],
  ])('IP range %s matches exactly its addresses', (cidr, base, bits, octet) => {
    const segment = ipRangeSegment(cidr);
    expect(segment.match.regex).toBeDefined();
    for (let v = 0; v <= 255; v++) {
      const ip = [...base];
      ip[octet] = v;
      const text = ip.join('.');
      expect([text, headerValueMatches(segment.match, text)]).toEqual([
        text,
        inCidr(text, base, bits),
      ]);
    }
    // the dots are literal
    expect(headerValueMatches(segment.match, base.join('x'))).toBe(false);
  });

  it('refuses what is not an IPv4 range', () => {
    expect(() => ipRangeSegment('10.0.0.0/33')).toThrow('CIDR');
    expect(() => ipRangeSegment('300.1.1.1/8')).toThrow('CIDR');
    expect(() => ipRangeSegment('fe80::/10')).toThrow('CIDR');
  });

  it('a user tier is an exact X-User-Tier match', () => {
    expect(userTierSegment(' beta ').match).toEqual({ exact: 'beta' });
    expect(() => userTierSegment(' ')).toThrow('needs a name');
  });

  it('becomes a setHeaderRoute step and the nginx header segment of the same condition', () => {
    const step = segmentHeaderRouteStep('beta-users', userTierSegment('beta'));
    expect(step).toEqual({
      setHeaderRoute: {
        name: 'beta-users',
        match: [{ headerName: 'X-User-Tier', headerValue: { exact: 'beta' } }],
      },
    });
    expect(segmentToNginx(step.setHeaderRoute.match![0])).toEqual({
      header: 'X-User-Tier',
      value: 'beta',
    });
    expect(
      segmentToNginx({
        headerName: 'X-Client-Ip',
        headerValue: { prefix: '10.1.' },
      }),
    ).toEqual({ header: 'X-Client-Ip', pattern: '^10\\.1\\.' });
    const odd = userIdParitySegment('odd');
    expect(
      segmentToNginx({ headerName: odd.header, headerValue: odd.match }),
    ).toEqual({
      header: 'X-User-Id',
      pattern: '^[0-9]*[13579]$',
    });
  });
});
