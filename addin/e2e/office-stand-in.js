// A stand-in for office.js, served in its place by the end-to-end tests and the
// pane benchmark: the Outlook read surface the pane uses, driven by the test
// through window.__outlook. Its settings arrive in window.__outlookConfig:
// { displayLanguage, user: { email, name }, items: [...] , selected: index | null,
//   sets?: { NestedAppAuth: '1.1', ... } }.
// Office's dialog API as Outlook on the web has it: displayDialogAsync opens a window,
// the page in it calls messageParent (here a postMessage to its opener), and closing
// the window is DialogEventReceived 12006.
(function () {
  var config = window.__outlookConfig;
  var handlers = [];
  var sets = Object.assign({ Mailbox: '1.8' }, config.sets || {});
  var DIALOG_MESSAGE = 'office-stand-in/dialog-message';
  function displayDialogAsync(url, _options, callback) {
    var win = window.open(url, '_blank', 'width=480,height=640');
    if (!win) {
      callback({ status: 'failed', error: { code: 12011, message: 'The browser blocked the dialog.' } });
      return;
    }
    var listeners = {};
    var done = false;
    function onMessage(event) {
      if (event.source !== win || !event.data || event.data.type !== DIALOG_MESSAGE) return;
      if (listeners.dialogMessageReceived) {
        listeners.dialogMessageReceived({ message: event.data.message, origin: event.origin });
      }
    }
    window.addEventListener('message', onMessage);
    var watch = setInterval(function () {
      if (!win.closed) return;
      stop();
      if (!done && listeners.dialogEventReceived) listeners.dialogEventReceived({ error: 12006 });
    }, 100);
    function stop() {
      clearInterval(watch);
      window.removeEventListener('message', onMessage);
    }
    callback({
      status: 'succeeded',
      value: {
        addEventHandler: function (type, handler) {
          listeners[type] = handler;
        },
        close: function () {
          done = true;
          stop();
          win.close();
        },
      },
    });
  }
  function messageParent(message) {
    // Office delivers a dialog's message only to a parent of the same domain.
    if (window.opener) window.opener.postMessage({ type: DIALOG_MESSAGE, message: String(message) }, location.origin);
  }
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
    EventType: {
      ItemChanged: 'olkItemSelectedChanged',
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
    },
    CoercionType: { Text: 'text', Html: 'html' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: {
      displayLanguage: config.displayLanguage,
      requirements: {
        isSetSupported: function (name, version) {
          return name in sets && parseFloat(version || '1.1') <= parseFloat(sets[name]);
        },
      },
      ui: { displayDialogAsync: displayDialogAsync, messageParent: messageParent },
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
