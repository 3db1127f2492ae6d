import { PERSONAL_REPORT_KINDS, type ReportKind } from '@academy/contracts';
import { AppException } from '../common/app.exception.js';
import { hasRole, type AuthUser } from '../identity/auth-user.js';

/** Runs SQL; DataSource, EntityManager and QueryRunner all fit. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface OrgRow {
  id: string;
  parent_id: string | null;
  kind: 'region' | 'administration' | 'training_centre' | 'unit';
  code: string;
  path: string;
  name: Record<string, string>;
}

/** Who may see what (docs/adr/0008-report-scope.md). */
export interface ReportScope {
  /** true: the whole region (admin, author); false: the coordinator's granted subtrees. */
  region: boolean;
  /** Organisations the scope starts from (the region root, or the granted organisations, none nested). */
  roots: OrgRow[];
  /** Every organisation in scope. */
  orgs: OrgRow[];
}

const REGION_KINDS: readonly ReportKind[] = [
  'region',
  'region-completions',
  'region-courses',
  'region-languages',
];

export const isRegionKind = (kind: ReportKind): boolean => REGION_KINDS.includes(kind);
export const isPersonalKind = (kind: ReportKind): boolean => PERSONAL_REPORT_KINDS.includes(kind);

/**
 * Whether the caller may read this kind of report at all, and over which organisations:
 * - region reports: author or admin, the whole region;
 * - personal detail (people, overdue, learner drill-downs): admin (region) or coordinator (their subtrees);
 * - other coordinator reports: admin (region), coordinator (subtrees), else author (region, aggregates only).
 * Everyone else: FORBIDDEN.
 */
export function scopeKind(user: AuthUser, kind: ReportKind): { region: boolean; paths: string[] } {
  const admin = hasRole(user, 'admin');
  const paths = user.grants
    .filter((g) => g.role === 'coordinator' && g.organisationPath)
    .map((g) => g.organisationPath as string);
  if (isRegionKind(kind)) {
    if (admin || hasRole(user, 'author')) return { region: true, paths: [] };
    throw new AppException('FORBIDDEN', 'Region reports are for the regional office');
  }
  if (admin) return { region: true, paths: [] };
  if (paths.length > 0) return { region: false, paths };
  if (hasRole(user, 'author') && !isPersonalKind(kind)) return { region: true, paths: [] };
  throw new AppException('FORBIDDEN', 'This report is not available to your role');
}

/** Loads the organisations of the caller's scope for a report kind (throws FORBIDDEN when none). */
export async function loadScope(db: Queryable, user: AuthUser, kind: ReportKind): Promise<ReportScope> {
  const { region, paths } = scopeKind(user, kind);
  const orgs = (await db.query(
    region
      ? `SELECT id, parent_id, kind, code, path, name FROM organisations ORDER BY path`
      : `SELECT id, parent_id, kind, code, path, name FROM organisations
          WHERE path LIKE ANY (SELECT p || '%' FROM unnest($1::text[]) AS s(p)) ORDER BY path`,
    region ? [] : [paths],
  )) as OrgRow[];
  const rootPaths = region
    ? orgs.filter((o) => o.parent_id === null).map((o) => o.path)
    : [...new Set(paths)].filter((p) => !paths.some((q) => q !== p && p.startsWith(q)));
  const roots = orgs.filter((o) => rootPaths.includes(o.path));
  return { region, roots, orgs };
}

/** The organisations a unit filter selects (its subtree), after checking it is in scope. */
export async function unitSubtree(db: Queryable, scope: ReportScope, unitId: string): Promise<OrgRow[]> {
  const unit = scope.orgs.find((o) => o.id === unitId);
  if (!unit) {
    const exists = (await db.query(`SELECT 1 FROM organisations WHERE id = $1`, [unitId])) as unknown[];
    if (exists.length === 0) throw new AppException('ORGANISATION_NOT_FOUND', 'No such organisation');
    throw new AppException('OUT_OF_SCOPE', 'The organisation is outside your scope');
  }
  return scope.orgs.filter((o) => o.path.startsWith(unit.path));
}
