import { ROLES, USER_STATUSES, type Role, type UserDto, type UserStatus } from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Pagination } from '../../components/Pagination';
import { Loading } from '../../components/Spinner';
import { useErrorMessage } from '../../lib/errors';
import { useListParams } from '../../lib/useListParams';
import { useTitle } from '../../lib/useTitle';
import { useOrganisations } from '../organisations/api';
import { OrgCell } from '../../components/OrgCell';
import { OrgSelect } from '../../components/OrgSelect';
import { useUsers } from './api';
import { CreateUserDialog } from './CreateUserDialog';
import { ManageUserDialog } from './ManageUserDialog';
import { GrantsText, StatusBadge } from './UserBits';

const PAGE_SIZE = 20;
const FILTERS = ['q', 'role', 'status', 'organisationId'] as const;

export function UsersPage() {
  const { t } = useTranslation();
  useTitle(t('users.title'));
  const errorMessage = useErrorMessage();
  const { values, page, update } = useListParams(FILTERS);
  const orgs = useOrganisations();
  const users = useUsers({
    q: values.q || undefined,
    role: (values.role as Role) || undefined,
    status: (values.status as UserStatus) || undefined,
    organisationId: values.organisationId || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const [search, setSearch] = useState(values.q);
  const [creating, setCreating] = useState(false);
  const [managing, setManaging] = useState<UserDto | null>(null);
  const managed = managing ? (users.data?.items.find((u) => u.id === managing.id) ?? managing) : null;

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('users.title')}</h1>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => setCreating(true)}
          data-testid="user-create"
        >
          {t('users.create')}
        </button>
      </div>

      <form className="filters card" role="search" onSubmit={onSearch} aria-label={t('users.filters')}>
        <div className="filters__search">
          <label htmlFor="users-q">{t('common.search')}</label>
          <div className="input-group">
            <input
              id="users-q"
              type="search"
              value={search}
              placeholder={t('users.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
            />
            <button type="submit" className="btn">
              {t('common.search')}
            </button>
          </div>
        </div>
        <div className="filters__field">
          <label htmlFor="users-role">{t('users.role')}</label>
          <select id="users-role" value={values.role} onChange={(e) => update({ role: e.target.value })}>
            <option value="">{t('users.anyRole')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="users-status">{t('users.status')}</label>
          <select
            id="users-status"
            value={values.status}
            onChange={(e) => update({ status: e.target.value })}
          >
            <option value="">{t('users.anyStatus')}</option>
            {USER_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`users.status_${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor="users-org">{t('users.organisation')}</label>
          <OrgSelect
            id="users-org"
            organisations={orgs.data ?? []}
            emptyLabel={t('users.anyOrganisation')}
            value={values.organisationId}
            onChange={(e) => update({ organisationId: e.target.value })}
          />
        </div>
      </form>

      {users.isPending ? (
        <Loading />
      ) : users.isError ? (
        <Alert kind="error">{errorMessage(users.error)}</Alert>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.totalFound', { total: users.data.total })}
          </p>
          {users.data.items.length === 0 ? (
            <p className="empty">{t('users.empty')}</p>
          ) : (
            <table className="table table--cards" aria-busy={users.isFetching}>
              <caption className="visually-hidden">{t('users.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.person')}</th>
                  <th scope="col">{t('users.organisation')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id} data-testid={`user-row-${user.email}`}>
                    <td data-label={t('users.person')}>
                      <strong>{user.displayName}</strong>
                      <br />
                      <span className="muted break">{user.email}</span>
                    </td>
                    <td data-label={t('users.organisation')}>
                      <OrgCell
                        organisations={orgs.data}
                        id={user.organisationId}
                        code={user.organisationCode}
                      />
                    </td>
                    <td data-label={t('users.roles')}>
                      <GrantsText user={user} />
                    </td>
                    <td data-label={t('users.status')}>
                      <StatusBadge user={user} />
                    </td>
                    <td className="table__actions">
                      <button
                        type="button"
                        className="btn btn--small"
                        onClick={() => setManaging(user)}
                        aria-label={t('users.manageUser', { name: user.displayName || user.email })}
                      >
                        {t('users.manage')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <Pagination
            page={users.data.page}
            pageSize={users.data.pageSize || PAGE_SIZE}
            total={users.data.total}
            onChange={(p) => update({ page: p })}
            label={t('users.pagination')}
          />
        </>
      )}

      {creating && <CreateUserDialog organisations={orgs.data ?? []} onClose={() => setCreating(false)} />}
      {managed && (
        <ManageUserDialog user={managed} organisations={orgs.data ?? []} onClose={() => setManaging(null)} />
      )}
    </section>
  );
}
