// The gateway's GraphiQL page: renders GraphiQL 3 (UMD globals React, ReactDOM, GraphiQL)
// against the gateway's endpoint and, in development, a "Query plan" panel showing the plan
// the gateway put in the last response's `extensions.queryPlan`.
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

  function operationName(params) {
    // GraphiQL names the operation only when the document has several: parse it with the
    // graphql-js that GraphiQL's bundle carries to find the single one.
    if (params.operationName) return params.operationName;
    try {
      var graphql = GraphiQL.GraphQL;
      var operation = graphql.getOperationAST(graphql.parse(params.query), null);
      return operation && operation.name ? operation.name.value : null;
    } catch (error) {
      return null;
    }
  }

  async function fetcher(params, options) {
    // application/json is a non-simple content type, so the gateway's CSRF check is satisfied;
    // the headers editor's headers (e.g. Authorization) are sent as typed.
    var headers = Object.assign(
      {
        "content-type": "application/json",
        accept: "application/graphql-response+json, application/json",
      },
      (options && options.headers) || {}
    );
    var response = await fetch(settings.endpoint, {
      method: "POST",
      headers: headers,
      body: JSON.stringify(params),
      credentials: "same-origin",
    });
    var text = await response.text();
    var body;
    try {
      body = JSON.parse(text);
    } catch (error) {
      body = {
        errors: [
          { message: "The gateway answered HTTP " + response.status + " with a body that is not JSON." },
        ],
      };
    }
    if (settings.queryPlan && !isIntrospection(params)) {
      var extensions = (body && body.extensions) || {};
      lastRun.set({
        operationName: operationName(params),
        status: response.status,
        plan: extensions.queryPlan === undefined ? null : extensions.queryPlan,
      });
    }
    return body;
  }

  function planText(plan) {
    return typeof plan === "string" ? plan : JSON.stringify(plan, null, 2);
  }

  function QueryPlanPanel() {
    var run = React.useSyncExternalStore(lastRun.subscribe, lastRun.snapshot);
    var body;
    if (run === null) {
      body = h("p", { className: "gateway-plan-note" }, "Run an operation to see its query plan.");
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
