/* The dispatch board: loads the board fragment, keeps the timers running, reloads on every
   change notice (server-sent events read through fetch, so the auth header goes along),
   and in the Mini App opens a tapped ticket's card with its actions. No external scripts:
   Telegram's initData comes from window.Telegram.WebApp when present, else from the URL
   hash (tgWebAppData), as Telegram passes it to a Mini App. */
(function () {
  "use strict";
  var body = document.body;
  var mode = body.getAttribute("data-mode");
  var boardEl = document.getElementById("board");
  var cardEl = document.getElementById("card");
  var liveEl = document.getElementById("live");
  var clockEl = document.getElementById("clock");
  var base = location.pathname.replace(/\/(app|s\/[^/]*)\/?$/, "");
  var headers = {};
  var offset = 0;
  var loading = false;
  var again = false;
  var stopped = false;

  function t(key) {
    return body.getAttribute("data-t-" + key) || "";
  }

  function message(text) {
    var p = document.createElement("p");
    p.className = "empty";
    p.textContent = text;
    boardEl.replaceChildren(p);
  }

  function initData() {
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.initData) {
      return tg.initData;
    }
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    return params.get("tgWebAppData") || "";
  }

  function setLive(on) {
    liveEl.textContent = on ? "● " + t("live") : "○ " + t("offline");
    liveEl.className = on ? "live on" : "live off";
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function duration(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    return Math.floor(s / 3600) + ":" + pad(Math.floor((s % 3600) / 60)) + ":" + pad(s % 60);
  }

  function tick() {
    var now = Date.now() + offset;
    var clocks = document.querySelectorAll(".timer[data-deadline]");
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var left = Number(el.getAttribute("data-deadline")) * 1000 - now;
      var breached = left <= 0;
      el.classList.toggle("breached", breached);
      var tile = el.closest(".tile");
      if (tile) {
        tile.classList.toggle("overdue", breached);
      }
      var label = el.querySelector(".label");
      var clock = el.querySelector(".clock");
      if (label) {
        label.textContent = breached ? t("overdue") : t("left");
      }
      if (clock) {
        clock.textContent = duration(left);
      }
    }
    if (clockEl) {
      try {
        clockEl.textContent = new Date(now).toLocaleTimeString(document.documentElement.lang, {
          timeZone: body.getAttribute("data-tz") || undefined,
        });
      } catch (e) {
        clockEl.textContent = new Date(now).toLocaleTimeString();
      }
    }
  }

  function denied(status) {
    stopped = true;
    setLive(false);
    message(status === 401 ? (mode === "app" ? t("error") : t("unauthorized")) : t("denied"));
  }

  function load() {
    if (loading) {
      again = true;
      return;
    }
    loading = true;
    fetch(base + "/fragment" + location.search, { headers: headers, cache: "no-store" })
      .then(function (resp) {
        if (resp.status === 401 || resp.status === 403) {
          denied(resp.status);
          return null;
        }
        var now = Number(resp.headers.get("X-Board-Now"));
        if (now) {
          offset = now * 1000 - Date.now();
        }
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          boardEl.innerHTML = html;
          body.setAttribute("data-loaded", String(Date.now()));
          tick();
        }
      })
      .catch(function () {
        setLive(false);
      })
      .then(function () {
        loading = false;
        if (again) {
          again = false;
          load();
        }
      });
  }

  function handle(chunk) {
    var event = "message";
    chunk.split("\n").forEach(function (line) {
      if (line.indexOf("event:") === 0) {
        event = line.slice(6).trim();
      }
    });
    if (event === "change" || event === "hello") {
      load();
    } else if (event === "denied") {
      denied(401);
    }
  }

  function listen() {
    if (stopped) {
      return;
    }
    if (!window.ReadableStream || !window.TextDecoder) {
      // A browser that cannot read a stream: ask for the board every 2 s instead.
      setLive(true);
      setInterval(function () {
        if (!stopped && cardEl.hidden) {
          load();
        }
      }, 2000);
      return;
    }
    fetch(base + "/events", { headers: headers, cache: "no-store" })
      .then(function (resp) {
        if (resp.status === 401 || resp.status === 403) {
          denied(resp.status);
          return null;
        }
        if (!resp.ok || !resp.body) {
          throw new Error("no stream");
        }
        setLive(true);
        var reader = resp.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (part) {
            if (part.done) {
              throw new Error("closed");
            }
            buffer += decoder.decode(part.value, { stream: true });
            var at;
            while ((at = buffer.indexOf("\n\n")) >= 0) {
              handle(buffer.slice(0, at));
              buffer = buffer.slice(at + 2);
            }
            return pump();
          });
        }
        return pump();
      })
      .catch(function () {
        setLive(false);
        setTimeout(listen, 1000);
      });
  }

  function showCard(html) {
    cardEl.innerHTML = html;
    cardEl.hidden = false;
    boardEl.hidden = true;
    window.scrollTo(0, 0);
  }

  function closeCard() {
    cardEl.hidden = true;
    cardEl.replaceChildren();
    boardEl.hidden = false;
    load();
  }

  function openCard(id) {
    fetch(base + "/ticket/" + encodeURIComponent(id), { headers: headers, cache: "no-store" })
      .then(function (resp) {
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          showCard(html);
        }
      });
  }

  function act(action, fields) {
    var view = cardEl.querySelector(".card-view");
    if (!view) {
      return;
    }
    fields.set("stage", view.getAttribute("data-stage"));
    var id = view.getAttribute("data-ticket");
    var post = {};
    for (var key in headers) {
      post[key] = headers[key];
    }
    post["Content-Type"] = "application/x-www-form-urlencoded";
    fetch(base + "/ticket/" + encodeURIComponent(id) + "/" + action, {
      method: "POST",
      headers: post,
      body: fields.toString(),
      cache: "no-store",
    })
      .then(function (resp) {
        return resp.ok ? resp.text() : null;
      })
      .then(function (html) {
        if (html !== null) {
          showCard(html);
        }
      });
  }

  function filtersFrom(form) {
    var query = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value) {
        query.set(key, String(value));
      }
    });
    var text = query.toString();
    history.replaceState(null, "", location.pathname + (text ? "?" + text : "") + location.hash);
    load();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.id === "filters") {
      event.preventDefault();
      filtersFrom(form);
    } else if (form.classList.contains("assign")) {
      event.preventDefault();
      var fields = new URLSearchParams();
      fields.set("executor", form.querySelector("select").value);
      act("assign", fields);
    }
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("a.reset")) {
      event.preventDefault();
      history.replaceState(null, "", location.pathname + location.hash);
      load();
      return;
    }
    if (target.closest("button.back")) {
      closeCard();
      return;
    }
    var button = target.closest("button.act");
    if (button) {
      act(button.getAttribute("data-action"), new URLSearchParams());
      return;
    }
    var tile = mode === "app" ? target.closest(".tile[data-ticket]") : null;
    if (tile) {
      openCard(tile.getAttribute("data-ticket"));
    }
  });

  document.addEventListener("keydown", function (event) {
    var tile = mode === "app" && event.key === "Enter" ? event.target.closest(".tile[data-ticket]") : null;
    if (tile) {
      openCard(tile.getAttribute("data-ticket"));
    }
  });

  if (mode === "app") {
    var data = initData();
    if (!data) {
      message(t("outside"));
      return;
    }
    headers["X-Telegram-Init-Data"] = data;
    var tg = window.Telegram && window.Telegram.WebApp;
    if (tg && tg.ready) {
      tg.ready();
      if (tg.expand) {
        tg.expand();
      }
    }
  } else if (mode === "screen") {
    var match = location.pathname.match(/\/s\/([^/]+)\/?$/);
    headers["X-Board-Token"] = match ? decodeURIComponent(match[1]) : "";
    var data2 = boardEl.querySelector(".board-data");
    if (data2) {
      offset = Number(data2.getAttribute("data-now")) * 1000 - Date.now();
    }
  } else {
    return;
  }
  setLive(false);
  tick();
  setInterval(tick, 1000);
  // Lists that change with time alone (overdue, today's counts): a fresh copy every minute.
  setInterval(function () {
    if (!stopped && cardEl.hidden) {
      load();
    }
  }, 60000);
  if (mode === "app") {
    load();
  }
  listen();
})();
