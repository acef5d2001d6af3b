/**
 * The page's entry. Its first frame (the top bar in index.html) is painted before the app's code is run,
 * even when that code has already arrived (a fast connection, a warm cache): starting React and the
 * router costs a phone a few hundred milliseconds of script, and the page shows something meanwhile.
 * The app's modules are preloaded by the page's head, so waiting a frame costs no download.
 */
function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    // A tab opened in the background paints nothing until shown: it starts without waiting.
    if (document.visibilityState !== 'visible') return resolve();
    requestAnimationFrame(() => setTimeout(resolve, 0));
  });
}

void afterNextPaint().then(() => import('./main'));
