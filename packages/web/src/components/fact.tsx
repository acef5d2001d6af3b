import type { ReactNode } from 'react';
import { Icon, type IconName } from './icons';

/** One labelled fact with an icon (when, where, who) on an activity or request page. */
export function Fact({ icon, label, children }: { icon: IconName; label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <span className="fact__icon">
        <Icon name={icon} size={20} />
      </span>
      <div className="fact__text">
        <span className="fact__label">{label}</span>
        <div className="fact__value">{children}</div>
      </div>
    </div>
  );
}
