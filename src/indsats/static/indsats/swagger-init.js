// Swagger UI for /api/v1/docs, from the vendored swagger-ui-dist (no CDN, no inline script).
window.addEventListener("DOMContentLoaded", function () {
  SwaggerUIBundle({
    url: document.body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
  });
});
