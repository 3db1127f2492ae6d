import helmet from 'helmet';

/** helmet's headers for the API and the web app: scripts, media and connections from this origin only. */
export const strictHeaders = helmet({
  contentSecurityPolicy: {
    directives: {
      'script-src': ["'self'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'media-src': ["'self'", 'blob:'],
      'worker-src': ["'self'", 'blob:'],
      'connect-src': ["'self'"],
    },
  },
});

/** The OpenAPI page: Swagger UI starts itself with an inline script. */
export const docsHeaders = helmet({ contentSecurityPolicy: false });
