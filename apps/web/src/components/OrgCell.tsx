import type { OrganisationDto } from '@academy/contracts';
import { orgName } from '../features/organisations/tree';
import { currentLocale } from '../i18n';

/** An organisation in a table cell: its name in the interface language, with the code underneath. */
export function OrgCell({
  organisations,
  id,
  code,
}: {
  organisations: OrganisationDto[] | undefined;
  id: string | null;
  code: string | null | undefined;
}) {
  if (!code) return <>—</>;
  const org = id ? organisations?.find((o) => o.id === id) : undefined;
  if (!org) return <code>{code}</code>;
  return (
    <span className="org-cell">
      <span className="org-cell__name">{orgName(org, currentLocale())}</span>
      <code className="org-cell__code">{code}</code>
    </span>
  );
}
