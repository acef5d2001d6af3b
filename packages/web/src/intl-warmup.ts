/**
 * Run as a worker by main.tsx. The first use of Intl in a page loads the browser's locale data, a long
 * task on a phone; the page's threads share that data, so loading it here, while the network is busy,
 * leaves the main thread's first dates and numbers quick to format.
 */
new Intl.DateTimeFormat(navigator.languages).resolvedOptions();
new Intl.NumberFormat(navigator.languages).format(1);
new Intl.RelativeTimeFormat(navigator.languages).format(1, 'day');
close();
