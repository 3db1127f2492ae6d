import type { Locale } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { PasswordLinkBox } from '../../components/CopyButton';
import { Modal } from '../../components/Modal';
import { OrgCell } from '../../components/OrgCell';
import { OrgSelect } from '../../components/OrgSelect';
import { Pagination } from '../../components/Pagination';
import { Loading } from '../../components/Spinner';
import { useErrorMessage } from '../../lib/errors';
import { useListParams } from '../../lib/useListParams';
import { useTitle } from '../../lib/useTitle';
import { useMe } from '../auth/api';
import { useOrganisations } from '../organisations/api';
import { PersonForm } from '../users/PersonForm';
import { StatusBadge } from '../users/UserBits';
import { useCreateOfficer, useOfficers } from './api';

const PAGE_SIZE = 20;
/** Each language in its own name, as language pickers show it (short enough for a table column). */
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', ru: 'Русский' };
const FILTERS = ['q', 'organisationId'] as const;

export function OfficersPage() {
  const { t } = useTranslation();
  useTitle(t('officers.title'));
  const { data: me } = useMe();
  const isCoordinator = !!me?.roles.includes('coordinator');
  const errorMessage = useErrorMessage();
  const { values, page, update } = useListParams(FILTERS);
  const orgs = useOrganisations();
  const officers = useOfficers({
    q: values.q || undefined,
    organisationId: values.organisationId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const [search, setSearch] = useState(values.q);
  const [adding, setAdding] = useState(false);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('officers.title')}</h1>
        {isCoordinator && (
          <div className="actions">
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => setAdding(true)}
              data-testid="officer-add"
            >
              {t('officers.add')}
            </button>
            <Link to="/officers/import" className="btn" data-testid="officer-import-link">
              {t('officers.import')}
            </Link>
          </div>
        )}
      </div>
      <p className="muted">{t('officers.intro')}</p>

      <form className="filters card" role="search" onSubmit={onSearch} aria-label={t('officers.filters')}>
        <div className="filters__search">
          <label htmlFor="officers-q">{t('common.search')}</label>
          <div className="input-group">
            <input
              id="officers-q"
              type="search"
              value={search}
              placeholder={t('officers.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
            />
            <button type="submit" className="btn">
              {t('common.search')}
            </button>
          </div>
        </div>
        <div className="filters__field">
          <label htmlFor="officers-org">{t('officers.unit')}</label>
          <OrgSelect
            id="officers-org"
            organisations={orgs.data ?? []}
            emptyLabel={t('officers.anyUnit')}
            value={values.organisationId}
            onChange={(e) => update({ organisationId: e.target.value })}
          />
        </div>
      </form>

      {officers.isPending ? (
        <Loading />
      ) : officers.isError ? (
        <Alert kind="error">{errorMessage(officers.error)}</Alert>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.totalFound', { total: officers.data.total })}
          </p>
          {officers.data.items.length === 0 ? (
            <p className="empty">{t('officers.empty')}</p>
          ) : (
            <table className="table table--cards" aria-busy={officers.isFetching}>
              <caption className="visually-hidden">{t('officers.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.displayName')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('officers.unit')}</th>
                  <th scope="col">{t('users.locale')}</th>
                  <th scope="col">{t('users.status')}</th>
                </tr>
              </thead>
              <tbody>
                {officers.data.items.map((o) => (
                  <tr key={o.id} data-testid={`officer-row-${o.email}`}>
                    <td data-label={t('users.displayName')}>
                      <strong>{o.displayName}</strong>
                    </td>
                    <td data-label={t('users.email')} className="break">
                      {o.email}
                    </td>
                    <td data-label={t('officers.unit')}>
                      <OrgCell organisations={orgs.data} id={o.organisationId} code={o.organisationCode} />
                    </td>
                    <td data-label={t('users.locale')}>
                      <span lang={o.locale}>{LANGUAGE_NAMES[o.locale]}</span>
                    </td>
                    <td data-label={t('users.status')}>
                      <StatusBadge user={o} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination
            page={officers.data.page}
            pageSize={officers.data.pageSize || PAGE_SIZE}
            total={officers.data.total}
            onChange={(p) => update({ page: p })}
            label={t('officers.pagination')}
          />
        </>
      )}

      {adding && <AddOfficerDialog onClose={() => setAdding(false)} />}
    </section>
  );
}

function AddOfficerDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const orgs = useOrganisations();
  const create = useCreateOfficer();
  return (
    <Modal title={t('officers.add')} onClose={onClose}>
      {create.isSuccess ? (
        <div className="stack">
          <Alert kind="success">{t('users.createdUser', { email: create.data.user.email })}</Alert>
          <PasswordLinkBox
            link={create.data.passwordLink}
            expiresAt={create.data.passwordLinkExpiresAt}
            email={create.data.user.email}
          />
          <div className="actions">
            <button type="button" className="btn btn--primary" onClick={onClose}>
              {t('common.done')}
            </button>
            <button type="button" className="btn" onClick={() => create.reset()}>
              {t('officers.addAnother')}
            </button>
          </div>
        </div>
      ) : orgs.isPending ? (
        <Loading />
      ) : (
        <PersonForm
          organisations={orgs.data ?? []}
          pending={create.isPending}
          error={create.error}
          submitLabel={t('officers.addSubmit')}
          onSubmit={({ email, displayName, locale, organisationId }) =>
            create.mutate({ email, displayName, locale, organisationId })
          }
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}
