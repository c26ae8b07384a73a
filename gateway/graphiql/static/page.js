// The gateway's GraphiQL page: renders GraphiQL 3 (UMD globals React, ReactDOM, GraphiQL,
// graphqlWs) against the gateway's endpoint: queries and mutations over HTTP, @defer answers
// streamed as multipart/mixed, subscriptions over a WebSocket; in development, a "Query plan"
// panel showing the plan the gateway put in the last response's `extensions.queryPlan`.
// Settings come from the JSON block the server writes into the page (no inline script).
(function () {
  "use strict";

  var settings = JSON.parse(document.getElementById("graphiql-settings").textContent);
  var h = React.createElement;

  // The last operation's outcome, shared by the fetcher (writer) and the plan panel (reader).
  var lastRun = {
    value: null,
    listeners: new Set(),
    set: function (value) {
      this.value = value;
      this.listeners.forEach(function (listener) {
        listener();
      });
    },
    subscribe: function (listener) {
      lastRun.listeners.add(listener);
      return function () {
        lastRun.listeners.delete(listener);
      };
    },
    snapshot: function () {
      return lastRun.value;
    },
  };

  function isIntrospection(params) {
    // GraphiQL's own schema fetch is not the user's operation: it must not replace the plan.
    return params.operationName === "IntrospectionQuery";
  }

  function operationOf(params, options) {
    // The operation to run, read with the graphql-js that GraphiQL's bundle carries (GraphiQL
    // names the operation only when the document has several).
    var graphql = GraphiQL.GraphQL;
    try {
      var ast = (options && options.documentAST) || graphql.parse(params.query);
      return graphql.getOperationAST(ast, params.operationName || null);
    } catch (error) {
      return null;
    }
  }

  function isAsyncIterable(value) {
    return value != null && typeof value[Symbol.asyncIterator] === "function";
  }

  // The HTTP status of the last answer to an operation of the user's (for the plan panel).
  var lastStatus = null;

  async function gatewayFetch(url, init) {
    // GraphiQL's fetcher calls this: cookies stay same-origin, a multipart/mixed answer (@defer)
    // streams on to GraphiQL, and a body that is not JSON becomes a GraphQL error to show.
    var response = await fetch(url, Object.assign({}, init, { credentials: "same-origin" }));
    if (!isIntrospection(JSON.parse(init.body))) lastStatus = response.status;
    if ((response.headers.get("content-type") || "").indexOf("multipart/") !== -1) return response;
    var text = await response.text();
    try {
      JSON.parse(text);
    } catch (error) {
      text = JSON.stringify({
        errors: [
          { message: "The gateway answered HTTP " + response.status + " with a body that is not JSON." },
        ],
      });
    }
    return new Response(text, {
      status: response.status,
      statusText: response.statusText,
      headers: { "content-type": "application/json" },
    });
  }

  // Subscriptions: graphql-transport-ws on the GraphQL path of this very host.
  var socketHeaders = {};
  var wsClient = settings.subscriptions
    ? graphqlWs.createClient({
        url: (location.protocol === "https:" ? "wss://" : "ws://") + location.host + settings.endpoint,
        // Read at each connection (the client connects when a subscription starts and closes
        // when none is left): the headers editor's headers go in `connection_init`, which the
        // gateway reads as it reads HTTP headers (an Authorization token, say).
        connectionParams: function () {
          return socketHeaders;
        },
      })
    : undefined;

  var graphiqlFetcher = GraphiQL.createFetcher({
    url: settings.endpoint,
    fetch: gatewayFetch,
    wsClient: wsClient,
    // application/json is a non-simple content type, so the gateway's CSRF check is satisfied.
    // graphql-response+json first: refusals keep their 4xx status; multipart for @defer.
    headers: {
      accept: "application/graphql-response+json, application/json, multipart/mixed;deferSpec=20220824",
    },
  });

  function recordRun(name, body) {
    var extensions = (body && body.extensions) || {};
    lastRun.set({
      operationName: name,
      status: lastStatus,
      plan: extensions.queryPlan === undefined ? null : extensions.queryPlan,
    });
  }

  async function* recordingFirst(results, name) {
    // A @defer answer: the plan comes with the first payload (GraphiQL gets each multipart
    // chunk as an array of payloads).
    var first = true;
    for await (var result of results) {
      if (first) {
        first = false;
        recordRun(name, Array.isArray(result) ? result[0] : result);
      }
      yield result;
    }
  }

  async function fetcher(params, options) {
    // The headers editor's headers (e.g. Authorization) are sent as typed, over HTTP or the socket.
    var operation = operationOf(params, options);
    var subscription = operation !== null && operation.operation === "subscription";
    if (subscription && !wsClient) {
      return { errors: [{ message: "Subscriptions are disabled on this gateway (subscriptions.enabled)." }] };
    }
    if (subscription) socketHeaders = (options && options.headers) || {};
    var result = await graphiqlFetcher(params, options);
    if (!settings.queryPlan || isIntrospection(params)) return result;
    var name = operation && operation.name ? operation.name.value : null;
    if (subscription) {
      lastRun.set({ operationName: name, status: null, plan: null, socket: true });
      return result;
    }
    if (isAsyncIterable(result)) return recordingFirst(result, name);
    recordRun(name, result);
    return result;
  }

  function planText(plan) {
    return typeof plan === "string" ? plan : JSON.stringify(plan, null, 2);
  }

  function QueryPlanPanel() {
    var run = React.useSyncExternalStore(lastRun.subscribe, lastRun.snapshot);
    var body;
    if (run === null) {
      body = h("p", { className: "gateway-plan-note" }, "Run an operation to see its query plan.");
    } else if (run.socket) {
      body = h(
        "p",
        { className: "gateway-plan-note" },
        "Subscriptions run over the WebSocket, whose events carry no query plan."
      );
    } else if (run.plan === null) {
      body = h(
        "p",
        { className: "gateway-plan-note" },
        "The last response (HTTP " + run.status + ") carried no query plan: the operation " +
          "was refused before planning, or the gateway does not expose plans."
      );
    } else {
      body = h("pre", { className: "gateway-plan", "data-testid": "query-plan" }, planText(run.plan));
    }
    var title = run && run.operationName ? "Query plan · " + run.operationName : "Query plan";
    return h(
      "div",
      { className: "gateway-plan-panel" },
      h("div", { className: "graphiql-doc-explorer-title" }, title),
      body
    );
  }

  function PlanIcon(props) {
    // A small tree: the shape of a plan's fetch nodes.
    return h(
      "svg",
      Object.assign({ viewBox: "0 0 24 24", fill: "none", stroke: "currentColor", strokeWidth: 1.5 }, props),
      h("rect", { x: 3, y: 3, width: 7, height: 5, rx: 1 }),
      h("rect", { x: 14, y: 10, width: 7, height: 5, rx: 1 }),
      h("rect", { x: 14, y: 17, width: 7, height: 5, rx: 1 }),
      h("path", { d: "M6.5 8v11.5H14M6.5 12.5H14" })
    );
  }

  var plugins = settings.queryPlan
    ? [{ title: "Query plan", icon: PlanIcon, content: QueryPlanPanel }]
    : [];

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    h(GraphiQL, {
      fetcher: fetcher,
      plugins: plugins,
      isHeadersEditorEnabled: true,
      // Tokens typed in the headers editor stay in this tab unless the user opts in.
      shouldPersistHeaders: false,
    })
  );
})();
