// The widget's pure helpers (no DOM): run with `node --test tests/widget/`.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const core = require(path.join(__dirname, '..', '..', 'bot', 'web', 'widget', 'lotse-widget.js'));

// A config as the server injects it (shortened): see widget_config() in bot/web/channel.py.
const CONFIG = core.readConfig({
  languages: [
    { code: 'de', name: 'Deutsch', dir: 'ltr' },
    { code: 'en', name: 'English', dir: 'ltr' },
    { code: 'ar', name: 'العربية', dir: 'rtl' },
    { code: 'fa', name: 'فارسی', dir: 'rtl' },
    { code: 'tr', name: 'Türkçe', dir: 'ltr' }
  ],
  strings: {
    de: { send: 'Senden', welcome: 'Hallo!', error_too_long: 'Zu lang ({n} Zeichen, höchstens {max}).' },
    en: { send: 'Send', welcome: 'Hello!', error_too_long: 'Too long ({n} characters, at most {max}).', only_en: 'English only' },
    ar: { send: 'إرسال', welcome: '', error_too_long: 'رسالتك طويلة جدًا ({n} حرفًا). الحد الأقصى هو {max} حرف.' },
    fa: { send: 'ارسال' },
    tr: { send: 'Gönder' }
  }
});

test('loading the file under Node runs no DOM code and exports the helpers', () => {
  assert.equal(typeof core.itemsFromResponse, 'function');
  assert.equal(typeof globalThis.LotseWidget, 'undefined');
});

test('safeUrl keeps only the allowed protocols and absolute, well-formed URLs', () => {
  const allowed = ['https:', 'tel:', 'mailto:'];
  assert.equal(core.safeUrl('https://beratung.example/termine?x=1', allowed), 'https://beratung.example/termine?x=1');
  assert.equal(core.safeUrl('tel:+49381123', allowed), 'tel:+49381123');
  assert.equal(core.safeUrl('mailto:info@beratung.example', allowed), 'mailto:info@beratung.example');
  for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>',
    'http://beratung.example/', 'ftp://beratung.example/', 'file:///etc/passwd', '/relative/path', 'beratung.example',
    '//beratung.example/x', 'https://', 'https://exa mple.org', '', null, undefined, 42]) {
    assert.equal(core.safeUrl(bad, allowed), null, String(bad));
  }
  assert.equal(core.safeUrl('https://beratung.example/', ['tel:']), null);
});

test('web, phone, e-mail and map links are built only from well-formed values', () => {
  assert.equal(core.webHref(' https://beratung.example/kurse '), 'https://beratung.example/kurse');
  assert.equal(core.webHref('HTTPS://Beratung.example'), 'https://beratung.example/');
  for (const bad of ['http://beratung.example', 'beratung.example', 'javascript:alert(1)//https://x', 'https://', 42, null]) {
    assert.equal(core.webHref(bad), null, String(bad));
  }
  assert.equal(core.telHref('+49 (381) 123-45'), 'tel:+4938112345');
  assert.equal(core.telHref('0381 12345'), 'tel:038112345');
  assert.equal(core.telHref(38112345), 'tel:38112345');
  for (const bad of ['', '12', 'javascript:alert(1)', '1'.repeat(21), null, {}]) {
    assert.equal(core.telHref(bad), null, String(bad));
  }
  assert.equal(core.mailHref('info@beratung.example'), 'mailto:info@beratung.example');
  for (const bad of ['info@localhost', 'no-at-sign.example', 'a b@x.example', 'javascript:alert(1)//@x.example',
    'x@y.example?subject=hi', '', null]) {
    assert.equal(core.mailHref(bad), null, String(bad));
  }
  assert.equal(core.osmHref(54.09, 12.13), 'https://www.openstreetmap.org/?mlat=54.09&mlon=12.13#map=17/54.09/12.13');
  for (const [lat, lon] of [['54', 12], [91, 0], [0, 181], [NaN, 0], [Infinity, 0], [null, null]]) {
    assert.equal(core.osmHref(lat, lon), null, `${lat},${lon}`);
  }
});

test('validLangTag accepts BCP 47-like tags only; primaryCode takes the language part', () => {
  for (const good of ['de', 'ar', 'ckb', 'de-DE', 'zh-Hant-TW', 'EN-gb']) {
    assert.equal(core.validLangTag(good), true, good);
  }
  for (const bad of ['', 'd', 'deutsch', 'de_DE', 'de-', '-de', 'de-toolongpart', '<script>', 'de DE', null, 42, ['de']]) {
    assert.equal(core.validLangTag(bad), false, String(bad));
  }
  assert.equal(core.primaryCode('de-DE'), 'de');
  assert.equal(core.primaryCode(' AR_sy '), 'ar');
  assert.equal(core.primaryCode(null), '');
});

test('validState keeps a good stored state and drops what it cannot use', () => {
  const state = core.validState({
    sender: 'lotse-0123456789abcdef0123', language: 'ar', dir: 'rtl', open: true, extra: 'ignored',
    transcript: [{ kind: 'user', text: 'Hallo' }, null, 'text', 42, { text: 'no kind' }, { kind: 7 },
      { kind: 'bot', text: 'Guten Tag', buttons: [{ title: 'Ja', payload: '/affirm' }] }]
  });
  assert.deepEqual(state, {
    sender: 'lotse-0123456789abcdef0123', language: 'ar', dir: 'rtl', open: true,
    transcript: [{ kind: 'user', text: 'Hallo' }, { kind: 'bot', text: 'Guten Tag', buttons: [{ title: 'Ja', payload: '/affirm' }] }]
  });
  assert.deepEqual(core.validState({ sender: 'lotse-1', language: 42, dir: 'sideways', open: 'true', transcript: 'x' }),
    { sender: 'lotse-1', language: '', dir: '', open: false, transcript: [] });
});

test('validState rejects non-objects and bad senders', () => {
  for (const bad of [null, undefined, 'lotse-1', 42, true, [], [{ sender: 'lotse-1' }]]) {
    assert.equal(core.validState(bad), null, JSON.stringify(bad));
  }
  for (const sender of [undefined, null, 42, '', 'lotse 1', 'lotse.1', '<script>', 'x'.repeat(81), ['lotse-1']]) {
    assert.equal(core.validState({ sender: sender, transcript: [] }), null, JSON.stringify(sender));
  }
  assert.notEqual(core.validState({ sender: 'x'.repeat(80) }), null);
});

test('readConfig keeps well-formed languages and texts, in order', () => {
  const config = core.readConfig({
    languages: [{ code: 'fa', name: ' فارسی ', dir: 'rtl' }, { code: 'de', name: 'Deutsch', dir: 'ltr' },
      { code: 'fa', name: 'again', dir: 'ltr' }, { code: 'x<', name: 'bad code' }, { code: 'uk' }, null, 'en',
      { code: 'tr', name: 'Türkçe', dir: 'upside-down' }],
    strings: { fa: { send: 'ارسال', broken: 42 }, de: 'not a table', xx: { send: 'unused' } }
  });
  assert.deepEqual(config.languages, [{ code: 'fa', name: 'فارسی', dir: 'rtl' }, { code: 'de', name: 'Deutsch', dir: 'ltr' },
    { code: 'tr', name: 'Türkçe', dir: 'ltr' }]);
  assert.deepEqual(config.strings, { fa: { send: 'ارسال' }, de: {}, tr: {} });
});

test('without the server\'s config the widget has German only, enough to report errors', () => {
  for (const raw of [null, undefined, {}, { languages: [] }, { languages: [{ code: '' }] }, 'config']) {
    const config = core.readConfig(raw);
    assert.deepEqual(config.languages, [{ code: 'de', name: 'Deutsch', dir: 'ltr' }]);
    assert.match(core.translate(config, 'de', 'error_network'), /nicht erreichbar/);
    assert.equal(core.translate(config, 'ar', 'send'), 'Senden');
    assert.equal(core.translate(config, 'de', 'error_too_long', { n: 1200, max: 1000 }),
      'Ihre Nachricht ist zu lang (1200 Zeichen). Erlaubt sind höchstens 1000 Zeichen. Bitte kürzen Sie sie.');
  }
});

test('languages: supported, direction and name from the config; unknown ones are ltr', () => {
  assert.equal(core.supported(CONFIG, 'ar'), true);
  assert.equal(core.supported(CONFIG, 'ar-SY'), false);
  assert.equal(core.supported(CONFIG, 'uk'), false);
  assert.equal(core.supported(CONFIG, null), false);
  assert.equal(core.dirOf(CONFIG, 'ar'), 'rtl');
  assert.equal(core.dirOf(CONFIG, 'fa-IR'), 'rtl');
  assert.equal(core.dirOf(CONFIG, 'de'), 'ltr');
  assert.equal(core.dirOf(CONFIG, 'he'), 'ltr');  // not listed by the server
  assert.equal(core.dirOf(CONFIG, 42), 'ltr');
  assert.equal(core.languageName(CONFIG, 'fa'), 'فارسی');
  assert.equal(core.languageName(CONFIG, 'xx'), '');
});

test('start language: saved, else data-lotse-language, else the browser\'s, else German', () => {
  assert.equal(core.startLanguage(CONFIG, 'fr', 'ar', ['tr']), 'fr');  // a saved language is kept as it is
  assert.equal(core.startLanguage(CONFIG, 'de_DE!', 'ar-SY', ['tr']), 'ar');
  assert.equal(core.startLanguage(CONFIG, '', 'uk', ['fr-FR', 'tr-TR', 'en']), 'tr');
  assert.equal(core.startLanguage(CONFIG, undefined, '', ['fr', undefined, null]), 'de');
  assert.equal(core.startLanguage(CONFIG, null, null, undefined), 'de');
});

test('translate: own language, else English, else German, else the key; placeholders filled', () => {
  assert.equal(core.translate(CONFIG, 'ar', 'send'), 'إرسال');
  assert.equal(core.translate(CONFIG, 'ar-SY', 'send'), 'إرسال');
  assert.equal(core.translate(CONFIG, 'ar', 'welcome'), 'Hello!');  // empty text: not shown empty
  assert.equal(core.translate(CONFIG, 'fr', 'send'), 'Send');
  assert.equal(core.translate(CONFIG, 'fa', 'only_en'), 'English only');
  assert.equal(core.translate(CONFIG, 'de', 'no_such_key'), 'no_such_key');
  assert.equal(core.translate(CONFIG, 'constructor', 'send'), 'Send');
  assert.equal(core.translate(CONFIG, 'de', 'constructor'), 'constructor');
  assert.equal(core.translate(CONFIG, 'ar', 'error_too_long', { n: 1200, max: 1000 }),
    'رسالتك طويلة جدًا (1200 حرفًا). الحد الأقصى هو 1000 حرف.');
});

test('fill replaces every occurrence of each given placeholder and leaves others', () => {
  assert.equal(core.fill('{n} / {max} ({n})', { n: 3, max: 10 }), '3 / 10 (3)');
  assert.equal(core.fill('{n} of {max}', { n: 0 }), '0 of {max}');
  assert.equal(core.fill('no placeholders', { n: 1 }), 'no placeholders');
  assert.equal(core.fill('{n}', undefined), '{n}');
  assert.equal(core.fill('{n}', { n: '$& <b>' }), '$& <b>');
});

test('a text with buttons becomes one bot item; malformed buttons are dropped or completed', () => {
  assert.deepEqual(core.itemsFromResponse([
    { recipient_id: 'lotse-1', text: 'Wobei brauchen Sie Hilfe?', buttons: [{ title: 'Deutschkurs', payload: '/need_language_course' }] }
  ]), [{ kind: 'bot', text: 'Wobei brauchen Sie Hilfe?', buttons: [{ title: 'Deutschkurs', payload: '/need_language_course' }] }]);
  assert.deepEqual(core.itemsFromResponse([{ text: 'Hallo' }]), [{ kind: 'bot', text: 'Hallo', buttons: undefined }]);
  assert.deepEqual(core.itemsFromResponse([{
    text: 'Ja oder nein?',
    buttons: [null, 5, 'Ja', {}, { title: '   ' }, { title: ' Ja ' }, { payload: '/deny' }, { title: 3, payload: 4 },
      { title: 'Zusammenfassung', payload: '/request_summary' }]
  }]), [{ kind: 'bot', text: 'Ja oder nein?', buttons: [{ title: 'Ja', payload: 'Ja' }, { title: '/deny', payload: '/deny' },
    { title: '3', payload: '3' }, { title: 'Zusammenfassung', payload: '/request_summary' }] }]);
  assert.deepEqual(core.itemsFromResponse([{ buttons: [{ title: 'Ja', payload: '/affirm' }] }]),
    [{ kind: 'bot', text: '', buttons: [{ title: 'Ja', payload: '/affirm' }] }]);
  assert.deepEqual(core.itemsFromResponse([{ text: 'x', buttons: 'not a list' }]), [{ kind: 'bot', text: 'x', buttons: undefined }]);
});

test('messages without anything to show, and malformed ones, are dropped without throwing', () => {
  for (const response of [null, undefined, 'text', 42, {}, { text: 'not a list' }]) {
    assert.deepEqual(core.itemsFromResponse(response), [], String(response));
  }
  assert.deepEqual(core.itemsFromResponse([null, undefined, 42, 'Hallo', [], {}, { text: 42 }, { text: '' }, { text: '   ' },
    { text: ['x'] }, { buttons: [] }, { buttons: [null, {}] }, { custom: null }, { custom: 'service' }, { custom: {} },
    { custom: { type: 'something_new' } }, { custom: { type: 42 } }]), []);
  // A broken custom part does not hide the text next to it.
  assert.deepEqual(core.itemsFromResponse([{ custom: 'x', text: 'Hallo' }]), [{ kind: 'bot', text: 'Hallo', buttons: undefined }]);
  // Texts are compared as texts, not as property names.
  assert.deepEqual(core.itemsFromResponse([{ text: 'constructor' }]), [{ kind: 'bot', text: 'constructor', buttons: undefined }]);
});

test('a language message switches the language; its fields are checked when it is applied', () => {
  assert.deepEqual(core.itemsFromResponse([{ custom: { type: 'language', code: 'ar', dir: 'rtl' } }, { text: 'مرحبا' }]),
    [{ kind: 'language', code: 'ar', dir: 'rtl' }, { kind: 'bot', text: 'مرحبا', buttons: undefined }]);
  assert.deepEqual(core.itemsFromResponse([{ custom: { type: 'language' } }]), [{ kind: 'language', code: undefined, dir: undefined }]);
});

test('a service card is kept whole, and the text directly before it (its readable twin) is not shown', () => {
  const card = { type: 'service', id: 'mbe-rostock', name: 'Migrationsberatung', contact: { phone: '0381 1' } };
  assert.deepEqual(core.itemsFromResponse([{ text: 'Ich habe eine Stelle gefunden.' }, { text: 'Migrationsberatung, Tel. 0381 1' },
    { custom: card }, { text: 'Kann ich noch helfen?' }]), [
    { kind: 'bot', text: 'Ich habe eine Stelle gefunden.', buttons: undefined },
    { kind: 'card', service: card },
    { kind: 'bot', text: 'Kann ich noch helfen?', buttons: undefined }
  ]);
  // The twin's buttons stay.
  assert.deepEqual(core.itemsFromResponse([{ text: 'twin', buttons: [{ title: 'Ja', payload: '/affirm' }] }, { custom: card }]), [
    { kind: 'bot', text: '', buttons: [{ title: 'Ja', payload: '/affirm' }] }, { kind: 'card', service: card }]);
  // A card with missing fields is still a card (rendering shows what is there).
  assert.deepEqual(core.itemsFromResponse([{ custom: { type: 'service' } }]), [{ kind: 'card', service: { type: 'service' } }]);
});

test('a summary keeps its readable parts, and texts repeating a part are not shown', () => {
  const response = [
    { text: '  Sie suchen einen Deutschkurs in Rostock.  ' },
    { text: 'Hier ist Ihre Zusammenfassung:' },
    { custom: { type: 'summary', parts: [
      { language: 'de', dir: 'ltr', text: ' Sie suchen einen Deutschkurs in Rostock. ' },
      { language: 'ar', dir: 'rtl', text: 'أنت تبحث عن دورة لغة ألمانية في روستوك.' },
      null, 'text', { text: '   ' }, { language: 42, dir: null, text: 5 }
    ] } },
    { text: 'أنت تبحث عن دورة لغة ألمانية في روستوك.' }
  ];
  assert.deepEqual(core.itemsFromResponse(response), [
    { kind: 'bot', text: 'Hier ist Ihre Zusammenfassung:', buttons: undefined },
    { kind: 'summary', parts: [
      { language: 'de', dir: 'ltr', text: 'Sie suchen einen Deutschkurs in Rostock.' },
      { language: 'ar', dir: 'rtl', text: 'أنت تبحث عن دورة لغة ألمانية في روستوك.' },
      { language: '42', dir: '', text: '5' }  // numbers are read as text; the renderer checks the tag
    ] }
  ]);
  assert.deepEqual(core.itemsFromResponse([{ custom: { type: 'summary', parts: 'x' } }]), [{ kind: 'summary', parts: [] }]);
  assert.deepEqual(core.summaryParts({ parts: [{ text: 'a' }, { text: ' ' }, null, 'x'] }), [{ text: 'a' }]);
  assert.deepEqual(core.summaryParts({}), []);
});

test('a deleted conversation is recognised', () => {
  const items = core.itemsFromResponse([{ text: 'Ihr Gespräch ist gelöscht.' }, { custom: { type: 'conversation_deleted' } }]);
  assert.deepEqual(items, [{ kind: 'bot', text: 'Ihr Gespräch ist gelöscht.', buttons: undefined }, { kind: 'deleted' }]);
  assert.equal(core.isDeletion(items), true);
  assert.equal(core.isDeletion(core.itemsFromResponse([{ text: 'Hallo' }, { custom: { type: 'language', code: 'de' } }])), false);
  assert.equal(core.isDeletion([]), false);
  assert.equal(core.isDeletion([null, { kind: 'bot' }]), false);
  assert.equal(core.isDeletion(null), false);
});
