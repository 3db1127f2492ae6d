import {
  ALLOWED_PARENT_KINDS,
  ORGANISATION_KINDS,
  type OrganisationDto,
  type OrganisationKind,
} from '@academy/contracts';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { Field } from '../../components/Field';
import { OrgSelect } from '../../components/OrgSelect';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { fieldErrorsOf, useErrorMessage } from '../../lib/errors';
import { useTitle } from '../../lib/useTitle';
import { useCreateOrganisation, useOrganisations, useUpdateOrganisation } from './api';
import { OrgTree } from './OrgTree';
import { buildTree, descendantIds, flattenTree, orgLabel, orgName, type OrgNode } from './tree';

type Mode = 'view' | 'create' | 'rename' | 'move';

export function OrganisationsPage() {
  const { t } = useTranslation();
  useTitle(t('organisations.title'));
  const locale = currentLocale();
  const orgs = useOrganisations();
  const errorMessage = useErrorMessage();
  const roots = useMemo(() => buildTree(orgs.data ?? [], locale), [orgs.data, locale]);
  const nodes = useMemo(() => new Map(flattenTree(roots).map((n) => [n.org.id, n])), [roots]);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<string | null>(null);

  // Open the top level once the data arrives.
  const [initialised, setInitialised] = useState(false);
  if (!initialised && roots.length > 0) {
    setInitialised(true);
    setExpanded(new Set(roots.map((r) => r.org.id)));
  }

  const toggle = (id: string, open?: boolean) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      const shouldOpen = open ?? !next.has(id);
      if (shouldOpen) next.add(id);
      else next.delete(id);
      return next;
    });
  const select = (id: string) => {
    setSelectedId(id);
    setMode('view');
    setNotice(null);
  };
  const selected = selectedId ? nodes.get(selectedId) : undefined;

  // On one-column layouts (phones) the details follow a long tree: scroll them into view on selection.
  const sideRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const side = sideRef.current;
    if (!selectedId || !side || window.matchMedia('(min-width: 60rem)').matches) return;
    const { top, bottom } = side.getBoundingClientRect();
    if (top >= window.innerHeight || bottom <= 0) {
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      side.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }, [selectedId]);

  return (
    <section className="page">
      <div className="page__header">
        <h1>{t('organisations.title')}</h1>
        <div className="actions">
          <button type="button" className="btn btn--small" onClick={() => setExpanded(new Set(nodes.keys()))}>
            {t('organisations.expandAll')}
          </button>
          <button type="button" className="btn btn--small" onClick={() => setExpanded(new Set())}>
            {t('organisations.collapseAll')}
          </button>
        </div>
      </div>
      <p className="muted">{t('organisations.intro')}</p>
      {orgs.isPending ? (
        <Loading />
      ) : orgs.isError ? (
        <Alert kind="error">{errorMessage(orgs.error)}</Alert>
      ) : roots.length === 0 ? (
        <p>{t('organisations.empty')}</p>
      ) : (
        <div className="split">
          <div className="card split__main">
            <h2 className="visually-hidden">{t('organisations.treeLabel')}</h2>
            <p className="field__hint" id="tree-help">
              {t('organisations.treeHelp')}
            </p>
            <OrgTree
              roots={roots}
              expanded={expanded}
              onToggle={toggle}
              selectedId={selectedId}
              onSelect={select}
              label={t('organisations.treeLabel')}
            />
          </div>
          <div className="card split__side" ref={sideRef}>
            <Alert kind="success">{notice}</Alert>
            {selected ? (
              <OrgDetails
                key={selected.org.id}
                node={selected}
                parent={selected.org.parentId ? nodes.get(selected.org.parentId)?.org : undefined}
                organisations={orgs.data}
                mode={mode}
                onMode={(m) => {
                  setMode(m);
                  setNotice(null);
                }}
                onDone={(message, newSelection) => {
                  setNotice(message);
                  setMode('view');
                  if (newSelection) {
                    toggle(selected.org.id, true);
                    setSelectedId(newSelection);
                  }
                }}
              />
            ) : (
              <p>{t('organisations.selectHint')}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

interface OrgDetailsProps {
  node: OrgNode;
  parent?: OrganisationDto;
  organisations: OrganisationDto[];
  mode: Mode;
  onMode: (mode: Mode) => void;
  onDone: (message: string, newSelection?: string) => void;
}

function OrgDetails({ node, parent, organisations, mode, onMode, onDone }: OrgDetailsProps) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const { org } = node;
  const childKinds = ORGANISATION_KINDS.filter((k) => ALLOWED_PARENT_KINDS[k].includes(org.kind));
  const canMove = ALLOWED_PARENT_KINDS[org.kind].length > 0;

  return (
    <div>
      <h2>{orgName(org, locale)}</h2>
      <dl className="facts">
        <div>
          <dt>{t('organisations.code')}</dt>
          <dd>
            <code>{org.code}</code>
          </dd>
        </div>
        <div>
          <dt>{t('organisations.kind')}</dt>
          <dd>{t(`organisations.kind_${org.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('organisations.nameEn')}</dt>
          <dd lang="en">{org.name.en || '—'}</dd>
        </div>
        <div>
          <dt>{t('organisations.nameRu')}</dt>
          <dd lang="ru">{org.name.ru || '—'}</dd>
        </div>
        <div>
          <dt>{t('organisations.parent')}</dt>
          <dd>{parent ? orgLabel(parent, locale) : '—'}</dd>
        </div>
        {org.memberCount !== undefined && (
          <div>
            <dt>{t('organisations.members')}</dt>
            <dd>{org.memberCount}</dd>
          </div>
        )}
      </dl>
      {mode === 'view' && (
        <div className="actions">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => onMode('create')}
            disabled={childKinds.length === 0}
            data-testid="org-add-child"
          >
            {t('organisations.addChild')}
          </button>
          <button type="button" className="btn" onClick={() => onMode('rename')} data-testid="org-rename">
            {t('organisations.rename')}
          </button>
          {canMove && (
            <button type="button" className="btn" onClick={() => onMode('move')} data-testid="org-move">
              {t('organisations.move')}
            </button>
          )}
        </div>
      )}
      {mode === 'create' && (
        <CreateChildForm parent={org} kinds={childKinds} onCancel={() => onMode('view')} onDone={onDone} />
      )}
      {mode === 'rename' && <RenameForm org={org} onCancel={() => onMode('view')} onDone={onDone} />}
      {mode === 'move' && (
        <MoveForm node={node} organisations={organisations} onCancel={() => onMode('view')} onDone={onDone} />
      )}
    </div>
  );
}

interface FormProps {
  onCancel: () => void;
  onDone: (message: string, newSelection?: string) => void;
}

function NameInputs({
  en,
  ru,
  onEn,
  onRu,
  errors,
}: {
  en: string;
  ru: string;
  onEn: (v: string) => void;
  onRu: (v: string) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend>{t('organisations.name')}</legend>
      <div className="side-by-side">
        <Field label={t('organisations.nameEn')} error={errors.en} errorCode={errors['name.en']}>
          {(p) => (
            <input
              {...p}
              lang="en"
              required
              maxLength={200}
              value={en}
              onChange={(e) => onEn(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('organisations.nameRu')} error={errors.ru} errorCode={errors['name.ru']}>
          {(p) => (
            <input
              {...p}
              lang="ru"
              required
              maxLength={200}
              value={ru}
              onChange={(e) => onRu(e.target.value)}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

function CreateChildForm({
  parent,
  kinds,
  onCancel,
  onDone,
}: FormProps & { parent: OrganisationDto; kinds: OrganisationKind[] }) {
  const { t } = useTranslation();
  const create = useCreateOrganisation();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<OrganisationKind>(kinds[kinds.length - 1] ?? 'unit');
  const [code, setCode] = useState('');
  const [en, setEn] = useState('');
  const [ru, setRu] = useState('');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!code.trim()) found.code = t('errors.REQUIRED');
    if (!en.trim()) found.en = t('errors.REQUIRED');
    if (!ru.trim()) found.ru = t('errors.REQUIRED');
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(
      { parentId: parent.id, kind, code: code.trim(), name: { en: en.trim(), ru: ru.trim() } },
      { onSuccess: (created) => onDone(t('organisations.created', { code: created.code }), created.id) },
    );
  };
  const api = fieldErrorsOf(create.error);
  const merged = { ...errors, 'name.en': api['name.en'] ?? api.name, 'name.ru': api['name.ru'] };

  return (
    <form onSubmit={onSubmit} noValidate className="form form--panel" aria-labelledby="org-create-title">
      <h3 id="org-create-title">
        {t('organisations.addChildTo', { name: orgLabel(parent, currentLocale()) })}
      </h3>
      <Alert kind="error">{create.isError ? errorMessage(create.error) : null}</Alert>
      <div className="side-by-side">
        <Field label={t('organisations.kind')} errorCode={api.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as OrganisationKind)}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`organisations.kind_${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t('organisations.code')}
          error={errors.code}
          errorCode={api.code}
          hint={t('organisations.codeHint')}
        >
          {(p) => (
            <input
              {...p}
              required
              maxLength={50}
              autoCapitalize="characters"
              spellCheck={false}
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
        </Field>
      </div>
      <NameInputs en={en} ru={ru} onEn={setEn} onRu={setRu} errors={merged} />
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          {t('organisations.create')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function RenameForm({ org, onCancel, onDone }: FormProps & { org: OrganisationDto }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation();
  const errorMessage = useErrorMessage();
  const [en, setEn] = useState(org.name.en ?? '');
  const [ru, setRu] = useState(org.name.ru ?? '');
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!en.trim()) found.en = t('errors.REQUIRED');
    if (!ru.trim()) found.ru = t('errors.REQUIRED');
    setErrors(found);
    if (Object.keys(found).length) return;
    update.mutate(
      { id: org.id, name: { en: en.trim(), ru: ru.trim() } },
      { onSuccess: () => onDone(t('organisations.renamed')) },
    );
  };
  const api = fieldErrorsOf(update.error);

  return (
    <form onSubmit={onSubmit} noValidate className="form form--panel" aria-labelledby="org-rename-title">
      <h3 id="org-rename-title">{t('organisations.rename')}</h3>
      <Alert kind="error">{update.isError ? errorMessage(update.error) : null}</Alert>
      <NameInputs
        en={en}
        ru={ru}
        onEn={setEn}
        onRu={setRu}
        errors={{ ...errors, 'name.en': api['name.en'], 'name.ru': api['name.ru'] }}
      />
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={update.isPending}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MoveForm({
  node,
  organisations,
  onCancel,
  onDone,
}: FormProps & { node: OrgNode; organisations: OrganisationDto[] }) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation();
  const errorMessage = useErrorMessage();
  const { org } = node;
  const excluded = useMemo(() => descendantIds(node), [node]);
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<string>();
  const allow = (candidate: OrganisationDto) =>
    !excluded.has(candidate.id) &&
    candidate.id !== org.parentId &&
    ALLOWED_PARENT_KINDS[org.kind].includes(candidate.kind);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!parentId) {
      setError(t('errors.REQUIRED'));
      return;
    }
    setError(undefined);
    update.mutate({ id: org.id, parentId }, { onSuccess: () => onDone(t('organisations.moved')) });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="form form--panel" aria-labelledby="org-move-title">
      <h3 id="org-move-title">{t('organisations.move')}</h3>
      <Alert kind="error">{update.isError ? errorMessage(update.error) : null}</Alert>
      <Field
        label={t('organisations.newParent')}
        error={error}
        errorCode={fieldErrorsOf(update.error).parentId}
        hint={t('organisations.moveHint', {
          kinds: ALLOWED_PARENT_KINDS[org.kind].map((k) => t(`organisations.kind_${k}`)).join(', '),
        })}
      >
        {(p) => (
          <OrgSelect
            {...p}
            organisations={organisations}
            allow={allow}
            emptyLabel={t('organisations.chooseParent')}
            value={parentId}
            onChange={(e) => setParentId(e.target.value)}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={update.isPending}>
          {t('organisations.moveSubmit')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
