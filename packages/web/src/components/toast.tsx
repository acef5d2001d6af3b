import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from '../lib/translation';
import { Icon } from './icons';

type ToastTone = 'info' | 'success' | 'error';
/** A button in the toast, e.g. Undo; choosing it also closes the toast. */
export interface ToastAction {
  label: string;
  onSelect: () => void;
}

interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction;
}

interface ToastApi {
  show: (message: string, tone?: ToastTone, options?: { action?: ToastAction }) => void;
}

const ToastContext = createContext<ToastApi>({ show: () => {} });

// Lets code outside React (the query client's global error handler) raise toasts.
let external: ToastApi['show'] = () => {};
export function showToast(message: string, tone: ToastTone = 'info') {
  external(message, tone);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((x) => x.id !== id)), []);
  const show = useCallback(
    (message: string, tone: ToastTone = 'info', options: { action?: ToastAction } = {}) => {
      const id = nextId.current++;
      setToasts((all) => [...all.filter((x) => x.message !== message), { id, message, tone, action: options.action }].slice(-3));
      // A toast with an action (Undo) stays long enough to reach for it.
      window.setTimeout(() => dismiss(id), tone === 'error' || options.action ? 6000 : 3500);
    },
    [dismiss],
  );
  external = show;
  const api = useMemo(() => ({ show }), [show]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone}`} data-testid={`toast-${toast.tone}`}>
            <Icon name={toast.tone === 'error' ? 'x' : 'check'} size={18} />
            <span>{toast.message}</span>
            {toast.action ? (
              <button
                type="button"
                className="toast__action"
                onClick={() => {
                  dismiss(toast.id);
                  toast.action?.onSelect();
                }}
                data-testid="toast-action"
              >
                {toast.action.label}
              </button>
            ) : null}
            <button type="button" className="toast__close" onClick={() => dismiss(toast.id)} aria-label={t('common.close')}>
              <Icon name="x" size={16} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  return useContext(ToastContext);
}
