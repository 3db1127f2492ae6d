export * from './locales.js';
export * from './roles.js';
export * from './errors.js';
export * from './organisations.js';
export * from './users.js';
export * from './auth.js';
export * from './pagination.js';
export * from './catalogue.js';
