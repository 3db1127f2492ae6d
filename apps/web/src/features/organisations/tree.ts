import { resolveText, type Locale, type OrganisationDto } from '@academy/contracts';

export interface OrgNode {
  org: OrganisationDto;
  children: OrgNode[];
  depth: number;
}

/** Builds the tree from the flat list. Nodes whose parent is not visible become roots (coordinator scopes). */
export function buildTree(orgs: OrganisationDto[], locale: Locale): OrgNode[] {
  const byId = new Map<string, OrgNode>();
  for (const org of orgs) byId.set(org.id, { org, children: [], depth: 0 });
  const roots: OrgNode[] = [];
  for (const node of byId.values()) {
    const parent = node.org.parentId ? byId.get(node.org.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (nodes: OrgNode[], depth: number) => {
    nodes.sort((a, b) => orgName(a.org, locale).localeCompare(orgName(b.org, locale), locale));
    for (const node of nodes) {
      node.depth = depth;
      sort(node.children, depth + 1);
    }
  };
  sort(roots, 0);
  return roots;
}

/** Depth-first list, for selects (indented by depth). */
export function flattenTree(nodes: OrgNode[]): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (list: OrgNode[]) => {
    for (const node of list) {
      out.push(node);
      walk(node.children);
    }
  };
  walk(nodes);
  return out;
}

export function descendantIds(node: OrgNode): Set<string> {
  const ids = new Set<string>();
  const walk = (n: OrgNode) => {
    ids.add(n.org.id);
    n.children.forEach(walk);
  };
  walk(node);
  return ids;
}

export function orgName(org: OrganisationDto, locale: Locale): string {
  return resolveText(org.name, locale).text || org.code;
}

/** "Name (CODE)", the label used in selects and lists. */
export function orgLabel(org: OrganisationDto, locale: Locale): string {
  return `${orgName(org, locale)} (${org.code})`;
}
