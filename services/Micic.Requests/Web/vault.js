// Micic field intake: the device's store and its encryption at rest, with WebCrypto alone.
// Each organisation's queue on this device is encrypted with one random AES-GCM data key (a fresh 96-bit IV per item),
// kept only wrapped: under each person's PIN (PBKDF2-SHA-256, 600 000 iterations, random salt) and under the
// organisation's key from Requests, so a colleague can open a queue whose owner was disabled or locked out. The data key
// in use lives in memory only, not extractable.
"use strict";

const vault = (() => {
  const iterations = 600000, maxWrongPins = 5;
  const encoder = new TextEncoder(), decoder = new TextDecoder();

  const opened = new Promise((resolve, reject) => {
    const request = indexedDB.open("micic-intake", 4);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (!db.objectStoreNames.contains("sent")) db.createObjectStore("sent", { keyPath: "key" });
      if (!db.objectStoreNames.contains("facts")) db.createObjectStore("facts");
      if (!db.objectStoreNames.contains("keyrings")) db.createObjectStore("keyrings", { keyPath: "organisationId" });
      // Families an earlier version kept in clear are set aside as they were, never dropped: the first person to open
      // the queue after the update encrypts them (adoptEarlier) and they are sent like any other.
      if (!db.objectStoreNames.contains("earlier")) db.createObjectStore("earlier", { keyPath: "key" });
      if (event.oldVersion > 0 && event.oldVersion < 3) {
        const sent = request.transaction.objectStore("sent"), earlier = request.transaction.objectStore("earlier");
        sent.openCursor().onsuccess = (event) => {
          const cursor = event.target.result;
          if (!cursor) return;
          if (!cursor.value.sealed) { earlier.put(cursor.value); cursor.delete(); }
          cursor.continue();
        };
      }
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = (name, mode, work) => opened.then((db) => new Promise((resolve, reject) => {
    const transaction = db.transaction(name, mode);
    const result = work(transaction.objectStore(name));
    transaction.oncomplete = () => resolve(result.result);
    transaction.onerror = () => reject(transaction.error);
  }));
  const store = {
    all: (name) => run(name, "readonly", (s) => s.getAll()),
    get: (name, key) => run(name, "readonly", (s) => s.get(key)),
    put: (name, value, key) => run(name, "readwrite", (s) => key === undefined ? s.put(value) : s.put(value, key)),
    remove: (name, key) => run(name, "readwrite", (s) => s.delete(key)),
  };

  const gcm = (iv) => ({ name: "AES-GCM", iv });
  const random = (bytes) => crypto.getRandomValues(new Uint8Array(bytes));

  async function pinKey(pin, salt) {
    const material = await crypto.subtle.importKey("raw", encoder.encode(pin), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey({ name: "PBKDF2", salt, iterations, hash: "SHA-256" }, material,
      { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
  }

  const organisationKey = (base64) => crypto.subtle.importKey("raw", Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)),
    "AES-GCM", false, ["wrapKey", "unwrapKey"]);

  const unwrap = (wrapped, iv, by, extractable) =>
    crypto.subtle.unwrapKey("raw", wrapped, by, gcm(iv), "AES-GCM", extractable, ["encrypt", "decrypt"]);

  async function wrap(key, by) {
    const iv = random(12);
    return { iv, wrapped: await crypto.subtle.wrapKey("raw", key, by, gcm(iv)) };
  }

  return {
    store,
    maxWrongPins,

    /** Whether this person has a PIN on this device for their organisation's queue. */
    async hasPin(organisationId, userId) {
      return !!(await store.get("keyrings", organisationId))?.pins?.[userId];
    },

    /**
     * Sets the person's PIN: the organisation's data key on this device (new, or opened with the organisation's key when
     * a queue is already here), wrapped under the PIN. The organisation's key is used here and forgotten. Returns the
     * data key for this session, not extractable.
     */
    async setPin(organisationId, userId, pin, organisationKeyBase64) {
      const escrowKey = await organisationKey(organisationKeyBase64);
      const keyring = (await store.get("keyrings", organisationId)) ?? { organisationId, pins: {} };
      // Extractable only while it is wrapped, here; the key the page keeps is unwrapped again, not extractable.
      const dataKey = keyring.escrow
        ? await unwrap(keyring.escrow.wrapped, keyring.escrow.iv, escrowKey, true)
        : await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
      if (!keyring.escrow) keyring.escrow = await wrap(dataKey, escrowKey);
      const salt = random(16);
      keyring.pins[userId] = { salt, ...(await wrap(dataKey, await pinKey(pin, salt))), wrongPins: 0 };
      await store.put("keyrings", keyring);
      return unwrap(keyring.escrow.wrapped, keyring.escrow.iv, escrowKey, false);
    },

    /**
     * Opens the queue with the person's PIN: { key } when right; { wrongPins } when wrong; { erased: true } on the fifth
     * wrong PIN in a row, when the PIN-wrapped key is erased; { missing: true } when there is no PIN here.
     */
    async unlock(organisationId, userId, pin) {
      const keyring = await store.get("keyrings", organisationId);
      const mine = keyring?.pins?.[userId];
      if (!mine) return { missing: true };
      try {
        const key = await unwrap(mine.wrapped, mine.iv, await pinKey(pin, mine.salt), false);
        if (mine.wrongPins) { mine.wrongPins = 0; await store.put("keyrings", keyring); }
        return { key };
      } catch {
        // Read again: another tab may have counted meanwhile.
        const now = await store.get("keyrings", organisationId);
        const record = now?.pins?.[userId];
        if (!record) return { erased: true };
        record.wrongPins = (record.wrongPins ?? 0) + 1;
        if (record.wrongPins >= maxWrongPins) delete now.pins[userId];
        await store.put("keyrings", now);
        return record.wrongPins >= maxWrongPins ? { erased: true } : { wrongPins: record.wrongPins };
      }
    },

    /** Erases the person's PIN-wrapped key; the queue stays, openable by a colleague with the organisation's key. */
    async forgetPin(organisationId, userId) {
      const keyring = await store.get("keyrings", organisationId);
      if (!keyring?.pins?.[userId]) return;
      delete keyring.pins[userId];
      await store.put("keyrings", keyring);
    },

    /** Erases the organisation's keys on this device, once nothing of its queue is left. */
    forgetOrganisation: (organisationId) => store.remove("keyrings", organisationId),

    async seal(key, value) {
      const iv = random(12);
      return { iv, data: await crypto.subtle.encrypt(gcm(iv), key, encoder.encode(JSON.stringify(value))) };
    },

    async open(key, sealed) {
      return JSON.parse(decoder.decode(await crypto.subtle.decrypt(gcm(sealed.iv), key, sealed.data)));
    },
  };
})();
