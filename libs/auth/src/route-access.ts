import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { ACCESS_METADATA, type AccessRule } from './access.decorators';

export interface RouteAccess {
  method: string;
  path: string;
  handler: string;
  /** Undefined when the route declares nothing: the guard refuses it. */
  access: AccessRule | undefined;
}

function joinPath(...parts: Array<string | string[] | undefined>): string {
  const segments = parts
    .flatMap((part) => (Array.isArray(part) ? part.slice(0, 1) : [part]))
    .filter((part): part is string => typeof part === 'string' && part !== '' && part !== '/')
    .map((part) => part.replace(/^\/+|\/+$/g, ''));
  return `/${segments.join('/')}`;
}

/** Every HTTP route of an app with the access rule it declares: what the route-access test walks. */
export function listRouteAccess(app: INestApplicationContext): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | undefined;
      if (!controller || !Reflect.hasMetadata(PATH_METADATA, controller)) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, controller) as string | string[];
      const classRule = Reflect.getMetadata(ACCESS_METADATA, controller) as AccessRule | undefined;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (!Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        routes.push({
          method,
          path: joinPath(prefix, Reflect.getMetadata(PATH_METADATA, handler) as string | string[]),
          handler: `${controller.name}.${name}`,
          access: (Reflect.getMetadata(ACCESS_METADATA, handler) as AccessRule | undefined) ?? classRule,
        });
      }
    }
  }
  return routes;
}
