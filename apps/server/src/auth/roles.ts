/** Labelbox's organization roles, with fixed ids so clients can cache them. */
export const ROLES = [
  { id: 'cjmb6xy80f5vz0780u3mw2rj4', key: 'NONE', name: 'None' },
  { id: 'cjlvi914y1aa20714372uvzjv', key: 'LABELER', name: 'Labeler' },
  { id: 'cjlvi919b1aa50714k75euii5', key: 'REVIEWER', name: 'Reviewer' },
  { id: 'cjlvi919q1aa80714b7z3xuku', key: 'TEAM_MANAGER', name: 'Team Manager' },
  { id: 'cjlvi91a41aab0714677xp87h', key: 'ADMIN', name: 'Admin' },
] as const;

export type RoleKey = (typeof ROLES)[number]['key'];

export function parseRole(value: string): RoleKey | undefined {
  const key = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  return ROLES.find((r) => r.key === key)?.key;
}

export function roleName(key: string): string {
  return ROLES.find((r) => r.key === key)?.name ?? key;
}
