import { useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n';
import { orgName, type OrgNode } from './tree';

interface OrgTreeProps {
  roots: OrgNode[];
  expanded: Set<string>;
  onToggle: (id: string, open?: boolean) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  label: string;
}

interface Visible {
  node: OrgNode;
  parentId: string | null;
}

/**
 * WAI-ARIA tree view: one tab stop (the selected or first item); arrows move, Right/Left open, close or
 * go to the parent, Home/End jump, Enter/Space select.
 */
export function OrgTree({ roots, expanded, onToggle, selectedId, onSelect, label }: OrgTreeProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const refs = useRef(new Map<string, HTMLLIElement>());

  const visible = useMemo(() => {
    const out: Visible[] = [];
    const walk = (nodes: OrgNode[], parentId: string | null) => {
      for (const node of nodes) {
        out.push({ node, parentId });
        if (expanded.has(node.org.id)) walk(node.children, node.org.id);
      }
    };
    walk(roots, null);
    return out;
  }, [roots, expanded]);

  const tabStop =
    visible.find((v) => v.node.org.id === selectedId)?.node.org.id ?? visible[0]?.node.org.id ?? null;

  const focus = (id: string | undefined) => {
    if (id) refs.current.get(id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    const id = target?.dataset.id;
    const index = visible.findIndex((v) => v.node.org.id === id);
    if (index < 0) return;
    const current = visible[index];
    const isOpen = expanded.has(current.node.org.id);
    const hasChildren = current.node.children.length > 0;
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        focus(visible[index + 1]?.node.org.id);
        break;
      case 'ArrowUp':
        focus(visible[index - 1]?.node.org.id);
        break;
      case 'Home':
        focus(visible[0]?.node.org.id);
        break;
      case 'End':
        focus(visible[visible.length - 1]?.node.org.id);
        break;
      case 'ArrowRight':
        if (hasChildren && !isOpen) onToggle(current.node.org.id, true);
        else if (hasChildren) focus(current.node.children[0]?.org.id);
        break;
      case 'ArrowLeft':
        if (hasChildren && isOpen) onToggle(current.node.org.id, false);
        else focus(current.parentId ?? undefined);
        break;
      case 'Enter':
      case ' ':
        onSelect(current.node.org.id);
        break;
      default:
        handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  };

  const renderNodes = (nodes: OrgNode[]) =>
    nodes.map((node) => {
      const { org } = node;
      const hasChildren = node.children.length > 0;
      const isOpen = expanded.has(org.id);
      const selected = org.id === selectedId;
      return (
        <li
          key={org.id}
          role="treeitem"
          aria-level={node.depth + 1}
          aria-expanded={hasChildren ? isOpen : undefined}
          aria-selected={selected}
          tabIndex={org.id === tabStop ? 0 : -1}
          data-id={org.id}
          data-testid={`org-${org.code}`}
          ref={(el) => {
            if (el) refs.current.set(org.id, el);
            else refs.current.delete(org.id);
          }}
          className="tree__item"
          onClick={(event) => {
            event.stopPropagation();
            onSelect(org.id);
          }}
        >
          <span className={selected ? 'tree__row tree__row--selected' : 'tree__row'}>
            <span
              className={hasChildren ? 'tree__toggle' : 'tree__toggle tree__toggle--leaf'}
              aria-hidden="true"
              onClick={(event) => {
                if (!hasChildren) return;
                event.stopPropagation();
                onToggle(org.id);
              }}
            >
              {hasChildren ? (isOpen ? '▾' : '▸') : '•'}
            </span>
            <span className="tree__label">
              <span className="tree__name">{orgName(org, locale)}</span>
              <span className="tree__meta">
                <code>{org.code}</code> · {t(`organisations.kind_${org.kind}`)}
              </span>
            </span>
          </span>
          {hasChildren && isOpen && <ul role="group">{renderNodes(node.children)}</ul>}
        </li>
      );
    });

  return (
    <ul role="tree" aria-label={label} className="tree" onKeyDown={onKeyDown}>
      {renderNodes(roots)}
    </ul>
  );
}
