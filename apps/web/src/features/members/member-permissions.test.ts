import { describe, expect, it } from 'vitest';
import { invitationUrl, memberPermissions } from './member-permissions.ts';

const roles = ['None', 'Labeler', 'Reviewer', 'Team Manager', 'Admin'].map((name, i) => ({
  id: `r${i}`,
  name,
}));
const names = (list: Array<{ name: string }>) => list.map((r) => r.name);

describe('memberPermissions', () => {
  it('lets an admin grant every role and remove anyone but themselves', () => {
    const sut = memberPermissions({ id: 'me', role: 'ADMIN' });
    expect(sut.invite).toBe(true);
    expect(names(sut.orgRoleOptions(roles))).toEqual(names(roles));
    expect(sut.remove({ id: 'other', roleName: 'Admin' })).toBe(true);
    expect(sut.remove({ id: 'me', roleName: 'Admin' })).toBe(false);
  });

  it('keeps the Admin role away from team managers', () => {
    const sut = memberPermissions({ id: 'me', role: 'TEAM_MANAGER' });
    expect(names(sut.orgRoleOptions(roles))).not.toContain('Admin');
    expect(names(sut.projectRoleOptions(roles))).not.toContain('Admin');
    expect(sut.changeRoleOf({ id: 'a', roleName: 'Admin' })).toBe(false);
    expect(sut.remove({ id: 'a', roleName: 'Admin' })).toBe(false);
    expect(sut.changeRoleOf({ id: 'l', roleName: 'Labeler' })).toBe(true);
  });

  it('offers labelers and reviewers nothing', () => {
    for (const role of ['LABELER', 'REVIEWER', 'NONE'] as const) {
      const sut = memberPermissions({ id: 'me', role });
      expect(sut.invite).toBe(false);
      expect(sut.changeRoleOf({ id: 'x', roleName: 'Labeler' })).toBe(false);
      expect(sut.remove({ id: 'x', roleName: 'Labeler' })).toBe(false);
    }
  });

  it('builds an escaped invitation link', () => {
    expect(invitationUrl('https://ly.example', 'a/b')).toBe('https://ly.example/invitations/a%2Fb');
  });
});
