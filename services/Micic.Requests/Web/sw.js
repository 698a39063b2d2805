// The app's own files, kept on the device so the form opens with no network. API calls are never cached here: the
// page keeps what it needs (reference data, queued families) itself.
const cacheName = "micic-intake-v2";
const shell = ["/intake/", "/intake/vault.js", "/intake/intake.js", "/intake/intake.css", "/intake/manifest.webmanifest", "/intake/icon.svg", "/intake/icon-192.png"];

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

// Background Sync, where the browser offers it: when the network returns, open pages are asked to send what waits. Only
// an unlocked page can (the key is never here); with none, this fails and the browser tries again later.
self.addEventListener("sync", (event) => {
  if (event.tag === "micic-send") event.waitUntil(askPagesToSend());
});

async function askPagesToSend() {
  const pages = await self.clients.matchAll({ type: "window" });
  const answers = await Promise.all(pages.map((page) => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    page.postMessage({ type: "send" }, [channel.port2]);
    setTimeout(() => resolve(null), 60000);
  })));
  if (!answers.some((answer) => answer?.unlocked && answer.left === 0))
    throw new Error("Not sent yet: no open, unlocked page of the app; the browser will try again.");
}
