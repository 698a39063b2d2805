// The app's own files, kept on the device so the form opens with no network. API calls are never cached here: the
// page keeps what it needs (reference data, queued families) itself.
const cacheName = "micic-intake-v1";
const shell = ["/intake/", "/intake/intake.js", "/intake/intake.css", "/intake/manifest.webmanifest", "/intake/icon.svg", "/intake/icon-192.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(cacheName).then((cache) => cache.addAll(shell)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== cacheName).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

// The network first, so a new version reaches the field as soon as it is online; the kept copy when it is not.
self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || !url.pathname.startsWith("/intake/")) return;
  const key = url.pathname === "/intake/" || url.pathname === "/intake/index.html" ? "/intake/" : url.pathname;
  event.respondWith(fetch(event.request)
    .then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(cacheName).then((cache) => cache.put(key, copy));
      }
      return response;
    })
    .catch(() => caches.match(key).then((kept) => kept ?? Response.error())));
});
