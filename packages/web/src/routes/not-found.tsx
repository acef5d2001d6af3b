import { useTranslation } from '../lib/translation';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../lib/document-title';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="page page--narrow">
      <div className="not-found" data-testid="not-found">
        <p className="not-found__code" aria-hidden="true">404</p>
        <h1>{t('notFound.title')}</h1>
        <p className="muted">{t('notFound.body')}</p>
        <div className="row row--center">
          <Link className="btn btn--primary" to="/">
            {t('notFound.home')}
          </Link>
          <Link className="btn btn--secondary" to="/discover">
            {t('home.emptyAction')}
          </Link>
        </div>
      </div>
    </div>
  );
}
