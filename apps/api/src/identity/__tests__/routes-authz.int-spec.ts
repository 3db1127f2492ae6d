import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { TestContext } from '@academy/testing';
import { PUBLIC_KEY, ROLES_KEY } from '../auth.decorators.js';

interface Route {
  method: string;
  path: string;
  isPublic: boolean;
  roles: string[] | undefined;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((part) => part.split('/'))
    .filter(Boolean)
    .join('/');

/** Every route Nest registered, read from the controllers' metadata, so a new route is covered by itself. */
function registeredRoutes(ctx: TestContext): Route[] {
  const routes: Route[] = [];
  for (const module of ctx.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!controller) continue;
      const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const meta = <T>(key: string) =>
          (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
        routes.push({
          method,
          path: join('api', base, path),
          isPublic: meta<boolean>(PUBLIC_KEY) === true,
          roles: meta<string[]>(ROLES_KEY),
        });
      }
    }
  }
  return routes;
}

describe('every route is denied unless a role or @Public() allows it', () => {
  let ctx: TestContext;
  let routes: Route[];

  beforeAll(async () => {
    ctx = await TestContext.create();
    routes = registeredRoutes(ctx);
  });
  afterAll(() => ctx.close());

  it('finds the routes (the enumeration itself works)', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/api/auth/login', isPublic: true }),
    );
    expect(routes).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/api/users', isPublic: false, roles: ['admin'] }),
    );
  });

  it('declares either @Public() or the roles allowed on every route', () => {
    const undeclared = routes.filter((route) => !route.isPublic && !route.roles?.length);
    expect(undeclared).toEqual([]);
  });

  it('keeps the list of public routes short and deliberate', () => {
    expect(
      routes
        .filter((route) => route.isPublic)
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    ).toEqual([
      'GET /api/health',
      'GET /api/verify/:code',
      'POST /api/auth/login',
      'POST /api/auth/logout',
      'POST /api/auth/password/forgot',
      'POST /api/auth/password/set',
      'POST /api/auth/refresh',
    ]);
  });

  it('refuses an anonymous request to every non-public route with 401', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic)) {
      const url = route.path.replace(/:[A-Za-z]+/g, id);
      const response = await ctx
        .http()
        [route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete' | 'put'](url)
        .send({});
      if (response.status !== 401 || response.body?.error?.code !== 'UNAUTHENTICATED') {
        failures.push(`${route.method} ${url} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('refuses a learner on every route that does not name the learner role with 403', async () => {
    const learner = await ctx.newUser({ roles: ['learner'] });
    const agent = await ctx.login(learner);
    const id = '00000000-0000-4000-8000-000000000000';
    const failures: string[] = [];
    for (const route of routes.filter((r) => !r.isPublic && !r.roles?.includes('learner'))) {
      const url = route.path.replace(/:[A-Za-z]+/g, id);
      const response = await agent[route.method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](
        url,
      ).send({});
      if (response.status !== 403 || response.body?.error?.code !== 'FORBIDDEN') {
        failures.push(`${route.method} ${url} -> ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
