export const ROLES = ['learner', 'coordinator', 'author', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose grant is bound to an organisation subtree. The others are region-wide. */
export const SCOPED_ROLES: readonly Role[] = ['coordinator'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
