// Passkeys on the provider's pages. A form marked data-passkey asks the provider for the ceremony's options, has the
// browser's authenticator answer (create: a new passkey; get: a sign-in), puts the answer in the form and posts it.
// A file of its own: the pages' policy runs no inline script.
"use strict";
(() => {
  const supported = typeof PublicKeyCredential === "function"
    && typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function"
    && typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function";

  for (const form of document.querySelectorAll("form[data-passkey]")) {
    const creating = form.dataset.passkey === "create";
    const message = form.querySelector("[data-passkey-message]");
    const button = form.querySelector("button[type=submit]");
    const say = text => {
      message.textContent = text;
      message.hidden = false;
      message.focus();
    };
    if (!supported) {
      // The sign-in offer stays hidden; the passkeys page says why nothing can be added here.
      if (creating) {
        button.disabled = true;
        say(form.dataset.unsupported);
      }
      continue;
    }
    form.hidden = false;
    if (message.textContent.trim() !== "")
      message.focus();

    form.addEventListener("submit", async event => {
      event.preventDefault();
      message.hidden = true;
      button.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        // The form's own fields go with it, the antiforgery token among them.
        const answer = await fetch(form.dataset.options, {
          method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "X-Micic-Csrf": "1" },
        });
        if (!answer.ok)
          throw new Error(`options answered ${answer.status}`);
        const options = await answer.json();
        const credential = creating
          ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) })
          : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
        form.elements.credential.value = JSON.stringify(credential);
        form.submit();
      } catch (error) {
        button.disabled = false;
        form.removeAttribute("aria-busy");
        const name = error instanceof DOMException ? error.name : "";
        say(name === "NotAllowedError" || name === "AbortError" ? form.dataset.cancelled
          : name === "InvalidStateError" && form.dataset.exists ? form.dataset.exists
          : form.dataset.failed);
      }
    });
  }
})();
