import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Every route Nest's router serves, as `METHOD /path/:param` (API.md's spelling), read from the
 * controllers' own metadata: what the app serves, whether or not the OpenAPI document shows it.
 */
export function nestRoutes(app: NestFastifyApplication): string[] {
  const routes = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const prefixes = asList(Reflect.getMetadata(PATH_METADATA, controller));
      const proto = controller.prototype as object;
      for (const name of Object.getOwnPropertyNames(proto)) {
        // Read the descriptor: a getter on a controller (its read model, say) must not run here.
        const handler = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (method === undefined || paths === undefined) continue;
        for (const prefix of prefixes) for (const p of asList(paths)) routes.add(`${RequestMethod[method]} ${joinPath(prefix, p)}`);
      }
    }
  }
  return [...routes].sort();
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [''];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function joinPath(...parts: string[]): string {
  const segments = parts.flatMap((p) => p.split('/')).filter((s) => s !== '');
  return `/${segments.join('/')}`;
}

/** `/tasks/:id/progress` with `{ id: 'x' }` → `/tasks/x/progress` (each value URL-encoded). */
export function fillPath(route: string, params: Record<string, string>, fallback = 'matrix-none'): string {
  return route.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => encodeURIComponent(params[name] ?? fallback));
}
