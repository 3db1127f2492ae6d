import { hasRole, type AuthUser } from '../identity/auth-user.js';

/**
 * SQL condition: the course aliased `c` is visible to the learner whose organisation path is the
 * parameter `$n` (text, may be null). Published, and open to the whole region or to an administration
 * (subtree) containing the learner. Authors and admins bypass this check in the services.
 */
export function courseVisibleSql(course: string, userPathParam: string): string {
  return `(${course}.status = 'published' AND (${course}.audience = 'region' OR EXISTS (
    SELECT 1 FROM course_audiences ca JOIN organisations ao ON ao.id = ca.organisation_id
     WHERE ca.course_id = ${course}.id AND ${userPathParam}::text LIKE ao.path || '%')))`;
}

/** The caller's organisation path, for courseVisibleSql. */
export const USER_PATH_SQL = `(SELECT o.path FROM users u JOIN organisations o ON o.id = u.organisation_id WHERE u.id = $1)`;

/**
 * The whole visibility rule for a caller, with their id as `$1`: authors and admins see every published
 * course, everyone else the courses whose audience includes them.
 */
export function visibleToSql(user: AuthUser, course = 'c'): string {
  // $1 (the caller's id) is in every query's parameters, so both branches reference it.
  return hasRole(user, 'author', 'admin')
    ? `(${course}.status = 'published' AND $1::uuid IS NOT NULL)`
    : courseVisibleSql(course, USER_PATH_SQL);
}

/** What decides which courses a caller sees, as a cache key: everything for staff, else their organisation. */
export function audienceKey(user: AuthUser): string {
  return hasRole(user, 'author', 'admin') ? 'all' : `org:${user.organisationId ?? '-'}`;
}
