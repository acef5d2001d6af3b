import { useTranslation } from '../lib/translation';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router-dom';

/** Shown when rendering a route throws: a way back instead of a white page. */
export function RouteError() {
  const error = useRouteError();
  const { t } = useTranslation();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <div className="standalone">
      <div className="empty-state" role="alert">
        <h1 className="empty-state__title">{notFound ? t('notFound.title') : t('errors.generic')}</h1>
        <p className="muted">{notFound ? t('notFound.body') : t('errors.internal_error')}</p>
        <div className="empty-state__action">
          <Link className="btn btn--primary" to="/" reloadDocument>
            {t('notFound.home')}
          </Link>
        </div>
      </div>
    </div>
  );
}
