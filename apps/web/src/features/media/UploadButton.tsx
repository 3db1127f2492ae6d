import type { MediaAssetDto, MediaKind } from '@academy/contracts';
import { useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert';
import { useErrorMessage } from '../../lib/errors';
import { formatBytes } from './format';
import { useMediaUpload } from './upload';

/** What the file chooser offers for each kind (the server checks the bytes anyway). */
export const ACCEPT: Record<MediaKind | 'any', string> = {
  video: 'video/mp4,video/webm',
  document: 'application/pdf',
  image: 'image/png,image/jpeg,image/webp',
  captions: 'text/vtt,.vtt',
  any: 'video/mp4,video/webm,application/pdf,text/vtt,.vtt,image/png,image/jpeg,image/webp',
};

interface UploadButtonProps {
  /** Checked by the server against the file's bytes; leave out to accept any kind. */
  kind?: MediaKind;
  /** Text of the button. */
  label: string;
  /** Called with the new asset once the upload has finished. */
  onUploaded?: (assetId: string, asset: MediaAssetDto | null) => void;
  /**
   * What the upload is for (e.g. the label of the field it fills), added to the button's accessible name
   * (`<label>: <context>`) so that several upload buttons on one page can be told apart.
   */
  context?: string;
  /** Prefix of the test ids: `<testId>-input`, `-button`, `-progress`, `-pause`, `-resume`, `-cancel`. */
  testId?: string;
  className?: string;
}

/** A button that uploads one file to the media library (resumable), with progress, pause and cancel. */
export function UploadButton({
  kind,
  label,
  onUploaded,
  context,
  testId = 'upload',
  className,
}: UploadButtonProps) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const input = useRef<HTMLInputElement>(null);
  const { state, start, pause, resume, cancel, reset } = useMediaUpload({ kind, onUploaded });
  const busy = state.status === 'uploading' || state.status === 'paused';
  const percent = state.bytesTotal > 0 ? Math.floor((state.bytesSent / state.bytesTotal) * 100) : 0;
  const canRetry =
    state.status === 'error' && (state.error?.status === 0 || (state.error?.status ?? 0) >= 500);
  const name = context ? `${label}: ${context}` : label;
  // Pause, Resume, Cancel and Close say which file they act on (several uploads may be on one page).
  const ofFile = <span className="visually-hidden"> {state.filename}</span>;

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) start(file);
  };

  return (
    <div className={className ? `upload ${className}` : 'upload'}>
      <input
        ref={input}
        type="file"
        hidden
        accept={ACCEPT[kind ?? 'any']}
        aria-label={name}
        onChange={onChange}
        data-testid={`${testId}-input`}
      />
      {!busy && (
        <button
          type="button"
          className="btn"
          aria-label={context ? name : undefined}
          onClick={() => input.current?.click()}
          data-testid={`${testId}-button`}
        >
          <span aria-hidden="true">⇪ </span>
          {label}
        </button>
      )}
      {state.status !== 'idle' && (
        <div className="upload__progress" data-testid={`${testId}-progress`} data-status={state.status}>
          <p className="upload__name break">{state.filename}</p>
          {state.status !== 'error' && (
            <>
              <progress
                max={100}
                value={percent}
                aria-label={t('media.progressOf', { filename: state.filename })}
                data-testid={`${testId}-bar`}
              />
              <p className="upload__numbers" data-testid={`${testId}-numbers`}>
                {t('media.progress', {
                  percent,
                  sent: formatBytes(state.bytesSent, i18n.resolvedLanguage),
                  total: formatBytes(state.bytesTotal, i18n.resolvedLanguage),
                })}
                {state.status === 'paused' && ` · ${t('media.paused')}`}
              </p>
            </>
          )}
          <div className="actions">
            {state.status === 'uploading' && (
              <button
                type="button"
                className="btn btn--small"
                onClick={pause}
                data-testid={`${testId}-pause`}
              >
                {t('media.pause')}
                {ofFile}
              </button>
            )}
            {(state.status === 'paused' || canRetry) && (
              <button
                type="button"
                className="btn btn--small btn--primary"
                onClick={resume}
                data-testid={`${testId}-resume`}
              >
                {state.status === 'paused' ? t('media.resume') : t('media.retry')}
                {ofFile}
              </button>
            )}
            {(busy || canRetry) && (
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={cancel}
                data-testid={`${testId}-cancel`}
              >
                {t('media.cancelUpload')}
                {ofFile}
              </button>
            )}
            {(state.status === 'done' || (state.status === 'error' && !canRetry)) && (
              <button type="button" className="btn btn--small btn--ghost" onClick={reset}>
                {t('media.dismiss')}
                {ofFile}
              </button>
            )}
          </div>
        </div>
      )}
      <Alert kind="error">
        {state.status === 'error' && state.error && (
          <span data-testid={`${testId}-error`}>{errorMessage(state.error)}</span>
        )}
      </Alert>
      <Alert kind="success">
        {state.status === 'done' && (
          <span data-testid={`${testId}-done`}>{t('media.uploaded', { filename: state.filename })}</span>
        )}
      </Alert>
    </div>
  );
}
