/*
 * qa-check's verification site: the search, the drop zone, and the SHA-256 they need.
 *
 * The page works without this script; it adds finding a certificate by id or SKU and telling
 * whether a PDF is exactly a file the issuer published. The site's shape (paths, JSON, the
 * DOM hooks) is fixed in qa-check's publish contract. Every word shown comes from the page's
 * #qc-words (the catalogue's web_js_ keys in the page's language); text goes into the page as
 * text nodes only. SHA-256 is computed here because crypto.subtle is missing on file:// and
 * plain http://, where a reader may well open the site; the file never leaves the machine.
 */
"use strict";

(() => {
  /* ---- SHA-256 (FIPS 180-4) -------------------------------------------------------------- */

  const ROUND_CONSTANTS = Uint32Array.of(
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  );
  const INITIAL_HASH = Uint32Array.of(
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  );
  const BLOCK = 64;

  /** SHA-256 fed in pieces, so that a large file is hashed slice by slice, not held whole. */
  class Sha256 {
    constructor() {
      this.state = INITIAL_HASH.slice();
      this.schedule = new Uint32Array(64);
      this.pending = new Uint8Array(BLOCK); // bytes waiting for a whole block
      this.pendingLength = 0;
      this.totalBytes = 0;
    }

    /** Add bytes (a Uint8Array) to the message. */
    update(bytes) {
      let at = 0;
      this.totalBytes += bytes.length;
      if (this.pendingLength > 0) {
        const taken = Math.min(BLOCK - this.pendingLength, bytes.length);
        this.pending.set(bytes.subarray(0, taken), this.pendingLength);
        this.pendingLength += taken;
        at = taken;
        if (this.pendingLength < BLOCK) return this;
        this.compress(this.pending, 0);
        this.pendingLength = 0;
      }
      for (; at + BLOCK <= bytes.length; at += BLOCK) this.compress(bytes, at);
      this.pending.set(bytes.subarray(at), 0);
      this.pendingLength = bytes.length - at;
      return this;
    }

    /** The digest as 64 lower-case hex digits; the hasher is spent afterwards. */
    hex() {
      const bits = this.totalBytes * 8;
      const tail = new Uint8Array(this.pendingLength < 56 ? BLOCK : 2 * BLOCK);
      tail.set(this.pending.subarray(0, this.pendingLength));
      tail[this.pendingLength] = 0x80;
      const view = new DataView(tail.buffer);
      view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
      view.setUint32(tail.length - 4, bits >>> 0);
      for (let at = 0; at < tail.length; at += BLOCK) this.compress(tail, at);
      return Array.from(this.state, (word) => word.toString(16).padStart(8, "0")).join("");
    }

    /** One 64-byte block of `bytes` from `offset` into the state (FIPS 180-4, 6.2.2). */
    compress(bytes, offset) {
      const w = this.schedule;
      for (let t = 0; t < 16; t++) {
        const i = offset + 4 * t;
        w[t] = (bytes[i] << 24) | (bytes[i + 1] << 16) | (bytes[i + 2] << 8) | bytes[i + 3];
      }
      for (let t = 16; t < 64; t++) {
        const x = w[t - 15];
        const y = w[t - 2];
        const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
        const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
      }
      const h = this.state;
      let a = h[0];
      let b = h[1];
      let c = h[2];
      let d = h[3];
      let e = h[4];
      let f = h[5];
      let g = h[6];
      let k = h[7];
      for (let t = 0; t < 64; t++) {
        const sum1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        const choose = (e & f) ^ (~e & g);
        const t1 = (k + sum1 + choose + ROUND_CONSTANTS[t] + w[t]) | 0;
        const sum0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        const majority = (a & b) ^ (a & c) ^ (b & c);
        const t2 = (sum0 + majority) | 0;
        k = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = c;
        c = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      h[0] += a;
      h[1] += b;
      h[2] += c;
      h[3] += d;
      h[4] += e;
      h[5] += f;
      h[6] += g;
      h[7] += k;
    }
  }

  /** SHA-256 of bytes (a Uint8Array) or of a string's UTF-8, as hex. */
  const sha256 = (data) =>
    new Sha256().update(typeof data === "string" ? new TextEncoder().encode(data) : data).hex();

  const SLICE = 4 * 1024 * 1024;

  /** SHA-256 of a File, read in slices so that a large one is never held whole. */
  async function fileSha256(file) {
    const hasher = new Sha256();
    for (let at = 0; at < file.size; at += SLICE) {
      hasher.update(new Uint8Array(await file.slice(at, at + SLICE).arrayBuffer()));
    }
    return hasher.hex();
  }

  /* ---- words ------------------------------------------------------------------------------ */

  const html = document.documentElement;
  const root = html.dataset.root || "";
  const chinese = (html.lang || "").toLowerCase().startsWith("zh");
  const words = readWords();

  function readWords() {
    const holder = document.getElementById("qc-words");
    try {
      const parsed = JSON.parse(holder ? holder.textContent : "{}");
      return parsed && typeof parsed === "object" ? parsed : {};
    } catch {
      return {};
    }
  }

  /**
   * The message `key` with its {placeholders} filled: strings become text, each in its own
   * <bdi> (a value ending in a bidi override must not reorder the words after it), nodes (a
   * link, a status word, a fingerprint) are put in as they are. Never parsed as HTML.
   */
  function say(key, values = {}) {
    const template = typeof words[key] === "string" ? words[key] : key;
    const fragment = document.createDocumentFragment();
    template.split(/\{(\w+)\}/).forEach((part, index) => {
      if (index % 2 === 0) {
        if (part) fragment.append(part);
      } else if (part in values) {
        const value = values[part];
        fragment.append(value instanceof Node ? value : node("bdi", null, String(value)));
      } else {
        fragment.append(`{${part}}`);
      }
    });
    return fragment;
  }

  function node(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) element.setAttribute(name, value);
    element.append(...children);
    return element;
  }

  const paragraph = (...children) => node("p", null, ...children);

  /* ---- what a status object says ---------------------------------------------------------- */

  const STATUSES = new Set(["VALID", "REVOKED", "SUPERSEDED", "EXPIRED", "ISSUED"]);
  const ID = /^QC-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;

  function isStatus(value) {
    return (
      value !== null &&
      typeof value === "object" &&
      value.format === "qa-check-status@1" &&
      ID.test(value.certificate_id) &&
      STATUSES.has(value.status)
    );
  }

  const day = (time) => (typeof time === "string" ? time.slice(0, 10) : "");

  /** "2026-12-06T19:30:00Z" as "2026-12-06 19:30 UTC"; another form as it is. */
  function moment(time) {
    const utc = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)(?::\d\d(?:\.\d+)?)?Z$/.exec(time || "");
    return utc ? `${utc[1]} ${utc[2]} UTC` : String(time || "");
  }

  /**
   * The link to a certificate's page in the page's own language, made from its id (c/<ID>/, as
   * publish lays the site out), so that no text of a JSON file becomes an address.
   */
  function pageLink(certificateId) {
    if (!ID.test(certificateId)) return certificateId;
    const href = `${root}c/${certificateId}/${chinese ? "zh/" : ""}`;
    return node("a", { href, class: "qc-link" }, certificateId);
  }

  function statusWord(status) {
    return node("strong", { class: "qc-word", "data-status": status }, status);
  }

  /** What the status means for a reader: revoked when and why, replaced by which, ended when. */
  function meaning(status) {
    switch (status.status) {
      case "REVOKED": {
        const revoked = status.revoked || {};
        return revoked.why
          ? say("web_js_status_revoked", { date: moment(revoked.at), why: revoked.why })
          : say("web_js_status_revoked_no_reason", { date: moment(revoked.at) });
      }
      case "SUPERSEDED": {
        const newer = String(status.superseded_by || "");
        return say("web_js_status_superseded", { id: pageLink(newer) });
      }
      case "EXPIRED":
        return say("web_js_status_expired", { date: status.valid_until || "" });
      case "ISSUED":
        return say("web_js_status_issued");
      default:
        return status.valid_until
          ? say("web_js_status_valid_until", { date: status.valid_until })
          : say("web_js_status_valid");
    }
  }

  /** A certificate's status as a block: the word, what it means, and as of when. */
  function statusBlock(status) {
    return node(
      "div",
      { class: "qc-certificate", "data-status": status.status },
      node("p", { class: "qc-headline" }, statusWord(status.status), " ", meaning(status)),
      paragraph(
        say("web_js_certificate_line", {
          id: pageLink(status.certificate_id),
          sku: status.sku || "",
          product: status.product || "",
          verdict: status.verdict || "",
          date: day(status.issued_at),
        }),
      ),
      node(
        "p",
        { class: "qc-as-of" },
        say("web_js_status_as_of", { time: moment(status.status_as_of) }),
      ),
    );
  }

  /* ---- fetching the site's JSON ----------------------------------------------------------- */

  /** A lookup that could not be answered: the message that says why, and what else to show. */
  class Trouble extends Error {
    constructor(key, values = {}) {
      super(key);
      this.key = key;
      this.values = values;
      this.more = [];
    }

    /** The same trouble, shown with `nodes` after its message (the fingerprint already made). */
    beside(...nodes) {
      this.more.push(...nodes);
      return this;
    }
  }

  /**
   * The JSON at `path` under the site's root, or null when the site has no such file. A missing
   * object answers 404, or 403 on object stores that hide which names exist.
   */
  async function lookUp(path) {
    let response;
    try {
      response = await fetch(root + path, { cache: "no-cache" });
    } catch {
      throw new Trouble("web_js_needs_web_address");
    }
    if (response.status === 404 || response.status === 403) return null;
    if (!response.ok) throw new Trouble("web_js_site_answered", { code: response.status });
    try {
      return await response.json();
    } catch {
      throw new Trouble("web_js_bad_answer");
    }
  }

  /** Put `children` in a result element, marked with its outcome (and status) for readers. */
  function show(target, outcome, status, ...children) {
    target.replaceChildren(...children);
    target.removeAttribute("aria-busy");
    if (outcome) target.dataset.outcome = outcome;
    else delete target.dataset.outcome;
    if (status) target.dataset.status = status;
    else delete target.dataset.status;
  }

  const fromFile = location.protocol === "file:";

  /* ---- the search -------------------------------------------------------------------------- */

  const normalise = (text) => text.normalize("NFKC").trim().toUpperCase();

  /**
   * Run `work` (which resolves to [outcome, status, ...children]) for a result element, showing
   * `waiting` meanwhile; only the newest piece of work started for the element fills it.
   */
  function answerIn(target) {
    let latest = 0;
    return async (waiting, work, ...kept) => {
      const mine = ++latest;
      target.setAttribute("aria-busy", "true");
      target.replaceChildren(paragraph(waiting));
      let answer;
      try {
        answer = await work();
      } catch (error) {
        const trouble = error instanceof Trouble ? error : new Trouble("web_js_bad_answer");
        answer = ["error", null, paragraph(say(trouble.key, trouble.values)), ...trouble.more];
      }
      if (mine === latest) show(target, ...answer, ...kept);
    };
  }

  function setUpSearch() {
    const form = document.getElementById("qc-search");
    const input = document.getElementById("qc-search-input");
    const result = document.getElementById("qc-search-result");
    if (!form || !input || !result) return;
    const answer = answerIn(result);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const term = normalise(input.value);
      if (term) answer(say("web_js_searching", { term }), () => search(term));
      else show(result, null, null, paragraph(say("web_js_search_empty")));
    });
    if (fromFile) show(result, "error", null, paragraph(say("web_js_needs_web_address")));
  }

  /** What the site has for `term`, an id or else a SKU. */
  async function search(term) {
    if (ID.test(term)) {
      const status = await lookUp(`c/${term}/status.json`);
      if (status === null) {
        return ["not-found", null, paragraph(say("web_js_search_no_id", { id: term }))];
      }
      if (!isStatus(status)) throw new Trouble("web_js_bad_answer");
      return ["found", status.status, statusBlock(status)];
    }
    const found = await lookUp(`s/${sha256(term)}.json`);
    if (found === null) {
      return ["not-found", null, paragraph(say("web_js_search_no_sku", { sku: term }))];
    }
    const certificates = found && found.format === "qa-check-sku@1" ? found.certificates : null;
    const listed = Array.isArray(certificates) && certificates.length > 0;
    if (!listed || !certificates.every(isStatus)) {
      throw new Trouble("web_js_bad_answer");
    }
    const items = certificates.map((status) => node("li", null, statusBlock(status)));
    return [
      "found",
      certificates[0].status,
      paragraph(say("web_js_search_sku", { sku: found.sku || term, count: certificates.length })),
      node("ol", { class: "qc-list" }, ...items),
    ];
  }

  /* ---- the drop zone ----------------------------------------------------------------------- */

  /** Whether exactly this file was published: its fingerprint looked up under h/. */
  async function checkFile(file) {
    let hex;
    try {
      hex = await fileSha256(file);
    } catch {
      throw new Trouble("web_js_drop_unreadable", { name: file.name });
    }
    const sha256 = node("code", { class: "qc-sha256" }, hex);
    const print = paragraph(say("web_js_drop_fingerprint", { name: file.name, sha256 }));
    const found = await lookUp(`h/${hex}.json`).catch((error) => {
      throw (error instanceof Trouble ? error : new Trouble("web_js_bad_answer")).beside(print);
    });
    if (found === null) {
      return ["not-issued", null, paragraph(say("web_js_drop_not_issued")), print];
    }
    const genuine = found && found.format === "qa-check-file@1" && found.sha256 === hex;
    if (!genuine || !isStatus(found.certificate)) {
      throw new Trouble("web_js_bad_answer").beside(print);
    }
    const status = found.certificate;
    const id = status.certificate_id;
    const issued = status.issuer
      ? say("web_js_drop_issued", { issuer: status.issuer, id })
      : say("web_js_drop_issued_no_issuer", { id });
    return ["issued", status.status, paragraph(issued), statusBlock(status), print];
  }

  function setUpDrop() {
    const zone = document.getElementById("qc-drop-zone");
    const input = document.getElementById("qc-drop-input");
    const result = document.getElementById("qc-drop-result");
    if (!zone || !result) return;
    const answer = answerIn(result);
    const check = (files) => {
      if (files.length === 0) return;
      const [file] = files;
      const others = files.length > 1
        ? [paragraph(say("web_js_drop_first_only", { count: files.length, name: file.name }))]
        : [];
      answer(say("web_js_drop_reading", { name: file.name }), () => checkFile(file), ...others);
    };

    zone.tabIndex = 0;
    zone.setAttribute("role", "button");
    if (input) {
      zone.setAttribute("aria-controls", input.id);
      input.addEventListener("change", () => {
        check(Array.from(input.files || []));
        input.value = ""; // the same file chosen again is checked again
      });
      zone.addEventListener("click", () => input.click());
      zone.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          input.click();
        }
      });
    }
    // A file dropped anywhere on the page is checked, rather than opened by the browser in
    // place of the page; the zone shows where to aim.
    const carriesFiles = (event) =>
      Boolean(event.dataTransfer) && Array.from(event.dataTransfer.types || []).includes("Files");
    document.addEventListener("dragover", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      zone.classList.toggle("qc-over", zone.contains(event.target));
    });
    document.addEventListener("dragleave", (event) => {
      if (event.target === zone) zone.classList.remove("qc-over");
    });
    document.addEventListener("drop", (event) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      zone.classList.remove("qc-over");
      check(Array.from(event.dataTransfer.files));
    });
    if (fromFile) show(result, "error", null, paragraph(say("web_js_needs_web_address")));
  }

  setUpSearch();
  setUpDrop();

  /** For a reader's console (and the browser tests): the page's own SHA-256. */
  globalThis.qaCheck = Object.freeze({ sha256 });
})();
