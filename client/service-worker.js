/* global self, caches, fetch, URL, Response */
// Concordat's service worker keeps the app shell — the page, its scripts and styles — so the console
// opens without signal. It never keeps API answers or live data: the only work kept on a device is the
// outbox, in IndexedDB (client/src/offline). The build fills in the two constants below.

const SHELL_FILES = ['/'];
const SHELL_VERSION = 'development';

const CACHE = `concordat-shell-${SHELL_VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

// A new build replaces the old shell at once: older kept copies are deleted.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith('concordat-shell-') && key !== CACHE).map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Live data and the socket always go to the network: a stale answer must never look current.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/')) return;
  if (request.mode === 'navigate') {
    // The newest page when there is signal; the kept one when there is not. Every route is one page.
    event.respondWith(
      fetch(request).catch(() => caches.match('/', { cacheName: CACHE }).then((kept) => kept ?? Response.error())),
    );
    return;
  }
  // Built files have their content's hash in their name, so a kept copy is always the right one.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((kept) => kept ?? fetch(request)));
});
