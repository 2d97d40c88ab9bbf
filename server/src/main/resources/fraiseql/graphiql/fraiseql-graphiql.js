// Starts GraphiQL against the endpoint that served this page (the same path, so a reverse proxy's
// prefix is kept). ?query=, ?variables= and ?operationName= prefill the editors; the Headers tab
// carries an Authorization header for servers that verify tokens.
(function () {
  'use strict';
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: window.location.pathname });
  var props = { fetcher: fetcher, defaultEditorToolsVisibility: true };
  if (params.get('query')) {
    props.defaultQuery = params.get('query');
    props.query = params.get('query');
  }
  if (params.get('variables')) {
    props.variables = params.get('variables');
  }
  if (params.get('operationName')) {
    props.operationName = params.get('operationName');
  }
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
