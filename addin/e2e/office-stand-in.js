// A stand-in for office.js, served in its place by the end-to-end tests and the
// pane benchmark: the Outlook read surface the pane uses, driven by the test
// through window.__outlook. Its settings arrive in window.__outlookConfig:
// { displayLanguage, user: { email, name }, items: [...] , selected: index | null }.
(function () {
  var config = window.__outlookConfig;
  var handlers = [];
  function toItem(item) {
    if (!item) return null;
    if (item.itemType !== 'message') return { itemType: item.itemType };
    var body = item.body || '';
    var address = function (p) {
      return { emailAddress: p.email, displayName: p.name || '' };
    };
    return {
      itemType: 'message',
      internetMessageId: item.internetMessageId,
      subject: item.subject,
      from: address(item.from),
      to: (item.to || []).map(address),
      cc: (item.cc || []).map(address),
      dateTimeCreated: new Date(item.sentAt),
      conversationId: item.conversationId || null,
      body: {
        getAsync: function (_type, callback) {
          setTimeout(function () {
            callback({ status: 'succeeded', value: body });
          });
        },
      },
    };
  }
  var mailbox = {
    item: config.selected === null ? null : toItem(config.items[config.selected]),
    userProfile: { emailAddress: config.user.email, displayName: config.user.name },
    addHandlerAsync: function (type, handler, callback) {
      handlers.push({ type: type, handler: handler });
      if (callback) callback({ status: 'succeeded' });
    },
    removeHandlerAsync: function (type, callback) {
      handlers = handlers.filter(function (h) {
        return h.type !== type;
      });
      if (callback) callback({ status: 'succeeded' });
    },
  };
  window.Office = {
    HostType: { Outlook: 'Outlook' },
    MailboxEnums: { ItemType: { Message: 'message', Appointment: 'appointment' } },
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    CoercionType: { Text: 'text', Html: 'html' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      displayLanguage: config.displayLanguage,
      requirements: {
        isSetSupported: function (name, version) {
          return name === 'Mailbox' && parseFloat(version || '1.1') <= 1.8;
        },
      },
      mailbox: mailbox,
    },
    onReady: function () {
      return Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' });
    },
  };
  // What Outlook does when the user selects another item in a pinned pane.
  window.__outlook = {
    select: function (index) {
      mailbox.item = index === null ? null : toItem(config.items[index]);
      handlers.forEach(function (h) {
        if (h.type === 'olkItemSelectedChanged') h.handler({ type: h.type });
      });
    },
  };
})();
