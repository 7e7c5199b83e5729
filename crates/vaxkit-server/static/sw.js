// The offline vaccinator's service worker: keeps the offline page and its files, so the page
// opens without a connection. Doses are kept by the page itself (IndexedDB), not here.
var CACHE = "vaxkit-offline-v1";
var FILES = ["/vaccinator/offline", "/static/vaxkit.css", "/static/offline.js"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (FILES.indexOf(url.pathname) < 0) { return; }
  // The network first (fresh queue, fresh CSRF token); the kept copy when there is none.
  event.respondWith(fetch(request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname);
  }));
});
