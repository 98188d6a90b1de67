/*!
 * Lotse chat widget – one self-contained file, no dependencies, no build step.
 *
 * EMBEDDING
 *   <script src="https://bot.example.org/webhooks/lotse/lotse-widget.js"
 *           data-lotse-url="https://bot.example.org" defer></script>
 *
 *   Attributes (read once from the <script> element when it is loaded):
 *     data-lotse-url       Base URL of the Lotse (Rasa) server, e.g. "http://localhost:5005".
 *                          Empty or missing: the page's own origin (location.origin).
 *     data-lotse-language  Start language of the widget's own texts: any language the server lists.
 *                          Missing: the browser language (navigator.language) if supported, else "de".
 *     data-lotse-title     Title of the chat panel (default "Lotse").
 *     data-lotse-color     Primary colour (any CSS colour; default #1f4e8c). Use a colour that has
 *                          at least 4.5:1 contrast with white text.
 *     data-lotse-open      "true": open the panel when the page loads.
 *
 *   Optional JavaScript API: window.LotseWidget.open() / window.LotseWidget.close().
 *
 * LANGUAGES AND TEXTS come from the server, written into this file when it is served from
 *   {url}/webhooks/lotse/lotse-widget.js (bot/registry.yml and the catalogs' widget_* keys, see
 *   bot/web/channel.py; the same JSON is at {url}/webhooks/lotse/config). A copy served from
 *   elsewhere only knows enough German to report errors.
 *
 * SERVER PROTOCOL
 *   POST {url}/webhooks/lotse/webhook
 *     Content-Type: application/json
 *     {"sender": "lotse-<20 hex>", "message": "<text or /intent{json}>",
 *      "metadata": {"language": "<page or browser language, e.g. de-DE>"}}
 *   200 -> JSON array of messages, each one of
 *     {"text": "...", "buttons": [{"title": "...", "payload": "/affirm"}]}   buttons optional
 *     {"custom": {"type": "language", "code": "ar", "dir": "rtl"}}           switch UI language
 *     {"custom": {"type": "service", "id", "name", "provider", "why",
 *                 "place": {"name", "address", "lat", "lon"},
 *                 "contact": {"phone", "email", "website", "note"},
 *                 "hours", "next_times": [{"date", "from", "to", "text"}],
 *                 "languages": ["de", "ar"], "distance_km", "notice"}}      service card
 *     {"custom": {"type": "summary", "parts": [{"language", "dir", "text"}]}} referral summary
 *     {"custom": {"type": "conversation_deleted"}}                          forget the conversation
 *     Within one response, a text directly followed by a service card is the card's readable
 *     twin and is not shown; a text equal to a part of a summary in the same response is not
 *     shown either.
 *   Non-200 -> optionally {"error": "<code>", "message": "<human readable text>"}.
 *   Commands sent by the widget: /choose_language{"language_choice": "<code>"},
 *   /restart_conversation, /confirm_delete (the delete button, after its second tap), and button payloads.
 *
 * PRIVACY: no cookies (credentials: "omit"), no external resources. The conversation is kept in
 * localStorage under "lotse-widget:<server url>" as {sender, language, open, transcript} until
 * the person starts over or deletes the conversation.
 *
 * SECURITY: texts from the bot or the person are only ever set with textContent. Links are only
 * made from structured card fields, and only with https:, tel: and mailto:.
 */
(function () {
  'use strict';

  // The server writes the widget's languages and UI strings (bot/registry.yml and the catalogs'
  // widget_* keys) into the next line when it serves this file; see bot/web/channel.py.
  var CONFIG = /*LOTSE_CONFIG*/null;

  // ---------------------------------------------------------------------------------------------
  // Pure helpers: no DOM, no storage, no network. Exported to Node for tests/widget/.
  var core = (function () {
    // Only for a copy of this file not served by the Lotse server (opened from disk, say): then
    // there is no language list and no texts, and this is just enough German to say what went
    // wrong. The real texts are in bot/dialogue/catalog/<code>.yml.
    var FALLBACK_CONFIG = {
      languages: [{ code: 'de', name: 'Deutsch', dir: 'ltr' }],
      strings: {
        de: {
          launcher_open: 'Chat mit Lotse öffnen', launcher_close: 'Chat mit Lotse schließen',
          close: 'Schließen', input_label: 'Ihre Nachricht', send: 'Senden', not_sent: 'Nicht gesendet',
          error_generic: 'Etwas ist schiefgelaufen. Ihre Nachricht steht noch im Eingabefeld. Bitte versuchen Sie es noch einmal.',
          error_generic_short: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es noch einmal.',
          error_network: 'Lotse ist gerade nicht erreichbar. Ihre Nachricht wurde nicht gesendet – sie steht noch im Eingabefeld. Bitte versuchen Sie es gleich noch einmal.',
          error_network_short: 'Lotse ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.',
          error_origin: 'Lotse kann auf dieser Webseite noch nicht genutzt werden. Bitte sagen Sie es den Betreibern der Webseite.',
          error_too_long: 'Ihre Nachricht ist zu lang ({n} Zeichen). Erlaubt sind höchstens {max} Zeichen. Bitte kürzen Sie sie.'
        }
      }
    };

    function isObject(value) {
      return !!value && typeof value === 'object' && !Array.isArray(value);
    }

    // obj[key] only if obj itself has it (never "constructor" or "__proto__" from the prototype).
    function own(obj, key) {
      return isObject(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
    }

    function str(value) {
      return typeof value === 'string' ? value.trim() : (typeof value === 'number' && isFinite(value) ? String(value) : '');
    }

    function primaryCode(tag) {
      return typeof tag === 'string' ? tag.trim().toLowerCase().split(/[-_]/)[0] : '';
    }

    function validLangTag(tag) {
      return typeof tag === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(tag);
    }

    // The injected config, checked: {languages: [{code, name, dir}], strings: {code: {key: text}}}.
    // Without a usable language list: FALLBACK_CONFIG.
    function readConfig(raw) {
      var languages = [];
      var strings = {};
      (isObject(raw) && Array.isArray(raw.languages) ? raw.languages : []).forEach(function (entry) {
        if (!isObject(entry) || !validLangTag(entry.code) || !str(entry.name)) { return; }
        if (languages.some(function (l) { return l.code === entry.code; })) { return; }
        languages.push({ code: entry.code, name: str(entry.name), dir: entry.dir === 'rtl' ? 'rtl' : 'ltr' });
      });
      if (!languages.length && raw !== FALLBACK_CONFIG) { return readConfig(FALLBACK_CONFIG); }
      languages.forEach(function (language) {
        var table = own(raw.strings, language.code);
        var clean = {};
        Object.keys(isObject(table) ? table : {}).forEach(function (key) {
          if (typeof table[key] === 'string') { clean[key] = table[key]; }
        });
        strings[language.code] = clean;
      });
      return { languages: languages, strings: strings };
    }

    function languageOf(config, code) {
      for (var i = 0; i < config.languages.length; i++) {
        if (config.languages[i].code === code) { return config.languages[i]; }
      }
      return null;
    }

    function supported(config, code) {
      return typeof code === 'string' && languageOf(config, code) !== null;
    }

    // Text direction of a language; ltr for one the server does not list (e.g. from an old saved state).
    function dirOf(config, code) {
      var language = languageOf(config, primaryCode(code));
      return language ? language.dir : 'ltr';
    }

    // A language's name in its own script; '' for one the server does not list.
    function languageName(config, code) {
      var language = languageOf(config, code);
      return language ? language.name : '';
    }

    // The widget's start language: the saved one, else data-lotse-language, else the first
    // supported browser language, else German.
    function startLanguage(config, savedLanguage, attrLanguage, browserLanguages) {
      if (validLangTag(savedLanguage)) { return savedLanguage; }
      var fromAttr = primaryCode(attrLanguage);
      if (supported(config, fromAttr)) { return fromAttr; }
      var langs = Array.isArray(browserLanguages) ? browserLanguages : [];
      for (var i = 0; i < langs.length; i++) {
        if (supported(config, primaryCode(langs[i]))) { return primaryCode(langs[i]); }
      }
      return 'de';
    }

    // "{name}" -> values.name, for every name in values.
    function fill(text, values) {
      if (values) {
        Object.keys(values).forEach(function (name) { text = text.split('{' + name + '}').join(String(values[name])); });
      }
      return text;
    }

    // A UI string in the language, else English (read by more people who are not served in their
    // language), else German, else the key itself.
    function translate(config, language, key, values) {
      var text = own(own(config.strings, primaryCode(language)), key) || own(own(config.strings, 'en'), key) ||
        own(own(config.strings, 'de'), key) || key;
      return fill(text, values);
    }

    // A stored state (parsed JSON) the widget can use, or null.
    function validState(data) {
      if (!isObject(data)) { return null; }
      if (typeof data.sender !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(data.sender)) { return null; }
      return {
        sender: data.sender,
        language: typeof data.language === 'string' ? data.language : '',
        dir: data.dir === 'rtl' || data.dir === 'ltr' ? data.dir : '',
        open: data.open === true,
        transcript: Array.isArray(data.transcript) ? data.transcript.filter(function (item) {
          return item && typeof item === 'object' && typeof item.kind === 'string';
        }) : []
      };
    }

    function safeUrl(href, protocols) {
      try {
        var url = new URL(href);
        return protocols.indexOf(url.protocol) !== -1 ? url.href : null;
      } catch (e) {
        return null;
      }
    }

    function telHref(phone) {
      var raw = str(phone);
      if (!raw) { return null; }
      var digits = raw.replace(/\D/g, '');
      if (digits.length < 3 || digits.length > 20) { return null; }
      var plus = /^\s*\+/.test(raw) ? '+' : '';
      return safeUrl('tel:' + plus + digits, ['tel:']);
    }

    function mailHref(email) {
      var raw = str(email);
      if (!/^[A-Za-z0-9.!#$%&'*+\/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(raw)) {
        return null;
      }
      return safeUrl('mailto:' + raw, ['mailto:']);
    }

    function webHref(website) {
      var raw = str(website);
      if (raw.slice(0, 8).toLowerCase() !== 'https://') { return null; }
      return safeUrl(raw, ['https:']);
    }

    function osmHref(lat, lon) {
      if (typeof lat !== 'number' || typeof lon !== 'number' || !isFinite(lat) || !isFinite(lon) ||
          Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        return null;
      }
      return safeUrl('https://www.openstreetmap.org/?mlat=' + lat + '&mlon=' + lon + '#map=17/' + lat + '/' + lon, ['https:']);
    }

    function summaryParts(item) {
      return (Array.isArray(item.parts) ? item.parts : []).filter(function (p) {
        return p && typeof p === 'object' && str(p.text);
      });
    }

    // Turns one server response into transcript items (applying the dedupe rules).
    function itemsFromResponse(messages) {
      var items = [];
      if (!Array.isArray(messages)) { return items; }
      var summaryTexts = Object.create(null);
      messages.forEach(function (m) {
        if (m && m.custom && m.custom.type === 'summary' && Array.isArray(m.custom.parts)) {
          m.custom.parts.forEach(function (p) { if (p && str(p.text)) { summaryTexts[str(p.text)] = true; } });
        }
      });
      messages.forEach(function (m, index) {
        if (!m || typeof m !== 'object') { return; }
        var custom = m.custom && typeof m.custom === 'object' ? m.custom : null;
        if (custom) {
          if (custom.type === 'language') {
            items.push({ kind: 'language', code: custom.code, dir: custom.dir });
          } else if (custom.type === 'service') {
            items.push({ kind: 'card', service: custom });
          } else if (custom.type === 'conversation_deleted') {
            items.push({ kind: 'deleted' });
          } else if (custom.type === 'summary') {
            items.push({ kind: 'summary', parts: summaryParts(custom).map(function (p) {
              return { language: str(p.language), dir: str(p.dir), text: str(p.text) };
            }) });
          }
        }
        var text = typeof m.text === 'string' ? m.text : '';
        var buttons = Array.isArray(m.buttons) ? m.buttons.filter(function (b) { return b && (str(b.title) || str(b.payload)); })
          .map(function (b) { return { title: str(b.title) || str(b.payload), payload: typeof b.payload === 'string' ? b.payload : str(b.title) }; }) : [];
        if (!text && !buttons.length) { return; }
        var next = messages[index + 1];
        var isTwin = next && next.custom && next.custom.type === 'service';
        if (isTwin || summaryTexts[text.trim()]) { text = ''; }
        if (!str(text) && !buttons.length) { return; }
        items.push({ kind: 'bot', text: text, buttons: buttons.length ? buttons : undefined });
      });
      return items;
    }

    // The server deleted the conversation (the widget's confirmed button, or a typed request the
    // person confirmed): the widget forgets its copy and the conversation id too.
    function isDeletion(items) {
      return Array.isArray(items) && items.some(function (item) { return !!item && item.kind === 'deleted'; });
    }

    return {
      str: str, primaryCode: primaryCode, validLangTag: validLangTag,
      readConfig: readConfig, supported: supported, dirOf: dirOf, languageName: languageName,
      startLanguage: startLanguage, fill: fill, translate: translate, validState: validState,
      safeUrl: safeUrl, telHref: telHref, mailHref: mailHref, webHref: webHref, osmHref: osmHref,
      summaryParts: summaryParts, itemsFromResponse: itemsFromResponse, isDeletion: isDeletion
    };
  })();

  // ---------------------------------------------------------------------------------------------
  // The widget itself: browser only (under Node, e.g. in the tests, there is no document).
  function startWidget() {
    if (typeof document === 'undefined' || document.getElementById('lotse-launcher')) {
      return;
    }

    // -------------------------------------------------------------------------------------------
    // Configuration from the <script> element (captured now, while it is the current script).
    var script = document.currentScript ||
      document.querySelector('script[data-lotse-url]') ||
      document.querySelector('script[src*="lotse-widget"]');

    function attr(name) {
      var value = script ? script.getAttribute(name) : null;
      return value === null ? '' : String(value).trim();
    }

    var SERVER_URL = (attr('data-lotse-url') || location.origin).replace(/\/+$/, '');
    var ENDPOINT = SERVER_URL + '/webhooks/lotse/webhook';
    var STORAGE_KEY = 'lotse-widget:' + SERVER_URL;
    var TITLE = attr('data-lotse-title') || 'Lotse';
    var DEFAULT_COLOR = '#1f4e8c';
    var COLOR = attr('data-lotse-color');
    if (!COLOR || !(window.CSS && CSS.supports && CSS.supports('color', COLOR))) {
      COLOR = DEFAULT_COLOR;
    }
    var START_OPEN = attr('data-lotse-open').toLowerCase() === 'true';
    var MAX_CHARS = 1000;
    var MAX_TRANSCRIPT = 300;
    var REQUEST_TIMEOUT_MS = 60000;

    // -------------------------------------------------------------------------------------------
    // Languages and UI strings: the server's (see CONFIG), or the German fallback.
    var config = core.readConfig(CONFIG);
    var str = core.str, primaryCode = core.primaryCode, validLangTag = core.validLangTag;
    var telHref = core.telHref, mailHref = core.mailHref, webHref = core.webHref, osmHref = core.osmHref;
    var summaryParts = core.summaryParts, itemsFromResponse = core.itemsFromResponse, isDeletion = core.isDeletion;

    function supported(code) { return core.supported(config, code); }
    function dirOf(code) { return core.dirOf(config, code); }
    function languageName(code) { return core.languageName(config, code); }

    // -------------------------------------------------------------------------------------------
    // State and persistence.
    function newSender() {
      var bytes = new Uint8Array(10);
      if (window.crypto && crypto.getRandomValues) {
        crypto.getRandomValues(bytes);
      } else {
        for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
      }
      var hex = '';
      for (var j = 0; j < bytes.length; j++) { hex += (bytes[j] < 16 ? '0' : '') + bytes[j].toString(16); }
      return 'lotse-' + hex;
    }

    var storage = null;
    try {
      storage = window.localStorage;
      var probe = STORAGE_KEY + ':probe';
      storage.setItem(probe, '1');
      storage.removeItem(probe);
    } catch (e) {
      storage = null;
    }

    function loadState() {
      if (!storage) { return null; }
      try {
        var raw = storage.getItem(STORAGE_KEY);
        if (!raw) { return null; }
        return core.validState(JSON.parse(raw));
      } catch (e) {
        return null;
      }
    }

    var saved = loadState();
    var startLanguage = core.startLanguage(config, saved && saved.language, attr('data-lotse-language'),
      (navigator.languages && navigator.languages.length) ? navigator.languages : [navigator.language]);

    var state = {
      sender: saved ? saved.sender : newSender(),
      language: startLanguage,
      dir: (saved && saved.dir) || dirOf(startLanguage),
      open: saved ? saved.open : START_OPEN,
      transcript: saved ? saved.transcript : []
    };
    if (START_OPEN) { state.open = true; }
    var busy = false;

    function saveState() {
      if (!storage) { return; }
      if (state.transcript.length > MAX_TRANSCRIPT) {
        state.transcript = state.transcript.slice(state.transcript.length - MAX_TRANSCRIPT);
      }
      var data = { sender: state.sender, language: state.language, dir: state.dir, open: state.open, transcript: state.transcript };
      for (var attempt = 0; attempt < 3; attempt++) {
        try {
          storage.setItem(STORAGE_KEY, JSON.stringify(data));
          return;
        } catch (e) {
          // Quota exceeded: keep only the newer half of the conversation and try again.
          data.transcript = data.transcript.slice(Math.floor(data.transcript.length / 2));
        }
      }
    }

    function clearStorage() {
      if (!storage) { return; }
      try { storage.removeItem(STORAGE_KEY); } catch (e) { /* ignore */ }
    }

    function t(key, values) {
      return core.translate(config, state.language, key, values);
    }

    function pageLanguage() {
      return (document.documentElement && document.documentElement.lang) || navigator.language || '';
    }

    // -------------------------------------------------------------------------------------------
    // CSS (static; the colour is passed through a custom property, never through the CSS text).
    var CSS_TEXT = [
      '#lotse-launcher,#lotse-panel{--lotse-primary:' + DEFAULT_COLOR + ';--lotse-text:#1a1d21;--lotse-muted:#4a5361;--lotse-border:#d3d9e0;--lotse-focus:#0b0c0c;',
      'font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"Noto Sans Arabic",Tahoma,sans-serif;',
      'font-size:1rem;line-height:1.45;letter-spacing:normal;text-transform:none;}',
      '#lotse-panel *,#lotse-panel *::before,#lotse-panel *::after,#lotse-launcher *{box-sizing:border-box;}',
      '#lotse-launcher{position:fixed;bottom:1.25rem;right:1.25rem;z-index:2147483000;width:3.75rem;height:3.75rem;margin:0;padding:0;',
      'border:0;border-radius:50%;background:var(--lotse-primary);color:#fff;cursor:pointer;display:flex;align-items:center;justify-content:center;',
      'box-shadow:0 0.25rem 0.875rem rgba(0,0,0,0.28);transition:transform .15s ease;}',
      '#lotse-launcher:hover{transform:scale(1.05);}',
      '#lotse-launcher svg{width:1.75rem;height:1.75rem;display:block;fill:none;stroke:currentColor;stroke-width:2;stroke-linecap:round;stroke-linejoin:round;}',
      '#lotse-launcher:focus{outline:none;}',
      '#lotse-launcher:focus-visible{outline:3px solid var(--lotse-focus);outline-offset:3px;box-shadow:0 0 0 3px #fff,0 0.25rem 0.875rem rgba(0,0,0,0.28);}',
      '#lotse-panel{position:fixed;bottom:5.75rem;right:1.25rem;z-index:2147483001;width:25rem;max-width:calc(100vw - 2.5rem);',
      'height:42rem;max-height:calc(100vh - 7.5rem);display:flex;flex-direction:column;margin:0;padding:0;overflow:hidden;',
      'background:#fff;color:var(--lotse-text);border:1px solid rgba(0,0,0,0.12);border-radius:0.875rem;box-shadow:0 0.75rem 2.5rem rgba(0,0,0,0.28);text-align:start;}',
      '#lotse-panel[hidden]{display:none !important;}',
      '#lotse-panel button,#lotse-panel select,#lotse-panel textarea{font-family:inherit;font-size:inherit;line-height:1.3;margin:0;text-transform:none;letter-spacing:normal;}',
      '#lotse-panel button{cursor:pointer;}',
      '#lotse-panel a{color:var(--lotse-primary);text-decoration:underline;text-underline-offset:0.15em;}',
      '#lotse-panel a:hover{text-decoration-thickness:2px;}',
      '#lotse-panel :focus{outline:none;}',
      '#lotse-panel :focus-visible{outline:3px solid var(--lotse-focus);outline-offset:2px;box-shadow:0 0 0 5px #fff;}',
      '#lotse-panel .lotse-header :focus-visible{outline-color:#fff;box-shadow:0 0 0 5px var(--lotse-focus);}',
      '#lotse-panel .lotse-sr{position:absolute !important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0;}',
      // header
      '#lotse-panel .lotse-header{flex:none;background:var(--lotse-primary);color:#fff;padding:0.75rem 0.75rem 0.75rem 1rem;}',
      '#lotse-panel .lotse-header-top{display:flex;align-items:center;gap:0.5rem;}',
      '#lotse-panel .lotse-title{flex:1 1 auto;margin:0;padding:0;font-size:1.1875rem;font-weight:700;line-height:1.25;color:#fff;border:0;background:none;}',
      '#lotse-panel .lotse-iconbtn{flex:none;display:inline-flex;align-items:center;justify-content:center;width:2.5rem;height:2.5rem;padding:0;border:0;border-radius:0.5rem;background:transparent;color:#fff;}',
      '#lotse-panel .lotse-iconbtn:hover{background:rgba(255,255,255,0.16);}',
      '#lotse-panel .lotse-iconbtn svg{width:1.375rem;height:1.375rem;fill:none;stroke:currentColor;stroke-width:2.25;stroke-linecap:round;}',
      '#lotse-panel .lotse-toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem;margin-top:0.375rem;}',
      '#lotse-panel .lotse-select{flex:0 1 auto;min-width:0;min-height:2.25rem;padding:0.25rem 0.5rem;border:1px solid #fff;border-radius:0.375rem;background:#fff;color:var(--lotse-text);font-size:0.9375rem;max-width:100%;}',
      '#lotse-panel .lotse-hbtn{min-height:2.25rem;padding:0.25rem 0.75rem;border:1px solid rgba(255,255,255,0.85);border-radius:0.375rem;background:transparent;color:#fff;font-size:0.875rem;}',
      '#lotse-panel .lotse-hbtn:hover{background:rgba(255,255,255,0.16);}',
      '#lotse-panel .lotse-hbtn.lotse-armed{background:#fff;color:#8a1c1c;font-weight:700;border-color:#fff;}',
      // log
      '#lotse-panel #lotse-log{flex:1 1 auto;min-height:0;overflow-y:auto;overscroll-behavior:contain;position:relative;display:flex;flex-direction:column;gap:0.625rem;padding:1rem;background:#f4f6f8;}',
      '#lotse-panel .lotse-msg{max-width:86%;margin:0;padding:0.625rem 0.875rem;border-radius:1rem;white-space:pre-line;overflow-wrap:anywhere;word-break:normal;font-size:1rem;}',
      '#lotse-panel .lotse-msg-bot,#lotse-panel .lotse-welcome{align-self:flex-start;background:#fff;color:var(--lotse-text);border:1px solid var(--lotse-border);border-end-start-radius:0.25rem;}',
      '#lotse-panel .lotse-welcome{max-width:92%;margin:0;padding:0.625rem 0.875rem;border-radius:1rem;border-end-start-radius:0.25rem;}',
      '#lotse-panel .lotse-msg-user{align-self:flex-end;background:var(--lotse-primary);color:#fff;border:1px solid transparent;border-end-end-radius:0.25rem;}',
      '#lotse-panel .lotse-msg-failed{background:#fff;color:var(--lotse-text);border:1px dashed #a3261b;}',
      '#lotse-panel .lotse-notsent{display:block;margin-top:0.25rem;font-size:0.8125rem;font-weight:600;color:#a3261b;white-space:normal;}',
      '#lotse-panel .lotse-quick-replies{align-self:flex-start;display:flex;flex-wrap:wrap;gap:0.5rem;max-width:100%;margin:0;}',
      '#lotse-panel .lotse-quick{min-height:2.5rem;padding:0.375rem 0.875rem;border:2px solid var(--lotse-primary);border-radius:1.25rem;background:#fff;color:var(--lotse-primary);font-size:0.9375rem;font-weight:600;text-align:start;}',
      '#lotse-panel .lotse-quick:hover:not(:disabled){background:var(--lotse-primary);color:#fff;}',
      '#lotse-panel .lotse-quick:disabled{cursor:default;opacity:0.55;}',
      // cards
      '#lotse-panel .lotse-card{align-self:stretch;margin:0;padding:0.875rem 1rem;background:#fff;color:var(--lotse-text);border:1px solid var(--lotse-border);border-inline-start:0.3125rem solid var(--lotse-primary);border-radius:0.625rem;box-shadow:0 1px 2px rgba(0,0,0,0.06);}',
      '#lotse-panel .lotse-card-name{margin:0;padding:0;font-size:1.0625rem;font-weight:700;line-height:1.3;color:var(--lotse-text);}',
      '#lotse-panel .lotse-card-provider{margin:0.125rem 0 0;font-size:0.875rem;color:var(--lotse-muted);}',
      '#lotse-panel .lotse-card-why{margin:0.5rem 0 0;white-space:pre-line;}',
      '#lotse-panel .lotse-card-notice{margin:0.625rem 0 0;padding:0.5rem 0.75rem;background:#fff6d6;color:#3d2f00;border:1px solid #e2c052;border-inline-start-width:0.25rem;border-radius:0.375rem;font-size:0.9375rem;white-space:pre-line;}',
      '#lotse-panel .lotse-card-notice::before{content:"\\26A0\\FE0E\\00A0";font-weight:700;}',
      '#lotse-panel .lotse-card-details{margin:0.625rem 0 0;padding:0.625rem 0 0;border-top:1px solid #e4e8ed;display:grid;grid-template-columns:1fr;gap:0.5rem;}',
      '#lotse-panel .lotse-card-row{margin:0;padding:0;min-width:0;}',
      '#lotse-panel .lotse-card-label{display:block;margin:0;font-size:0.8125rem;font-weight:700;color:var(--lotse-muted);}',
      '#lotse-panel .lotse-card-value{display:block;margin:0;font-size:0.9375rem;overflow-wrap:anywhere;white-space:pre-line;}',
      '#lotse-panel .lotse-card-value a{white-space:pre-line;}',
      '#lotse-panel[dir="rtl"] .lotse-card [dir="auto"]{text-align:right;}',
      '#lotse-panel[dir="ltr"] .lotse-card [dir="auto"]{text-align:left;}',
      '#lotse-panel .lotse-card-km{color:var(--lotse-muted);font-size:0.875rem;}',
      '#lotse-panel ul.lotse-card-list{list-style:none;margin:0;padding:0;}',
      '#lotse-panel ul.lotse-card-list li{margin:0;padding:0;padding-inline-start:0.9em;text-indent:-0.9em;}',
      '#lotse-panel ul.lotse-card-list li::before{content:"\\2022\\00A0";color:var(--lotse-muted);}',
      // summary
      '#lotse-panel .lotse-summary{align-self:stretch;margin:0;padding:0.875rem 1rem;background:#fff;color:var(--lotse-text);border:2px solid var(--lotse-primary);border-radius:0.625rem;}',
      '#lotse-panel .lotse-summary-title{margin:0 0 0.5rem;padding:0;font-size:1.0625rem;font-weight:700;color:var(--lotse-text);}',
      '#lotse-panel .lotse-summary-part{margin:0;padding:0.5rem 0;white-space:pre-line;overflow-wrap:anywhere;}',
      '#lotse-panel .lotse-summary-part + .lotse-summary-part{border-top:1px solid #e4e8ed;}',
      '#lotse-panel .lotse-summary-actions{display:flex;flex-wrap:wrap;gap:0.5rem;margin-top:0.625rem;}',
      '#lotse-panel .lotse-copy,#lotse-panel .lotse-print{min-height:2.5rem;padding:0.375rem 1rem;border:2px solid var(--lotse-primary);border-radius:0.5rem;background:#fff;color:var(--lotse-primary);font-weight:600;font-size:0.9375rem;}',
      '#lotse-panel .lotse-copy:hover,#lotse-panel .lotse-print:hover{background:var(--lotse-primary);color:#fff;}',
      // typing
      '#lotse-panel .lotse-typing{align-self:flex-start;display:inline-flex;align-items:center;gap:0.3rem;padding:0.75rem 1rem;background:#fff;border:1px solid var(--lotse-border);border-radius:1rem;border-end-start-radius:0.25rem;}',
      '#lotse-panel .lotse-dot{width:0.5rem;height:0.5rem;border-radius:50%;background:var(--lotse-muted);animation:lotse-bounce 1.2s infinite ease-in-out;}',
      '#lotse-panel .lotse-dot:nth-child(2){animation-delay:0.15s;}',
      '#lotse-panel .lotse-dot:nth-child(3){animation-delay:0.3s;}',
      '@keyframes lotse-bounce{0%,60%,100%{transform:translateY(0);opacity:0.5;}30%{transform:translateY(-0.3rem);opacity:1;}}',
      // footer
      '#lotse-panel .lotse-footer{flex:none;padding:0.75rem;background:#fff;border-top:1px solid var(--lotse-border);}',
      '#lotse-panel .lotse-error{margin:0 0 0.5rem;padding:0.5rem 0.75rem;background:#fdecea;color:#8a1c12;border:1px solid #f1b8b1;border-inline-start-width:0.25rem;border-radius:0.375rem;font-size:0.9375rem;white-space:pre-line;}',
      '#lotse-panel .lotse-error[hidden]{display:none;}',
      '#lotse-panel .lotse-form{display:flex;align-items:flex-end;gap:0.5rem;margin:0;}',
      '#lotse-panel #lotse-input{flex:1 1 auto;min-width:0;min-height:2.75rem;max-height:8rem;padding:0.5625rem 0.75rem;border:1px solid #6b7280;border-radius:0.5rem;background:#fff;color:var(--lotse-text);font-size:1rem;line-height:1.4;resize:none;overflow-y:auto;}',
      '#lotse-panel #lotse-input::placeholder{color:#5c6470;opacity:1;}',
      '#lotse-panel #lotse-send{flex:none;min-height:2.75rem;padding:0 1rem;border:0;border-radius:0.5rem;background:var(--lotse-primary);color:#fff;font-weight:700;font-size:1rem;}',
      '#lotse-panel #lotse-send:disabled{opacity:0.55;cursor:not-allowed;}',
      '#lotse-panel .lotse-counter{margin:0.25rem 0 0;font-size:0.8125rem;color:var(--lotse-muted);text-align:end;}',
      '#lotse-panel .lotse-counter.lotse-over{color:#a3261b;font-weight:700;}',
      // small screens: full screen panel
      '@media (max-width:599.98px){',
      '#lotse-panel{top:0;left:0;right:0;bottom:0;width:100vw;max-width:100vw;height:100vh;height:100dvh;max-height:none;border:0;border-radius:0;box-shadow:none;}',
      '#lotse-launcher[aria-expanded="true"]{display:none;}',
      '#lotse-panel .lotse-footer{padding-bottom:calc(0.75rem + env(safe-area-inset-bottom, 0px));}',
      '#lotse-panel .lotse-msg{max-width:90%;}',
      '}',
      '@media (prefers-reduced-motion:reduce){',
      '#lotse-panel .lotse-dot{animation:none;opacity:0.8;}',
      '#lotse-launcher{transition:none;}#lotse-launcher:hover{transform:none;}',
      '}',
      '@media (forced-colors:active){',
      '#lotse-launcher,#lotse-panel,#lotse-panel .lotse-msg,#lotse-panel .lotse-card,#lotse-panel .lotse-summary{border:1px solid CanvasText;}',
      '}'
    ].join('\n');

    // -------------------------------------------------------------------------------------------
    // DOM helpers.
    function el(tag, className, text) {
      var node = document.createElement(tag);
      if (className) { node.className = className; }
      if (text !== undefined && text !== null) { node.textContent = String(text); }
      return node;
    }

    var SVG_NS = 'http://www.w3.org/2000/svg';
    function icon(paths) {
      var svg = document.createElementNS(SVG_NS, 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      svg.setAttribute('focusable', 'false');
      paths.forEach(function (d) {
        var path = document.createElementNS(SVG_NS, 'path');
        path.setAttribute('d', d);
        svg.appendChild(path);
      });
      return svg;
    }
    var ICON_CHAT = ['M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12z', 'M8.5 12h.01', 'M12 12h.01', 'M15.5 12h.01'];
    var ICON_CLOSE = ['M6 6l12 12', 'M18 6L6 18'];

    function link(href, text, className, external) {
      var a = el('a', className, text);
      a.href = href;
      if (external) {
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        var hint = el('span', 'lotse-sr lotse-newwindow', ' ' + t('new_window'));
        a.appendChild(hint);
      }
      return a;
    }

    // -------------------------------------------------------------------------------------------
    // Build the widget.
    var style = el('style');
    style.id = 'lotse-widget-style';
    style.textContent = CSS_TEXT;
    (document.head || document.documentElement).appendChild(style);

    var launcher = el('button');
    launcher.id = 'lotse-launcher';
    launcher.type = 'button';
    launcher.setAttribute('aria-controls', 'lotse-panel');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.style.setProperty('--lotse-primary', COLOR);
    var launcherChat = icon(ICON_CHAT);
    var launcherClose = icon(ICON_CLOSE);
    launcher.appendChild(launcherChat);
    launcher.appendChild(launcherClose);

    var panel = el('div');
    panel.id = 'lotse-panel';
    panel.setAttribute('role', 'dialog');
    panel.setAttribute('aria-label', TITLE);
    panel.hidden = true;
    panel.style.setProperty('--lotse-primary', COLOR);

    var header = el('div', 'lotse-header');
    var headerTop = el('div', 'lotse-header-top');
    var title = el('h2', 'lotse-title', TITLE);
    var closeButton = el('button', 'lotse-iconbtn lotse-close');
    closeButton.type = 'button';
    closeButton.setAttribute('data-lotse-action', 'close');
    closeButton.appendChild(icon(ICON_CLOSE));

    var toolbar = el('div', 'lotse-toolbar');
    var languageLabel = el('label', 'lotse-sr');
    languageLabel.htmlFor = 'lotse-language';
    var languageSelect = el('select', 'lotse-select');
    languageSelect.id = 'lotse-language';
    config.languages.forEach(function (language) {
      var option = el('option', null, language.name);
      option.value = language.code;
      option.lang = language.code;
      option.dir = language.dir;
      languageSelect.appendChild(option);
    });
    var restartButton = el('button', 'lotse-hbtn lotse-restart');
    restartButton.type = 'button';
    restartButton.setAttribute('data-lotse-action', 'restart');
    var deleteButton = el('button', 'lotse-hbtn lotse-delete');
    deleteButton.type = 'button';
    deleteButton.setAttribute('data-lotse-action', 'delete');
    headerTop.appendChild(title);
    headerTop.appendChild(languageLabel);
    headerTop.appendChild(languageSelect);
    headerTop.appendChild(closeButton);
    toolbar.appendChild(restartButton);
    toolbar.appendChild(deleteButton);
    header.appendChild(headerTop);
    header.appendChild(toolbar);

    var log = el('div');
    log.id = 'lotse-log';
    log.setAttribute('role', 'log');
    log.setAttribute('aria-live', 'polite');
    log.setAttribute('aria-relevant', 'additions');
    log.tabIndex = 0; // scrollable region reachable by keyboard

    var footer = el('div', 'lotse-footer');
    var errorBox = el('div', 'lotse-error');
    errorBox.setAttribute('role', 'alert');
    errorBox.hidden = true;
    var form = el('form', 'lotse-form');
    form.noValidate = true;
    var inputLabel = el('label', 'lotse-sr');
    inputLabel.htmlFor = 'lotse-input';
    var input = el('textarea');
    input.id = 'lotse-input';
    input.rows = 1;
    input.setAttribute('autocomplete', 'off');
    input.setAttribute('dir', 'auto');
    var sendButton = el('button');
    sendButton.id = 'lotse-send';
    sendButton.type = 'submit';
    var counter = el('p', 'lotse-counter');
    counter.id = 'lotse-counter';
    counter.hidden = true;
    input.setAttribute('aria-describedby', 'lotse-counter');
    form.appendChild(inputLabel);
    form.appendChild(input);
    form.appendChild(sendButton);
    footer.appendChild(errorBox);
    footer.appendChild(form);
    footer.appendChild(counter);

    panel.appendChild(header);
    panel.appendChild(log);
    panel.appendChild(footer);

    // -------------------------------------------------------------------------------------------
    // Language.
    var welcome = null;

    function applyStrings() {
      var code = primaryCode(state.language);
      panel.setAttribute('lang', state.language);
      panel.setAttribute('dir', state.dir);
      if (supported(code)) { languageSelect.value = code; }
      launcher.setAttribute('aria-label', t(state.open ? 'launcher_close' : 'launcher_open'));
      launcher.title = t(state.open ? 'launcher_close' : 'launcher_open');
      closeButton.setAttribute('aria-label', t('close'));
      closeButton.title = t('close');
      languageLabel.textContent = t('language');
      languageSelect.title = t('language');
      restartButton.textContent = t('restart');
      deleteButton.textContent = t('delete');
      inputLabel.textContent = t('input_label');
      input.placeholder = t('placeholder');
      sendButton.textContent = t('send');
      if (welcome) { welcome.textContent = t('welcome'); }
      var typing = log.querySelector('.lotse-typing .lotse-sr');
      if (typing) { typing.textContent = t('typing'); }
      updateCounter();
    }

    function setLanguage(code, dir) {
      if (!validLangTag(code)) { return; }
      state.language = supported(primaryCode(code)) ? primaryCode(code) : code;
      state.dir = dir === 'rtl' || dir === 'ltr' ? dir : dirOf(code);
      applyStrings();
    }

    // -------------------------------------------------------------------------------------------
    // Rendering of transcript items (data -> DOM). Each function returns the first node it added.
    function scrollToNode(node) {
      if (!node) { return; }
      var top = node.offsetTop - 8;
      // Show the start of a long answer rather than jumping past it.
      log.scrollTop = Math.max(0, Math.min(top, log.scrollHeight));
    }

    function scrollToBottom() {
      log.scrollTop = log.scrollHeight;
    }

    function renderUser(item) {
      var node = el('div', 'lotse-msg lotse-msg-user', item.text);
      node.setAttribute('dir', 'auto');
      log.appendChild(node);
      return node;
    }

    function renderBot(item) {
      var first = null;
      if (str(item.text)) {
        first = el('div', 'lotse-msg lotse-msg-bot', item.text);
        first.setAttribute('dir', 'auto');
        log.appendChild(first);
      }
      if (Array.isArray(item.buttons) && item.buttons.length) {
        var group = el('div', 'lotse-quick-replies');
        group.setAttribute('role', 'group');
        item.buttons.forEach(function (b) {
          var label = str(b && b.title) || str(b && b.payload);
          if (!label) { return; }
          var payload = typeof (b && b.payload) === 'string' && b.payload ? b.payload : label;
          var button = el('button', 'lotse-quick', label);
          button.type = 'button';
          button.setAttribute('dir', 'auto');
          button.addEventListener('click', function () {
            if (busy) { return; }
            sendMessage(payload, { display: label, fromButtons: { group: group, item: item } });
          });
          group.appendChild(button);
        });
        if (group.childNodes.length) {
          log.appendChild(group);
          first = first || group;
        }
      }
      return first;
    }

    // One labelled detail: <div.lotse-card-row><dt>label</dt><dd.lotse-card-value.{className}>value</dd></div>.
    function detailRow(list, label, valueNode, className) {
      var row = el('div', 'lotse-card-row');
      var dt = el('dt', 'lotse-card-label', label);
      var dd = el('dd', 'lotse-card-value ' + className);
      dd.appendChild(valueNode);
      row.appendChild(dt);
      row.appendChild(dd);
      list.appendChild(row);
      return dd;
    }

    function formatDistance(km) {
      if (typeof km !== 'number' || !isFinite(km) || km < 1) { return ''; }  // in the person's own town
      try {
        return new Intl.NumberFormat(state.language, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km) + '\u00a0km';
      } catch (e) {
        return (Math.round(km * 10) / 10) + '\u00a0km';
      }
    }

    function renderCard(item) {
      var s = item.service && typeof item.service === 'object' ? item.service : {};
      var card = el('div', 'lotse-card');
      if (str(s.id)) { card.setAttribute('data-service-id', str(s.id)); }
      function textBlock(tag, className, text) {
        var node = el(tag, className, text);
        node.setAttribute('dir', 'auto');
        card.appendChild(node);
      }
      if (str(s.name)) { textBlock('h3', 'lotse-card-name', str(s.name)); }
      if (str(s.provider)) { textBlock('p', 'lotse-card-provider', str(s.provider)); }
      if (str(s.why)) { textBlock('p', 'lotse-card-why', str(s.why)); }
      if (str(s.notice)) { textBlock('p', 'lotse-card-notice', str(s.notice)); }

      var details = el('dl', 'lotse-card-details');
      var place = s.place && typeof s.place === 'object' ? s.place : {};
      // place.name already ends with the address when the directory has one: show it once.
      var placeName = str(place.name), placeAddress = str(place.address);
      var addressText = placeName && placeAddress && placeName.indexOf(placeAddress) !== -1 ? placeName
        : [placeName, placeAddress].filter(Boolean).join('\n');
      var mapUrl = osmHref(place.lat, place.lon);
      var distance = formatDistance(s.distance_km);
      if (addressText || mapUrl) {
        var addressNode = mapUrl ? link(mapUrl, addressText || t('map'), null, true) : el('span', null, addressText);
        addressNode.setAttribute('dir', 'auto');
        var dd = detailRow(details, t('address'), addressNode, 'lotse-card-address');
        if (distance) {
          dd.appendChild(document.createTextNode(' '));
          var distanceNode = el('span', 'lotse-card-km', '(' + distance + ')');
          distanceNode.setAttribute('dir', 'ltr');
          dd.appendChild(distanceNode);
        }
      } else if (distance) {
        detailRow(details, t('distance'), el('span', null, distance), 'lotse-card-distance');
      }

      var contact = s.contact && typeof s.contact === 'object' ? s.contact : {};
      if (str(contact.phone)) {
        var tel = telHref(contact.phone);
        var phoneNode = tel ? link(tel, str(contact.phone), null, false) : el('span', null, str(contact.phone));
        phoneNode.setAttribute('dir', 'ltr');
        detailRow(details, t('phone'), phoneNode, 'lotse-card-phone');
      }
      var mail = mailHref(contact.email);
      if (mail) {
        var mailNode = link(mail, str(contact.email), null, false);
        mailNode.setAttribute('dir', 'ltr');
        detailRow(details, t('email'), mailNode, 'lotse-card-email');
      }
      var web = webHref(contact.website);
      if (web) {
        var shown = str(contact.website).replace(/^https:\/\//i, '').replace(/\/$/, '');
        var webNode = link(web, shown, null, true);
        webNode.setAttribute('dir', 'ltr');
        detailRow(details, t('website'), webNode, 'lotse-card-website');
      }
      if (str(s.hours)) {
        detailRow(details, t('hours'), el('span', null, str(s.hours)), 'lotse-card-hours').firstChild.setAttribute('dir', 'auto');
      }
      var times = Array.isArray(s.next_times) ? s.next_times.map(function (x) {
        return x && typeof x === 'object' ? str(x.text) : str(x);
      }).filter(Boolean) : [];
      if (times.length) {
        var ul = el('ul', 'lotse-card-list');
        times.forEach(function (text) {
          var li = el('li', null, text);
          li.setAttribute('dir', 'auto');
          ul.appendChild(li);
        });
        detailRow(details, t('times'), ul, 'lotse-card-times');
      }
      var langs = Array.isArray(s.languages) ? s.languages.filter(function (c) { return str(c); }) : [];
      if (langs.length) {
        var span = el('span');
        langs.forEach(function (code, index) {
          var c = str(code);
          var key = c.toLowerCase();
          var name = el('span', null, languageName(key) || c);
          if (validLangTag(c)) { name.lang = c; }
          name.setAttribute('dir', 'auto');
          if (index) { span.appendChild(document.createTextNode(' · ')); }
          span.appendChild(name);
        });
        detailRow(details, t('languages'), span, 'lotse-card-languages');
      }
      if (str(contact.note)) {
        detailRow(details, t('note'), el('span', null, str(contact.note)), 'lotse-card-note').firstChild.setAttribute('dir', 'auto');
      }
      if (details.childNodes.length) { card.appendChild(details); }
      log.appendChild(card);
      return card;
    }

    function copyText(text) {
      function fallback() {
        var area = el('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.setAttribute('aria-hidden', 'true');
        area.tabIndex = -1;
        area.style.position = 'fixed';
        area.style.top = '0';
        area.style.left = '-9999px';
        area.style.opacity = '0';
        var active = document.activeElement;
        document.body.appendChild(area);
        area.select();
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        document.body.removeChild(area);
        if (active && active.focus) { active.focus(); }
        return ok;
      }
      if (navigator.clipboard && navigator.clipboard.writeText && window.isSecureContext !== false) {
        return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return fallback(); });
      }
      return Promise.resolve(fallback());
    }

    function printSummary(parts) {
      var frame = el('iframe');
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      frame.title = t('summary');
      frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden;';
      document.body.appendChild(frame);
      var win = frame.contentWindow;
      var doc = win && win.document;
      if (!doc) { frame.remove(); return; }
      if (!doc.documentElement) { doc.appendChild(doc.createElement('html')); }
      var root = doc.documentElement;
      var head = doc.head || root.appendChild(doc.createElement('head'));
      var body = doc.body || root.appendChild(doc.createElement('body'));
      root.lang = state.language;
      doc.title = TITLE + ' – ' + t('summary');
      var css = doc.createElement('style');
      css.textContent = 'body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,"Noto Sans Arabic",Tahoma,sans-serif;' +
        'font-size:12pt;line-height:1.5;color:#000;margin:1.5cm;}h1{font-size:15pt;margin:0 0 1em;}' +
        '.part{white-space:pre-line;margin:0 0 1.25em;padding:0 0 1em;border-bottom:1px solid #999;}.part:last-child{border-bottom:0;}';
      head.appendChild(css);
      var h1 = doc.createElement('h1');
      h1.textContent = TITLE + ' – ' + t('summary');
      body.appendChild(h1);
      parts.forEach(function (part) {
        var div = doc.createElement('div');
        div.className = 'part';
        div.textContent = str(part.text);
        if (validLangTag(part.language)) { div.lang = part.language; }
        div.dir = part.dir === 'rtl' || part.dir === 'ltr' ? part.dir : 'auto';
        body.appendChild(div);
      });
      var removed = false;
      function cleanup() {
        if (removed) { return; }
        removed = true;
        if (frame.parentNode) { frame.parentNode.removeChild(frame); }
      }
      try {
        win.addEventListener('afterprint', function () { setTimeout(cleanup, 0); });
        win.focus();
        win.print();
      } catch (e) {
        cleanup();
        return;
      }
      setTimeout(cleanup, 60000);
    }

    function renderSummary(item) {
      var parts = summaryParts(item);
      var box = el('div', 'lotse-summary');
      box.appendChild(el('h3', 'lotse-summary-title', t('summary')));
      parts.forEach(function (part) {
        var div = el('div', 'lotse-summary-part', str(part.text));
        if (validLangTag(part.language)) { div.lang = part.language; }
        div.dir = part.dir === 'rtl' || part.dir === 'ltr' ? part.dir : 'auto';
        box.appendChild(div);
      });
      var actions = el('div', 'lotse-summary-actions');
      var copy = el('button', 'lotse-copy', t('copy'));
      copy.type = 'button';
      var resetTimer = null;
      copy.addEventListener('click', function () {
        var text = parts.map(function (p) { return str(p.text); }).join('\n\n');
        copyText(text).then(function (ok) {
          copy.textContent = ok ? t('copied') : t('copy_failed');
          clearTimeout(resetTimer);
          resetTimer = setTimeout(function () { copy.textContent = t('copy'); }, 2500);
        });
      });
      var print = el('button', 'lotse-print', t('print'));
      print.type = 'button';
      print.addEventListener('click', function () { printSummary(parts); });
      actions.appendChild(copy);
      actions.appendChild(print);
      box.appendChild(actions);
      log.appendChild(box);
      return box;
    }

    function renderItem(item) {
      switch (item.kind) {
        case 'user': return renderUser(item);
        case 'bot': return renderBot(item);
        case 'card': return renderCard(item);
        case 'summary': return renderSummary(item);
        default: return null;
      }
    }

    function resetLog() {
      while (log.firstChild) { log.removeChild(log.firstChild); }
      welcome = el('p', 'lotse-welcome', t('welcome'));
      log.appendChild(welcome);
    }

    function renderTranscript() {
      resetLog();
      state.transcript.forEach(function (item) {
        try { renderItem(item); } catch (e) { /* skip a broken stored item */ }
      });
      scrollToBottom();
    }

    // Renders response items, adds them to the transcript, returns the first new node.
    function renderResponseItems(items) {
      var first = null;
      items.forEach(function (item) {
        if (item.kind === 'language') {
          setLanguage(item.code, item.dir);
          return;
        }
        var node = renderItem(item);
        first = first || node;
        state.transcript.push(item);
      });
      return first;
    }

    // -------------------------------------------------------------------------------------------
    // Errors, typing indicator, busy state.
    var errorKind = '';
    function showError(text, kind) {
      errorKind = kind || '';
      errorBox.textContent = text;
      errorBox.hidden = false;
    }

    function clearError() {
      errorKind = '';
      errorBox.textContent = '';
      errorBox.hidden = true;
    }

    var typingNode = null;
    function showTyping() {
      hideTyping();
      typingNode = el('div', 'lotse-typing');
      for (var i = 0; i < 3; i++) {
        var dot = el('span', 'lotse-dot');
        dot.setAttribute('aria-hidden', 'true');
        typingNode.appendChild(dot);
      }
      typingNode.appendChild(el('span', 'lotse-sr', t('typing')));
      log.appendChild(typingNode);
      scrollToBottom();
    }

    function hideTyping() {
      if (typingNode && typingNode.parentNode) { typingNode.parentNode.removeChild(typingNode); }
      typingNode = null;
    }

    function setBusy(value) {
      busy = value;
      sendButton.disabled = value;
      panel.setAttribute('aria-busy', value ? 'true' : 'false');
    }

    function updateCounter() {
      var length = input.value.length;
      if (length > MAX_CHARS * 0.8) {
        counter.hidden = false;
        counter.textContent = length + ' / ' + MAX_CHARS;
        counter.classList.toggle('lotse-over', length > MAX_CHARS);
      } else {
        counter.hidden = true;
        counter.textContent = '';
      }
    }

    function autoGrow() {
      input.style.height = 'auto';
      input.style.height = (input.scrollHeight + 2) + 'px'; // capped by the CSS max-height
    }

    // -------------------------------------------------------------------------------------------
    // Talking to the server.
    function RequestError(kind, message) {
      this.kind = kind; // "network" | "server" | "client" | "origin" (this site is not allowed)
      this.message = message || '';
    }

    function post(message) {
      var controller = window.AbortController ? new AbortController() : null;
      var timer = controller ? setTimeout(function () { controller.abort(); }, REQUEST_TIMEOUT_MS) : null;
      var body = JSON.stringify({ sender: state.sender, message: message, metadata: { language: pageLanguage() } });
      return fetch(ENDPOINT, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: body,
        credentials: 'omit',
        cache: 'no-store',
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        if (timer) { clearTimeout(timer); }
        if (response.status === 200) {
          return response.json().then(function (data) {
            return Array.isArray(data) ? data : [];
          }, function () {
            throw new RequestError('client', '');
          });
        }
        return response.text().then(function (text) {
          var detail = '';
          try {
            var data = JSON.parse(text);
            if (data && typeof data.message === 'string') { detail = data.message.trim(); }
          } catch (e) { /* not JSON */ }
          if (response.status >= 500) { throw new RequestError('network', ''); }
          throw new RequestError('client', detail);
        }, function () {
          throw new RequestError(response.status >= 500 ? 'network' : 'client', '');
        });
      }, function () {
        if (timer) { clearTimeout(timer); }
        if (controller && controller.signal.aborted) { throw new RequestError('network', ''); }
        return originRefused().then(function (refused) {
          if (refused) {
            // For the site's operator; the person gets a plain sentence.
            if (window.console) { console.warn('Lotse: ' + location.origin + ' is not in the server\'s LOTSE_ALLOWED_ORIGINS'); }
            throw new RequestError('origin', '');
          }
          throw new RequestError('network', '');
        });
      });
    }

    // A refused CORS request and an unreachable server look the same to a page. A "no-cors" GET
    // of the channel's health route tells them apart: it succeeds (unreadably) when the server is
    // up, so the refusal was this page's origin, which the server does not allow.
    function originRefused() {
      if (SERVER_URL === location.origin) { return Promise.resolve(false); }
      return fetch(SERVER_URL + '/webhooks/lotse/', { mode: 'no-cors', credentials: 'omit', cache: 'no-store' })
        .then(function () { return true; }, function () { return false; });
    }

    function removeFailedBubbles() {
      var failed = log.querySelectorAll('.lotse-msg-failed');
      for (var i = 0; i < failed.length; i++) { failed[i].parentNode.removeChild(failed[i]); }
    }

    function retireOldButtons() {
      var groups = log.querySelectorAll('.lotse-quick-replies');
      for (var i = 0; i < groups.length; i++) { groups[i].parentNode.removeChild(groups[i]); }
      state.transcript.forEach(function (item) { if (item.kind === 'bot' && item.buttons) { delete item.buttons; } });
    }

    // Sends a message the person typed or chose. options.display: text shown in the bubble;
    // options.typed: came from the input box; options.fromButtons: {group, item}.
    function sendMessage(message, options) {
      options = options || {};
      if (busy) { return Promise.resolve(false); }
      var display = options.display || message;
      clearError();
      removeFailedBubbles();
      var buttons = options.fromButtons ? options.fromButtons.group.querySelectorAll('button') : [];
      for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = true; }
      var bubble = renderUser({ kind: 'user', text: display });
      scrollToBottom();
      setBusy(true);
      showTyping();
      return post(message).then(function (messages) {
        hideTyping();
        setBusy(false);
        retireOldButtons();
        var items = itemsFromResponse(messages);
        if (isDeletion(items)) {
          forgetConversation(items);
          return true;
        }
        state.transcript.push({ kind: 'user', text: display });
        var first = renderResponseItems(items);
        saveState();
        if (first) { scrollToNode(first); } else { scrollToBottom(); }
        return true;
      }, function (error) {
        hideTyping();
        setBusy(false);
        for (var j = 0; j < buttons.length; j++) { buttons[j].disabled = false; }
        bubble.classList.add('lotse-msg-failed');
        bubble.appendChild(el('span', 'lotse-notsent', t('not_sent')));
        if (options.typed) {
          if (!input.value) {
            input.value = options.typed;
          } else if (input.value.indexOf(options.typed) === -1) {
            input.value = options.typed + '\n' + input.value;
          }
          autoGrow();
          updateCounter();
        }
        var text;
        if (error && error.kind === 'client') {
          text = error.message || t(options.typed ? 'error_generic' : 'error_generic_short');
        } else if (error && error.kind === 'origin') {
          text = t('error_origin');
        } else {
          text = options.typed ? t('error_network') : t('error_network_short');
        }
        showError(text);
        scrollToBottom();
        return false;
      });
    }

    // Restart / delete: no user bubble; the log is cleared only when the server confirmed.
    function sendControl(command, afterSuccess) {
      if (busy) { return; }
      clearError();
      setBusy(true);
      showTyping();
      post(command).then(function (messages) {
        hideTyping();
        setBusy(false);
        afterSuccess(itemsFromResponse(messages));
      }, function (error) {
        hideTyping();
        setBusy(false);
        if (error && error.kind === 'client') {
          showError(error.message || t('error_generic_short'));
        } else if (error && error.kind === 'origin') {
          showError(t('error_origin'));
        } else {
          showError(t('error_network_short'));
        }
      });
    }

    function restart() {
      sendControl('/restart_conversation', function (items) {
        state.transcript = [];
        resetLog();
        renderResponseItems(items);
        saveState();
        scrollToBottom();
        input.focus();
      });
    }

    function forgetConversation(items) {
      state.transcript = [];
      clearStorage();
      state.sender = newSender();
      resetLog();
      renderResponseItems(items.filter(function (item) { return item.kind !== 'deleted'; }));
      // Not saved: nothing is stored again until the person writes the next message.
      scrollToBottom();
      input.focus();
    }

    // The second tap already confirmed: the server deletes at once.
    function deleteConversation() {
      sendControl('/confirm_delete', forgetConversation);
    }

    function submitInput() {
      if (busy) { return; }
      var text = input.value;
      if (!text.trim()) {
        input.focus();
        return;
      }
      if (text.length > MAX_CHARS) {
        showError(t('error_too_long', { n: text.length, max: MAX_CHARS }), 'tooLong');
        input.focus();
        return;
      }
      input.value = '';
      autoGrow();
      updateCounter();
      sendMessage(text.trim(), { typed: text });
    }

    // -------------------------------------------------------------------------------------------
    // Open / close.
    function setOpen(open, moveFocus) {
      state.open = open;
      panel.hidden = !open;
      launcher.setAttribute('aria-expanded', open ? 'true' : 'false');
      launcherChat.style.display = open ? 'none' : '';
      launcherClose.style.display = open ? '' : 'none';
      launcher.setAttribute('aria-label', t(open ? 'launcher_close' : 'launcher_open'));
      launcher.title = t(open ? 'launcher_close' : 'launcher_open');
      saveState();
      if (open) {
        scrollToBottom();
        if (moveFocus) { input.focus(); }
      } else if (moveFocus) {
        launcher.focus();
      }
    }

    function openPanel() { setOpen(true, true); }
    function closePanel() { setOpen(false, true); }

    // -------------------------------------------------------------------------------------------
    // Events.
    launcher.addEventListener('click', function () {
      if (state.open) { closePanel(); } else { openPanel(); }
    });
    closeButton.addEventListener('click', closePanel);
    panel.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') {
        event.preventDefault();
        event.stopPropagation();
        closePanel();
      }
    });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      submitInput();
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        submitInput();
      }
    });
    input.addEventListener('input', function () {
      autoGrow();
      updateCounter();
      if (errorKind === 'tooLong' && input.value.length <= MAX_CHARS) {
        clearError();
      }
    });
    languageSelect.addEventListener('change', function () {
      var code = languageSelect.value;
      if (!supported(code)) { return; }
      if (busy) {
        languageSelect.value = primaryCode(state.language);
        return;
      }
      setLanguage(code, dirOf(code));
      saveState();
      sendMessage('/choose_language{"language_choice": "' + code + '"}', { display: languageName(code) });
    });
    restartButton.addEventListener('click', restart);
    // Deleting cannot be undone: the first tap asks, a second tap within a few seconds deletes.
    var deleteArmed = null;
    function disarmDelete() {
      if (deleteArmed) { clearTimeout(deleteArmed); }
      deleteArmed = null;
      deleteButton.textContent = t('delete');
      deleteButton.classList.remove('lotse-armed');
    }
    deleteButton.addEventListener('click', function () {
      if (deleteArmed) {
        disarmDelete();
        deleteConversation();
        return;
      }
      deleteButton.textContent = t('delete_confirm');
      deleteButton.classList.add('lotse-armed');
      deleteArmed = setTimeout(disarmDelete, 6000);
    });

    // -------------------------------------------------------------------------------------------
    // Start.
    function mount() {
      document.body.appendChild(launcher);
      document.body.appendChild(panel);
      applyStrings();
      renderTranscript();
      setOpen(state.open, false);
    }

    if (document.body) {
      mount();
    } else {
      document.addEventListener('DOMContentLoaded', mount);
    }

    window.LotseWidget = { open: openPanel, close: closePanel };
  }

  startWidget();

  if (typeof module === 'object' && module.exports) { module.exports = core; }
})();
