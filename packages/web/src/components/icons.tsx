import type { SVGProps } from 'react';

const paths = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1v-9.5Z',
  compass: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm3.5-12.5-2 5-5 2 2-5 5-2Z',
  search: 'M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14Zm5-2 5 5',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm-7 9c0-3.9 3.1-7 7-7s7 3.1 7 7',
  users: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6.5 9c0-3.6 2.9-6.5 6.5-6.5s6.5 2.9 6.5 6.5M16 4.3a3.5 3.5 0 0 1 0 6.4M18 13.8c2 .9 3.5 3.2 3.5 6.2',
  plus: 'M12 5v14M5 12h14',
  heart: 'M12 20s-7.5-4.6-9-9.3C2 7.4 4.2 4.5 7.3 4.5c2 0 3.6 1.2 4.7 2.9 1.1-1.7 2.7-2.9 4.7-2.9 3.1 0 5.3 2.9 4.3 6.2-1.5 4.7-9 9.3-9 9.3Z',
  comment: 'M4 5h16v11H9l-5 4V5Z',
  pin: 'M15 3 21 9l-3 1-4 4 .5 4.5L13 20l-4-4-5 5m5-5-4-4 1.5-1.5L11 11l4-4 1-3',
  lock: 'M6 11h12v10H6V11Zm2 0V8a4 4 0 1 1 8 0v3',
  mapPin: 'M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21Zm0-9a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Z',
  check: 'm5 12.5 4.5 4.5L19 7.5',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-9-9h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3Z',
  back: 'M15 5 8 12l7 7',
  chevronRight: 'm9 5 7 7-7 7',
  image: 'M4 5h16v14H4V5Zm0 11 4.5-4.5 3.5 3.5 2.5-2.5L20 17M15.5 9.5h.01',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4V8Zm8 8.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Z',
  retry: 'M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6',
  edit: 'M4 20h4L19 9l-4-4L4 16v4Zm9-13 4 4',
  trash: 'M4 7h16M10 11v6m4-6v6M6 7l1 13h10l1-13M9 7V4h6v3',
  send: 'M4 12 20 4l-6 16-3-7-7-1Z',
  x: 'M6 6l12 12M18 6 6 18',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  sparkle: 'M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8L12 3Zm7 12 .8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8L19 15Z',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-13v4.5l3 2',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  shield: 'M12 3 5 6v5c0 4.5 3 8.3 7 10 4-1.7 7-5.5 7-10V6l-7-3Z',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  reply: 'M9 8 4 12l5 4M4 12h10a6 6 0 0 1 6 6',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.6 7.6 0 0 0-2.2-1.3L14.4 3h-4l-.3 2.4a7.6 7.6 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1c.7.6 1.4 1 2.2 1.3l.3 2.4h4l.3-2.4c.8-.3 1.5-.7 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3Z',
  calendar: 'M4 6.5h16V20H4V6.5Zm0 4h16M8.5 3.5v5m7-5v5',
  ticket: 'M3 7h18v3a2 2 0 0 0 0 4v3H3v-3a2 2 0 0 0 0-4V7Zm11 0v2m0 3v1m0 3v1',
  map: 'M9 4 3 6.5v13.5l6-2.5 6 2.5 6-2.5V4l-6 2.5L9 4Zm0 0v13.5m6-11v13.5',
  list: 'M9 6h12M9 12h12M9 18h12M4 6h.01M4 12h.01M4 18h.01',
  locate: 'M12 19a7 7 0 1 0 0-14 7 7 0 0 0 0 14Zm0-4.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5ZM12 2v3m0 14v3M2 12h3m14 0h3',
  sliders: 'M4 7h9m4 0h3M4 17h3m4 0h9M15 4.5v5M9 14.5v5',
  download: 'M12 4v11m-5-5 5 5 5-5M5 20h14',
  bell: 'M6 16.5V11a6 6 0 1 1 12 0v5.5l1.5 1.5h-15L6 16.5Zm4 3.5a2 2 0 0 0 4 0',
  bellOff: 'M8.6 5.9A6 6 0 0 1 18 11v4M6 10.5v6L4.5 18H17m-7 2a2 2 0 0 0 4 0M3 3l18 18',
  wallet: 'M4 7.5h15.5a.5.5 0 0 1 .5.5v11a.5.5 0 0 1-.5.5H5a1 1 0 0 1-1-1V7.5Zm0 0V6a2 2 0 0 1 2-2h10.5M16 14h.01',
  checkCircle: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-4-9 3 3 5-6',
  hourglass: 'M7 3h10M7 21h10M8 3v2.5c0 2.5 4 4 4 6.5 0-2.5 4-4 4-6.5V3M8 21v-2.5c0-2.5 4-4 4-6.5 0 2.5 4 4 4 6.5V21',
  route: 'M6 20a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm12-12a2 2 0 1 0 0-4 2 2 0 0 0 0 4ZM6 16v-5a3 3 0 0 1 3-3h7M18 8v5a3 3 0 0 1-3 3h-7',
  gauge: 'M4 18a8 8 0 1 1 16 0M12 18l4-6',
  backpack: 'M7 9a5 5 0 0 1 10 0v11H7V9Zm3-6h4v2.5M7 14h10m-6 0v2',
  gift: 'M4 11h16v9H4v-9Zm-1-4h18v4H3V7Zm9 0v13M12 7C10.5 3.5 6.5 4 7.5 7M12 7c1.5-3.5 5.5-3 4.5 0',
  receipt: 'M6 3h12v18l-3-2-3 2-3-2-3 2V3Zm3 5h6m-6 4h6m-6 4h3',
  flag: 'M5 21V4m0 0h11l-2 4 2 4H5',
  qr: 'M4 4h6v6H4V4Zm10 0h6v6h-6V4ZM4 14h6v6H4v-6Zm10 0h2.5v2.5H14V14Zm4 0h2m-2 4v2h2m-6 0h2',
  help: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm-2.6-11.6a2.7 2.7 0 0 1 5.2 1c0 1.9-2.6 2.3-2.6 4.1M12 17.2h.01',
  // Interest categories.
  mountain: 'M2.5 19.5 9.5 7l3.8 6.6 2.4-3.6 5.8 9.5h-19Zm5.3-9.5 1.7 1.5 1.6-1.3',
  ball: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-18v18M3 12h18M5.6 5.6c3.4 3.6 3.4 9.2 0 12.8M18.4 5.6c-3.4 3.6-3.4 9.2 0 12.8',
  palette: 'M12 3a9 9 0 0 0 0 18c1 0 1.7-.8 1.7-1.7 0-.5-.2-.9-.5-1.2-.3-.3-.5-.7-.5-1.2 0-.9.8-1.7 1.7-1.7h2a4.6 4.6 0 0 0 4.6-4.6C21 6.4 17 3 12 3Zm-5 9.5h.01M8.5 7.5h.01M13 6h.01M17 8.5h.01',
  music: 'M9 18V5.5l11-2.5v13M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0Zm11-2a3 3 0 1 1-6 0 3 3 0 0 1 6 0Z',
  dice: 'M5 4h14a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1Zm3.5 4.5h.01M15.5 8.5h.01M12 12h.01M8.5 15.5h.01M15.5 15.5h.01',
  cup: 'M4 9h13v4.5a6 6 0 0 1-6 6h-1a6 6 0 0 1-6-6V9Zm13 1h1.5a2.5 2.5 0 0 1 0 5H17M8 3v3M12 3v3',
  paw: 'M6.3 7.5a1.7 2 0 1 0 3.4 0 1.7 2 0 1 0-3.4 0ZM14.3 7.5a1.7 2 0 1 0 3.4 0 1.7 2 0 1 0-3.4 0ZM3 12a1.5 1.8 0 1 0 3 0 1.5 1.8 0 1 0-3 0ZM18 12a1.5 1.8 0 1 0 3 0 1.5 1.8 0 1 0-3 0ZM12 12c-2.8 0-5.5 3-5.5 5.3 0 1.6 1.2 2.7 2.8 2.7 1 0 1.7-.5 2.7-.5s1.7.5 2.7.5c1.6 0 2.8-1.1 2.8-2.7 0-2.3-2.7-5.3-5.5-5.3Z',
  book: 'M4 5.5A2.5 2.5 0 0 1 6.5 3H20v14H6.5A2.5 2.5 0 0 0 4 19.5v-14Zm0 14A2.5 2.5 0 0 0 6.5 22H20v-5M8.5 7.5h7',
  code: 'm8 8-5 4 5 4m8-8 5 4-5 4M14 4l-4 16',
  star: 'M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.7-5.2 2.7 1-5.8-4.3-4.1 5.9-.9L12 3.5Z',
  moon: 'M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5Z',
  leaf: 'M5 19.5C5 11 10 5 20 4.5c0 10-6 15.5-14 15.5H5v-.5Zm0 0 8.5-8.5',
} as const;

export type IconName = keyof typeof paths;

/** A 24px line icon; decorative unless given a `title`. */
export function Icon({ name, title, size = 20, filled = false, ...rest }: { name: IconName; title?: string; size?: number; filled?: boolean } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={1.9}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
      focusable="false"
      {...rest}
    >
      {title ? <title>{title}</title> : null}
      <path d={paths[name]} />
    </svg>
  );
}

const categoryIcons: Record<string, IconName> = {
  outdoors: 'mountain',
  sports: 'ball',
  arts: 'palette',
  music: 'music',
  games: 'dice',
  food: 'cup',
  pets: 'paw',
  learning: 'book',
  tech: 'code',
  wellness: 'leaf',
};

/** The line icon of an interest category (drawn, so it looks the same on every device). */
export function CategoryIcon({ category, size = 20 }: { category: string | undefined; size?: number }) {
  return <Icon name={(category && categoryIcons[category]) || 'sparkle'} size={size} />;
}
