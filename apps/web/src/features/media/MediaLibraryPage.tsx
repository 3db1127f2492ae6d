import {
  LOCALES,
  MEDIA_KINDS,
  type MediaAssetDto,
  type MediaKind,
  type MediaUsageDto,
} from '@academy/contracts';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert';
import { Pagination } from '../../components/Pagination';
import { Loading } from '../../components/Spinner';
import { currentLocale } from '../../i18n';
import { useErrorMessage } from '../../lib/errors';
import { useListParams } from '../../lib/useListParams';
import { useTitle } from '../../lib/useTitle';
import { useMediaAssets } from './api';
import { formatBytes, formatDuration } from './format';
import { UploadButton } from './UploadButton';

const PAGE_SIZE = 20;
const FILTERS = ['kind', 'q'] as const;

function isKind(value: string): value is MediaKind {
  return (MEDIA_KINDS as readonly string[]).includes(value);
}

export function MediaLibraryPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('media.title'));
  const errorMessage = useErrorMessage();
  const { values, page, update } = useListParams(FILTERS);
  const kind = isKind(values.kind) ? values.kind : undefined;
  const assets = useMediaAssets({ kind, q: values.q || undefined, page, pageSize: PAGE_SIZE });
  const [search, setSearch] = useState(values.q);
  const language = i18n.resolvedLanguage;

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    update({ q: search.trim() });
  };

  return (
    <section className="page">
      <p>
        <Link to="/studio">
          <span aria-hidden="true">← </span>
          {t('studio.backToStudio')}
        </Link>
      </p>
      <div className="page__header">
        <h1>{t('media.title')}</h1>
      </div>
      <p className="lead">{t('media.intro')}</p>

      <section className="card upload-area" aria-labelledby="media-upload-heading">
        <h2 id="media-upload-heading">{t('media.uploadHeading')}</h2>
        <p className="field__hint">{t('media.uploadHint')}</p>
        <UploadButton label={t('media.chooseFile')} testId="media-upload" />
      </section>

      <form className="filters card" role="search" onSubmit={onSearch} aria-label={t('media.filters')}>
        <div className="filters__search">
          <label htmlFor="media-q">{t('common.search')}</label>
          <div className="input-group">
            <input
              id="media-q"
              type="search"
              value={search}
              placeholder={t('media.searchPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              data-testid="media-search"
            />
            <button type="submit" className="btn">
              {t('common.search')}
            </button>
          </div>
        </div>
        <div className="filters__field">
          <label htmlFor="media-kind">{t('media.kind')}</label>
          <select
            id="media-kind"
            value={kind ?? ''}
            onChange={(e) => update({ kind: e.target.value })}
            data-testid="media-kind"
          >
            <option value="">{t('media.anyKind')}</option>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`media.kind_${k}`)}
              </option>
            ))}
          </select>
        </div>
      </form>

      {assets.isPending ? (
        <Loading />
      ) : assets.isError ? (
        <Alert kind="error">{errorMessage(assets.error)}</Alert>
      ) : (
        <>
          <p className="muted" role="status">
            {t('common.totalFound', { total: assets.data.total })}
          </p>
          {assets.data.items.length === 0 ? (
            <p className="empty" data-testid="media-empty">
              {t('media.empty')}
            </p>
          ) : (
            <table className="table table--cards media-table" aria-busy={assets.isFetching}>
              <caption className="visually-hidden">{t('media.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('media.file')}</th>
                  <th scope="col">{t('media.kind')}</th>
                  <th scope="col">{t('media.size')}</th>
                  <th scope="col">{t('media.duration')}</th>
                  <th scope="col">{t('media.status')}</th>
                  <th scope="col">{t('media.uploadedAt')}</th>
                  <th scope="col">{t('media.usedIn')}</th>
                </tr>
              </thead>
              <tbody>
                {assets.data.items.map((asset) => (
                  <AssetRow key={asset.id} asset={asset} language={language} />
                ))}
              </tbody>
            </table>
          )}
          <Pagination
            page={assets.data.page}
            pageSize={assets.data.pageSize || PAGE_SIZE}
            total={assets.data.total}
            onChange={(p) => update({ page: p })}
            label={t('media.pagination')}
          />
        </>
      )}
    </section>
  );
}

function AssetRow({ asset, language }: { asset: MediaAssetDto; language: string | undefined }) {
  const { t } = useTranslation();
  return (
    <tr data-testid="media-row" data-filename={asset.filename} data-status={asset.status}>
      <td data-label={t('media.file')} className="break">
        {asset.status !== 'uploading' ? (
          <a href={asset.contentUrl} target="_blank" rel="noreferrer">
            <strong>{asset.filename}</strong>
          </a>
        ) : (
          <strong>{asset.filename}</strong>
        )}
        <br />
        <span className="muted small">{asset.mime}</span>
      </td>
      <td data-label={t('media.kind')}>{t(`media.kind_${asset.kind}`)}</td>
      <td data-label={t('media.size')}>{formatBytes(asset.size, language)}</td>
      <td data-label={t('media.duration')}>
        {asset.durationS !== null ? formatDuration(asset.durationS) : '—'}
      </td>
      <td data-label={t('media.status')}>
        <span className="badges">
          <span className={`badge badge--media-${asset.status}`} data-testid="media-status">
            {t(`media.status_${asset.status}`)}
          </span>
        </span>
        <StatusDetail asset={asset} />
      </td>
      <td data-label={t('media.uploadedAt')}>{new Date(asset.createdAt).toLocaleDateString(language)}</td>
      <td data-label={t('media.usedIn')}>
        {asset.usage.length === 0 ? (
          <span className="muted">{t('media.notUsed')}</span>
        ) : (
          <ul className="plain-list">
            {asset.usage.map((u, i) => (
              <li key={i}>
                <UsageLink usage={u} />
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}

/** Under the status: why transcoding failed, that it is under way, or the streaming qualities made. */
function StatusDetail({ asset }: { asset: MediaAssetDto }) {
  const { t } = useTranslation();
  if (asset.status === 'failed' && asset.failureReason) {
    return (
      <p className="small" data-testid="media-failure">
        {t('media.failureReason', { reason: asset.failureReason })}
      </p>
    );
  }
  if (asset.kind === 'video' && asset.status === 'processing') {
    return (
      <p className="muted small" data-testid="media-processing">
        {t('media.processingHint')}
      </p>
    );
  }
  if (asset.renditions) {
    return (
      <p className="muted small" data-testid="media-renditions">
        {t('media.renditions', { qualities: asset.renditions.heights.map((h) => `${h}p`).join(' · ') })}
      </p>
    );
  }
  return null;
}

function UsageLink({ usage }: { usage: MediaUsageDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const pick = (text: Partial<Record<(typeof LOCALES)[number], string>>) =>
    text[locale] || LOCALES.map((l) => text[l]).find(Boolean) || '';
  const course = pick(usage.courseTitle) || usage.courseCode;
  return (
    <>
      <Link to={`/studio/courses/${usage.courseId}`}>
        <code>{usage.courseCode}</code> {course}
      </Link>
      <br />
      <span className="muted small">
        {usage.type === 'cover'
          ? t('media.usage_cover')
          : t(usage.role === 'captions' ? 'media.usage_captions' : 'media.usage_lesson', {
              lesson: pick(usage.lessonTitle),
              language: t(`languages.${usage.locale}`),
            })}
      </span>
    </>
  );
}
