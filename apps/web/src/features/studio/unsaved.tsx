import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import { Modal } from '../../components/Modal';

interface UnsavedApi {
  setDirty: (key: string, dirty: boolean) => void;
}

const UnsavedContext = createContext<UnsavedApi>({ setDirty: () => undefined });

/**
 * Collects which forms on the page hold unsaved text; while any does, leaving the page (a link, Back, closing
 * the tab) asks first.
 */
export function UnsavedChangesGuard({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [dirtyKeys, setDirtyKeys] = useState<ReadonlySet<string>>(new Set());
  const setDirty = useCallback((key: string, dirty: boolean) => {
    setDirtyKeys((prev) => {
      if (prev.has(key) === dirty) return prev;
      const next = new Set(prev);
      if (dirty) next.add(key);
      else next.delete(key);
      return next;
    });
  }, []);
  const anyDirty = dirtyKeys.size > 0;
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => anyDirty && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!anyDirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [anyDirty]);

  const api = useMemo(() => ({ setDirty }), [setDirty]);
  return (
    <UnsavedContext.Provider value={api}>
      {children}
      {blocker.state === 'blocked' && (
        <Modal title={t('studio.unsavedTitle')} onClose={() => blocker.reset()}>
          <div className="stack" data-testid="unsaved-dialog">
            <p>{t('studio.unsavedText')}</p>
            <div className="actions">
              <button type="button" className="btn btn--primary" onClick={() => blocker.reset()}>
                {t('studio.stayOnPage')}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => blocker.proceed()}>
                {t('studio.leavePage')}
              </button>
            </div>
          </div>
        </Modal>
      )}
    </UnsavedContext.Provider>
  );
}

/** Reports this form's unsaved state to the page guard (cleared when the form goes away). */
export function useUnsaved(dirty: boolean): void {
  const { setDirty } = useContext(UnsavedContext);
  const key = useId();
  useEffect(() => {
    setDirty(key, dirty);
  }, [key, dirty, setDirty]);
  useEffect(() => () => setDirty(key, false), [key, setDirty]);
}
