import { RequestMethod, type INestApplication } from '@nestjs/common';
import { METHOD_METADATA, MODULE_PATH, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, ModulesContainer } from '@nestjs/core';

/** One route a controller of the application declares, as Nest maps it. */
export interface RegisteredRoute {
  /** Lower-case HTTP method, as OpenAPI spells it. */
  readonly method: string;
  /** Express form, e.g. `/bars/:symbol`. */
  readonly path: string;
  /** `Controller.method`, for messages. */
  readonly handler: string;
  readonly pathParams: readonly string[];
  /** The handler takes `@Query()` (whole or one name). */
  readonly readsQuery: boolean;
  /** The handler takes `@Body()`. */
  readonly readsBody: boolean;
}

/**
 * Every route of every controller in the application's modules, read from
 * the metadata Nest's router maps (module path of RouterModule, controller
 * path, method path and verb): what the app serves, with no list to keep.
 */
export function registeredRoutes(app: INestApplication): RegisteredRoute[] {
  const modules = app.get(ModulesContainer);
  const scanner = new MetadataScanner();
  const routes: RegisteredRoute[] = [];
  for (const module of modules.values()) {
    const modulePath: string | undefined =
      Reflect.getMetadata(MODULE_PATH + modules.applicationId, module.metatype) ??
      Reflect.getMetadata(MODULE_PATH, module.metatype);
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      const controllerPaths = asList(Reflect.getMetadata(PATH_METADATA, controller));
      for (const name of scanner.getAllMethodNames(controller.prototype)) {
        const fn = (controller.prototype as Record<string, unknown>)[name];
        if (typeof fn !== 'function') continue;
        const methodPaths: unknown = Reflect.getMetadata(PATH_METADATA, fn);
        if (methodPaths === undefined) continue;
        const verb = RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod].toLowerCase();
        const args = Object.keys(Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}).map((key) =>
          Number(key.split(':')[0]),
        );
        for (const controllerPath of controllerPaths) {
          for (const methodPath of asList(methodPaths)) {
            const path = joinPath(modulePath, controllerPath, methodPath);
            routes.push({
              method: verb,
              path,
              handler: `${controller.name}.${name}`,
              pathParams: [...path.matchAll(/:(\w+)/g)].map((match) => match[1]),
              readsQuery: args.includes(RouteParamtypes.QUERY),
              readsBody: args.includes(RouteParamtypes.BODY),
            });
          }
        }
      }
    }
  }
  return routes;
}

function asList(value: unknown): string[] {
  if (value === undefined) return ['/'];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function joinPath(...parts: (string | undefined)[]): string {
  const segments = parts.map((part) => (part ?? '').replace(/^\/+|\/+$/g, '')).filter((part) => part.length > 0);
  return `/${segments.join('/')}`;
}

/**
 * `method path` of every route the Express router of the application holds
 * (controllers' routes, and those registered on the adapter directly, such as
 * /openapi.json): the check that `registeredRoutes` reads what is served.
 */
export function expressRoutes(app: INestApplication): Set<string> {
  const express = app.getHttpAdapter().getInstance() as {
    router?: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const routes = new Set<string>();
  for (const layer of express.router?.stack ?? []) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) routes.add(`${method} ${layer.route.path}`);
  }
  return routes;
}
