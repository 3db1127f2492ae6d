import type { OrganisationDto } from '@academy/contracts';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { PasswordLinkBox } from '../../components/CopyButton';
import { Modal } from '../../components/Modal';
import { useCreateUser } from './api';
import { PersonForm } from './PersonForm';

export function CreateUserDialog({
  organisations,
  onClose,
}: {
  organisations: OrganisationDto[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateUser();
  return (
    <Modal title={t('users.create')} onClose={onClose}>
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
              {t('users.createAnother')}
            </button>
          </div>
        </div>
      ) : (
        <PersonForm
          organisations={organisations}
          withRoles
          pending={create.isPending}
          error={create.error}
          submitLabel={t('users.createSubmit')}
          onSubmit={(body) => create.mutate(body)}
          onCancel={onClose}
        />
      )}
    </Modal>
  );
}
