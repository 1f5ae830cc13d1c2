import { isExpired, readToken } from './token.js';

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: unknown) => `${b64url({ alg: 'HS256' })}.${b64url(claims)}.sig`;

describe('reading a token', () => {
  it('reads who, roles, unit, name and expiry, Chinese names included', () => {
    expect(readToken(jwt({ sub: 'member-li', roles: ['committee_member'], unit: 'fgw', name: '李委员', exp: 100 }))).toEqual({
      id: 'member-li',
      roles: ['committee_member'],
      unit: 'fgw',
      name: '李委员',
      exp: 100,
    });
  });

  it('refuses what is not a token with a subject and an expiry', () => {
    expect(readToken('garbage')).toBeNull();
    expect(readToken(jwt({ roles: [] }))).toBeNull();
    expect(readToken('a.!!!.b')).toBeNull();
  });

  it('is expired from the second of exp on', () => {
    const user = readToken(jwt({ sub: 'u', roles: [], exp: 100 }))!;
    expect(isExpired(user, 99_999)).toBe(false);
    expect(isExpired(user, 100_000)).toBe(true);
  });
});
