import type { OrganisationDto } from '@academy/contracts';
import { useMemo, type SelectHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { buildTree, flattenTree, orgLabel } from '../features/organisations/tree';
import { currentLocale } from '../i18n';

interface OrgSelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'children'> {
  organisations: OrganisationDto[];
  /** Text of the empty option; omit to force a choice. */
  emptyLabel?: string;
  /** Only these organisations may be chosen (others are shown disabled for context). */
  allow?: (org: OrganisationDto) => boolean;
}

/** An organisation <select> ordered as the tree, children indented. */
export function OrgSelect({ organisations, emptyLabel, allow, ...props }: OrgSelectProps) {
  const { i18n } = useTranslation();
  const locale = currentLocale();
  const flat = useMemo(() => flattenTree(buildTree(organisations, locale)), [organisations, locale]);
  void i18n.resolvedLanguage;
  return (
    <select {...props}>
      <option value="">{emptyLabel ?? '—'}</option>
      {flat.map(({ org, depth }) => (
        <option key={org.id} value={org.id} disabled={allow ? !allow(org) : false}>
          {'\u00a0\u00a0'.repeat(depth)}
          {orgLabel(org, locale)}
        </option>
      ))}
    </select>
  );
}
