import { useState } from 'react';
import { useTranslation } from '../lib/translation';
import { useLocation, useNavigate } from 'react-router-dom';
import { Logo } from '../components/app-shell';
import { CityCards } from '../components/city-picker';
import { FormError } from '../components/form-field';
import { Icon } from '../components/icons';
import { InterestPicker, type PickedInterest } from '../components/interest-picker';
import { LanguageSwitcher } from '../components/language-switcher';
import { safeNext } from '../components/require-auth';
import { useMe, useUpdateMe } from '../data/session';
import { cityValue, findCity, rememberedCity, type City } from '../data/taxonomy';
import { useDocumentTitle } from '../lib/document-title';
import type { DiscoverState } from './discover';
import { useErrorMessage } from '../lib/errors';

/** Two steps after sign-up: interests (with skill), then home city. */
export function OnboardingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  // Set when sign-up interrupted an action (registering, joining, replying): onboarding returns to it.
  const next = safeNext(useLocation().search, '');
  const update = useUpdateMe();
  const errorMessage = useErrorMessage();
  const [step, setStep] = useState<1 | 2>(1);
  const [picked, setPicked] = useState<PickedInterest[]>(() => me?.interests.map((i) => ({ tag: i.tag, skill: i.skill })) ?? []);
  // A city picked on the front page before signing up is the first guess.
  const [city, setCity] = useState<City | null>(() => findCity(me?.city) ?? rememberedCity() ?? null);
  const [triedNext, setTriedNext] = useState(false);
  useDocumentTitle(t('onboarding.title'));

  const finish = () => {
    update.mutate(
      {
        interests: picked.map((p) => ({ tag: p.tag, skill: p.skill })),
        city: city ? cityValue(city) : null,
        lat: city ? city.lat : null,
        lng: city ? city.lng : null,
        onboarded: true,
      },
      {
        // Onboarding ends on what it was for: the action sign-up interrupted, else groups, posts and
        // activities picked from these answers.
        onSuccess: () => (next ? navigate(next, { replace: true }) : navigate('/discover', { replace: true, state: { welcome: true } satisfies DiscoverState })),
      },
    );
  };

  return (
    <div className="onboarding">
      <header className="onboarding__top">
        <span className="brand">
          <Logo />
          <span className="brand__name">{t('app.name')}</span>
        </span>
        <LanguageSwitcher compact />
      </header>
      <main className="onboarding__main" id="main">
        <div className="progress" aria-hidden="true">
          <span className="progress__bar" style={{ width: step === 1 ? '50%' : '100%' }} />
        </div>
        <p className="eyebrow">{t('onboarding.stepOf', { step, total: 2 })}</p>

        {step === 1 ? (
          <section aria-labelledby="onb-interests" data-testid="onboarding-interests">
            <h1 id="onb-interests">{t('onboarding.interestsTitle')}</h1>
            <p className="muted lead">{t('onboarding.interestsBody')}</p>
            <InterestPicker label={t('onboarding.interestsTitle')} value={picked} onChange={setPicked} withSkill max={30} />
          </section>
        ) : (
          <section aria-labelledby="onb-city" data-testid="onboarding-city">
            <h1 id="onb-city">{t('onboarding.cityTitle')}</h1>
            <p className="muted lead">{t('onboarding.cityBody')}</p>
            <CityCards value={city?.key ?? null} onChange={setCity} />
          </section>
        )}
      </main>
      <footer className="onboarding__actions">
        <div className="onboarding__actions-inner">
          {step === 1 ? (
            <>
              <span className="muted" aria-live="polite">
                {triedNext && picked.length === 0 ? t('onboarding.pickOne') : t('onboarding.selectedCount', { count: picked.length })}
              </span>
              <button
                type="button"
                className="btn btn--primary btn--lg"
                onClick={() => {
                  setTriedNext(true);
                  if (picked.length > 0) setStep(2);
                }}
                data-testid="onboarding-next"
              >
                {t('common.next')} <Icon name="chevronRight" size={18} />
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn btn--ghost" onClick={() => setStep(1)}>
                <Icon name="back" size={18} /> {t('common.back')}
              </button>
              <FormError message={update.error ? errorMessage(update.error) : null} />
              <button type="button" className="btn btn--primary btn--lg" onClick={finish} disabled={update.isPending} data-testid="onboarding-finish">
                {update.isPending ? t('onboarding.finishing') : t('onboarding.finish')}
              </button>
            </>
          )}
        </div>
      </footer>
    </div>
  );
}
