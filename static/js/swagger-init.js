/* Starts Swagger UI on the API docs page (templates/drf_spectacular/swagger_ui.html).
 *
 * drf-spectacular's own start-up script (drf_spectacular/templates/drf_spectacular/swagger_ui.js, BSD-3-Clause),
 * reading its settings from the page's data- attributes instead of being rendered inline, so that the
 * Content-Security-Policy can forbid inline scripts (docs/decisions/0010-input-hardening.md).
 */
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  const data = root.dataset;
  const parse = (text, fallback) => {
    if (!text) {
      return fallback;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      console.error("swagger-init: cannot read settings", e);
      return fallback;
    }
  };
  const swaggerSettings = parse(data.settings, {});
  const oauth2Config = parse(data.oauth2Config, null);
  const schemaAuthNames = parse(data.schemaAuthNames, []);
  let schemaAuthFailed = false;
  const plugins = [];
  let ui;

  const download = () => setTimeout(() => ui.specActions.download());
  const reloadSchemaOnAuthChange = () => ({
    statePlugins: {
      auth: {
        wrapActions: {
          authorizeOauth2: (ori) => (...args) => {
            schemaAuthFailed = false;
            download();
            return ori(...args);
          },
          authorize: (ori) => (...args) => {
            schemaAuthFailed = false;
            download();
            return ori(...args);
          },
          logout: (ori) => (...args) => {
            schemaAuthFailed = false;
            download();
            return ori(...args);
          },
        },
      },
    },
  });
  if (schemaAuthNames.length > 0) {
    plugins.push(reloadSchemaOnAuthChange);
  }

  const isSchemaUrl = (url) => ui !== undefined && url === new URL(ui.getConfigs().url, document.baseURI).href;

  const responseInterceptor = (response) => {
    if (!response.ok && isSchemaUrl(response.url)) {
      console.warn("schema request received '" + response.status + "'. disabling credentials for schema till logout.");
      if (!schemaAuthFailed) {
        // only retry once to prevent endless loop.
        schemaAuthFailed = true;
        download();
      }
    }
    return response;
  };

  const injectAuthCredentials = (request) => {
    let authorized;
    if (ui !== undefined) {
      const state = ui.getState().get("auth").get("authorized");
      if (state !== undefined && Object.keys(state.toJS()).length !== 0) {
        authorized = state.toJS();
      }
    } else if (![undefined, "{}"].includes(localStorage.authorized)) {
      authorized = JSON.parse(localStorage.authorized);
    }
    if (authorized === undefined) {
      return;
    }
    for (const authName of schemaAuthNames) {
      const authDef = authorized[authName];
      if (authDef === undefined || authDef.schema === undefined) {
        continue;
      }
      if (authDef.schema.type === "http" && authDef.schema.scheme === "bearer") {
        request.headers["Authorization"] = "Bearer " + authDef.value;
        return;
      } else if (authDef.schema.type === "http" && authDef.schema.scheme === "basic") {
        request.headers["Authorization"] = "Basic " + btoa(authDef.value.username + ":" + authDef.value.password);
        return;
      } else if (authDef.schema.type === "apiKey" && authDef.schema.in === "header") {
        request.headers[authDef.schema.name] = authDef.value;
        return;
      } else if (authDef.schema.type === "oauth2" && authDef.token.token_type === "Bearer") {
        request.headers["Authorization"] = "Bearer " + authDef.token.access_token;
        return;
      }
    }
  };

  const requestInterceptor = (request) => {
    if (request.loadSpec && schemaAuthNames.length > 0 && !schemaAuthFailed) {
      try {
        injectAuthCredentials(request);
      } catch (e) {
        console.error("schema auth injection failed with error: ", e);
      }
    }
    // selectively omit adding headers to mitigate CORS issues.
    if (!["GET", undefined].includes(request.method) && request.credentials === "same-origin") {
      request.headers[data.csrfHeaderName] = data.csrfToken;
    }
    return request;
  };

  ui = SwaggerUIBundle({
    url: data.schemaUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    plugins,
    layout: "BaseLayout",
    requestInterceptor,
    responseInterceptor,
    ...swaggerSettings,
  });
  if (oauth2Config) {
    ui.initOAuth(oauth2Config);
  }
})();
