import { hueOf } from '../lib/format';

/**
 * A member's photo when they have one (`src`); otherwise their initials on a
 * colour derived from their id: every member has a recognisable face.
 */
export function Avatar({ name, seed, size = 40, src }: { name: string; seed: number | string; size?: number; src?: string | null }) {
  const initials = initialsOf(name);
  const hue = hueOf(seed);
  if (src) return <img className="avatar avatar--photo" src={src} alt="" width={size} height={size} style={{ width: size, height: size }} loading="lazy" decoding="async" />;
  return (
    <span
      className="avatar"
      aria-hidden="true"
      style={{
        width: size,
        height: size,
        fontSize: Math.round(size * (initials.length > 1 ? 0.38 : 0.45)),
        background: `linear-gradient(135deg, hsl(${hue} 70% 48%), hsl(${(hue + 40) % 360} 75% 40%))`,
      }}
    >
      {initials}
    </span>
  );
}

function initialsOf(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '?';
  // CJK names: the first character reads naturally.
  if (/[\u3400-\u9fff]/.test(trimmed[0] ?? '')) return trimmed[0] ?? '?';
  const words = trimmed.split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? (words[0]?.[0] ?? '') + (words[1]?.[0] ?? '') : trimmed.slice(0, 1);
  return letters.toUpperCase();
}
